import { execa } from "execa";
import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { BLOB_SERVICES_API_VERSION } from "../../app/adapters/azure/state-account-protection.js";
import { runDoctor } from "../../app/doctor/run-doctor.js";
import { armGet, expectAllMocksUsed, mockArm, mockLogin, STATE_GROUP, SUBSCRIPTION, testCredential } from "./support/azure-edge.js";
import { noStateContainer, testTarget } from "./support/test-target.js";

const BLOB_SERVICE = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${STATE_GROUP}/providers/Microsoft.Storage/storageAccounts/sttfstate/blobServices/default`;

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

/** A blobServices/default resource as Resource Manager answers it (2023-05-01), with the three settings given. */
function blobService(softDelete: boolean, containerSoftDelete: boolean, versioning: boolean): object {
  return {
    id: BLOB_SERVICE,
    name: "default",
    type: "Microsoft.Storage/storageAccounts/blobServices",
    properties: {
      cors: { corsRules: [] },
      deleteRetentionPolicy: softDelete ? { allowPermanentDelete: false, enabled: true, days: 30 } : { allowPermanentDelete: false, enabled: false },
      containerDeleteRetentionPolicy: containerSoftDelete ? { enabled: true, days: 7 } : { enabled: false },
      ...(versioning ? { isVersioningEnabled: true } : {}),
    },
  };
}

async function doctorWith(status: number, body: unknown) {
  const login = mockLogin(["arm"]);
  const arm = armGet(mockArm(), BLOB_SERVICE, BLOB_SERVICES_API_VERSION, status, body);
  const findings = await runDoctor(testTarget(), { credential: testCredential(), stateContainer: noStateContainer, stackDir: "." }, { checks: ["state-protection"], timeoutMs: 10_000 });
  expectAllMocksUsed(login, arm);
  return findings;
}

describe("the state account protection check", () => {
  it("passes an account set up as the README says", async () => {
    const findings = await doctorWith(200, blobService(true, true, true));
    expect(findings.map((f) => f.status)).toEqual(["pass", "pass", "pass"]);
  });

  it("names each protection that is off with the az command that turns it on", async () => {
    const findings = await doctorWith(200, blobService(false, true, false));
    expect(findings.map((f) => [f.status, f.subject])).toEqual([
      ["fail", "state account sttfstate: blob-soft-delete"],
      ["pass", expect.stringContaining("Container soft delete is on for 7 days")],
      ["fail", "state account sttfstate: versioning"],
    ]);
    // Through a real shell, as a user pastes it: every flag reaches az as its own argument.
    const { stdout } = await execa("bash", ["-c", `az() { printf '%s\\n' "$@"; }; ${findings[0]!.fix!}`]);
    expect(stdout.split("\n")).toEqual(["storage", "account", "blob-service-properties", "update", "--account-name", "sttfstate", "--resource-group", STATE_GROUP, "--enable-delete-retention", "true", "--delete-retention-days", "30"]);
    expect(findings[2]!.fix).toContain("--enable-versioning true");
  });

  it("says it could not tell, without failing, when the identity may not read the account", async () => {
    const findings = await doctorWith(403, { error: { code: "AuthorizationFailed", message: "The client does not have authorization to perform action 'Microsoft.Storage/storageAccounts/blobServices/read'." } });
    expect(findings).toEqual([expect.objectContaining({ status: "unknown", problem: expect.stringContaining("does not have authorization") })]);
  });
});

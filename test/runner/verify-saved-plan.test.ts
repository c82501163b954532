import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import type { StoredPlan } from "../../app/adapters/azure/saved-plans.js";
import { savedPlanProblem, sha256Of } from "../../app/runner/verify-saved-plan.js";
import { testSpec } from "../support/terraform-azurite/test-checkout.js";

const base = testSpec("env-alice", { storageAccount: "acct", container: "tfstate" });
const stateKey = base.terraform.backend.key;
const created = new Date("2026-11-20T10:00:00Z");

/** A plan file shaped as Terraform writes it: a zip whose `tfplan` records the backend's state key. */
function planFile(backendKey = stateKey): Buffer {
  // A fixed time: a zip records each entry's, and two builds across a second boundary would differ.
  const files = { tfplan: new TextEncoder().encode(`\u0000backend\u0000azurerm\u0000key\u0000${backendKey}\u0000`), ".terraform.lock.hcl": new Uint8Array() };
  return Buffer.from(zipSync(files, { mtime: new Date("2026-11-20T10:00:00Z") }));
}

function stored(overrides: Partial<StoredPlan> = {}, bytes = planFile()): StoredPlan {
  return { bytes, metadata: { statekey: stateKey, sha: base.sha, correlationid: "alice-plan-1-0123abcd", source: "pr-7" }, createdOn: created, ...overrides };
}

const key = `envbranch/octo-org/demo-app/alice/plans/alice-plan-1-0123abcd.tfplan`;
const ref = (bytes = planFile()) => ({ key, sha256: sha256Of(bytes) });
const at = (hours: number) => new Date(created.getTime() + hours * 3_600_000);

describe("sha256Of", () => {
  it("is the hex SHA-256 an approval records", () => {
    expect(sha256Of(Buffer.from("abc"))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});

describe("savedPlanProblem", () => {
  it("accepts the approved plan of this environment and commit within its retention", () => {
    expect(savedPlanProblem(stored(), ref(), base, at(167))).toBeNull();
  });

  it.each([
    ["another environment's plan key", () => savedPlanProblem(stored(), { ...ref(), key: key.replace("/alice/", "/prod/") }, base, at(1)), /not a saved plan of this environment/],
    ["a key that only starts like this environment's", () => savedPlanProblem(stored(), { ...ref(), key: key.replace("/plans/", "/plans/nested/") }, base, at(1)), /not a saved plan of this environment/],
    ["bytes that do not hash to the approved sha256", () => savedPlanProblem(stored({}, Buffer.concat([planFile(), Buffer.from("x")])), ref(), base, at(1)), /blob was changed after it was approved/],
    ["metadata naming another state", () => savedPlanProblem(stored({ metadata: { statekey: "envbranch/octo-org/demo-app/prod.tfstate", sha: base.sha } }), ref(), base, at(1)), /made against the state/],
    ["metadata naming another commit", () => savedPlanProblem(stored({ metadata: { statekey: stateKey, sha: "f".repeat(40) } }), ref(), base, at(1)), /plans commit fffffff/],
    ["a plan Terraform made against another backend", () => savedPlanProblem(stored({}, planFile("envbranch/octo-org/demo-app/prod.tfstate")), ref(planFile("envbranch/octo-org/demo-app/prod.tfstate")), base, at(1)), /does not name the backend state/],
    ["a file that is not a plan", () => savedPlanProblem(stored({}, Buffer.from("not a zip")), ref(Buffer.from("not a zip")), base, at(1)), /does not name the backend state/],
    ["a plan past its retention", () => savedPlanProblem(stored(), ref(), base, at(169)), /169 h old, past the retention of 168 h/],
    ["a plan of unknown age", () => savedPlanProblem(stored({ createdOn: null }), ref(), base, at(1)), /age is unknown/],
  ])("refuses %s", (_what, check, reason) => {
    expect(check()).toMatch(reason);
  });

  it("accepts a plan exactly as old as its retention, and counts an age in whole hours past it", () => {
    expect(savedPlanProblem(stored(), ref(), base, at(168))).toBeNull();
    expect(savedPlanProblem(stored(), ref(), base, at(169.9))).toBe("it is 169 h old, past the retention of 168 h (`terraform.planRetention`)");
  });

  it("names what the plan's metadata says, in full for a state and shortened for a commit, or that it says nothing", () => {
    const other = "envbranch/octo-org/demo-app/prod.tfstate";
    expect(savedPlanProblem(stored({ metadata: { statekey: other, sha: base.sha } }), ref(), base, at(1))).toBe(`it was made against the state \`${other}\`, not \`${stateKey}\``);
    expect(savedPlanProblem(stored({ metadata: { sha: base.sha } }), ref(), base, at(1))).toBe(`it was made against the state \`(unknown)\`, not \`${stateKey}\``);
    expect(savedPlanProblem(stored({ metadata: { statekey: stateKey, sha: "f".repeat(40) } }), ref(), base, at(1))).toBe(`it plans commit fffffff, not ${base.sha.slice(0, 7)}`);
    expect(savedPlanProblem(stored({ metadata: { statekey: stateKey } }), ref(), base, at(1))).toBe(`it plans commit (unknown), not ${base.sha.slice(0, 7)}`);
  });

  it("names the key and both hashes when a plan is not the one approved", () => {
    const changed = Buffer.concat([planFile(), Buffer.from("x")]);
    expect(savedPlanProblem(stored({}, changed), ref(), base, at(1))).toBe(`its sha256 is ${sha256Of(changed)}, but the approved plan's is ${sha256Of(planFile())}: the blob was changed after it was approved`);
    const elsewhere = key.replace("/alice/", "/prod/");
    expect(savedPlanProblem(stored(), { ...ref(), key: elsewhere }, base, at(1))).toBe(`\`${elsewhere}\` is not a saved plan of this environment (its plans are kept beside \`${stateKey}\`)`);
  });
});

import { describe, expect, it } from "vitest";
import { classifyTerraformFailure, errorExcerpt, isTransientInitFailure } from "../../app/runner/classify-failure.js";
import { lockFromMetadata, lockFromTerraformOutput } from "../../app/runner/lock-info.js";
import { terraformFailure } from "../../app/runner/terraform-failure.js";
import type { TerraformOutcome } from "../../app/runner/run-terraform.js";

// Terraform 1.11.4's stderr, as it printed it against Azurite through the azurerm backend (-no-color).
const LOCKED = `Acquiring state lock. This may take a few moments...

Error: Error acquiring the state lock

Error message: state blob is already locked
Lock Info:
  ID:        25a31480-5251-5e7a-2d87-b4108c4149f7
  Path:      tfstate/envbranch/o/r/alice.tfstate
  Operation: OperationTypePlan
  Who:       runner@fv-az123
  Version:   1.11.4
  Created:   2026-11-22 06:21:58.118001845 +0000 UTC
  Info:      


Terraform acquires a state lock to protect the state from being written
by multiple users at the same time. Please resolve the issue above and try
again. For most commands, you can disable locking with the "-lock=false"
flag, but this is not recommended.
`;
const STALE = `
Error: Saved plan is stale

The given plan file can no longer be applied because the state was changed by
another operation after the plan was created.
`;
const MISSING_CONTAINER = `
Error: Failed to get existing workspaces: listing blobs: executing request: unexpected status 404 (404 The specified container does not exist.) with ContainerNotFound: The specified container does not exist.
RequestId:96c15f70-5f70-4e31-8229-873be1e69ce1
Time:2026-11-22T06:22:20.288Z
`;
const BAD_KEY = `
Error: Failed to get existing workspaces: listing blobs: executing request: unexpected status 403 (403 Server failed to authenticate the request. Make sure the value of the Authorization header is formed correctly including the signature.) with AuthorizationFailure: Server failed to authenticate the request.
`;
const REFUSED = `
Error: retrieving metadata from endpoint "https://localhost:41009": performing request: Get "https://localhost:41009/metadata/endpoints?api-version=2022-09-01": dial tcp 127.0.0.1:41009: connect: connection refused
`;
const UNKNOWN_HOST = `
Error: error loading state: executing request: Get "https://nosuchaccount.blob.core.windows.net/tfstate/x.tfstate": dial tcp: lookup nosuchaccount.blob.core.windows.net on 10.255.255.53:53: no such host
`;
const SERVER_BUSY = `
Error: Failed to get existing workspaces: listing blobs: executing request: unexpected status 503 (503 The server is busy.) with ServerBusy: The server is busy.
`;

describe("classifyTerraformFailure", () => {
  it("recognises a held lock and a stale plan whatever the step", () => {
    expect(classifyTerraformFailure("plan", LOCKED)).toBe("state-locked");
    expect(classifyTerraformFailure("apply", LOCKED)).toBe("state-locked");
    expect(classifyTerraformFailure("apply", STALE)).toBe("stale-plan");
  });

  it("otherwise names the failure after the step", () => {
    expect(classifyTerraformFailure("init", MISSING_CONTAINER)).toBe("init-failed");
    expect(classifyTerraformFailure("plan", "Error: Unsupported argument")).toBe("plan-failed");
    expect(classifyTerraformFailure("show", "Error: plan file is corrupt")).toBe("plan-failed");
    expect(classifyTerraformFailure("apply", "Error: local-exec provisioner error")).toBe("apply-failed");
    expect(classifyTerraformFailure("output", "Error: oops")).toBe("terraform-failed");
  });
});

describe("isTransientInitFailure", () => {
  it("retries network trouble and server errors", () => {
    expect(isTransientInitFailure(REFUSED)).toBe(true);
    expect(isTransientInitFailure(SERVER_BUSY)).toBe(true);
  });

  it("does not retry what will fail the same way again", () => {
    expect(isTransientInitFailure(MISSING_CONTAINER)).toBe(false);
    expect(isTransientInitFailure(BAD_KEY)).toBe(false);
    expect(isTransientInitFailure(UNKNOWN_HOST)).toBe(false);
    expect(isTransientInitFailure(LOCKED)).toBe(false);
  });
});

describe("errorExcerpt", () => {
  it("keeps Terraform's error from the first Error: on, on one line", () => {
    expect(errorExcerpt(STALE)).toBe(
      "Error: Saved plan is stale The given plan file can no longer be applied because the state was changed by another operation after the plan was created.",
    );
  });

  it("strips the box drawing of coloured-less diagnostics and cuts long errors", () => {
    const boxed = "╷\n│ Error: Invalid reference\n│ \n│ A reference to a resource type must be followed by at least one attribute.\n╵\n";
    expect(errorExcerpt(boxed)).toBe("Error: Invalid reference A reference to a resource type must be followed by at least one attribute.");
    expect(errorExcerpt(`Error: ${"x".repeat(1000)}`, 50)).toHaveLength(50);
  });

  it("says so when there is nothing", () => {
    expect(errorExcerpt("")).toBe("(Terraform printed no error message)");
  });
});

describe("lock info", () => {
  it("is read from Terraform's message", () => {
    expect(lockFromTerraformOutput(LOCKED)).toEqual({
      id: "25a31480-5251-5e7a-2d87-b4108c4149f7",
      who: "runner@fv-az123",
      operation: "OperationTypePlan",
      created: "2026-11-22 06:21:58.118001845 +0000 UTC",
      path: "tfstate/envbranch/o/r/alice.tfstate",
      version: "1.11.4",
    });
    expect(lockFromTerraformOutput(STALE)).toBeNull();
  });

  it("is read from the blob's metadata, whatever the key's case", () => {
    const info = { ID: "abc", Operation: "OperationTypeApply", Info: "", Who: "alice@laptop", Version: "1.11.4", Created: "2026-11-22T06:21:58Z", Path: "tfstate/x" };
    const encoded = Buffer.from(JSON.stringify(info)).toString("base64");
    expect(lockFromMetadata({ Terraformlockid: encoded })).toMatchObject({ id: "abc", who: "alice@laptop", operation: "OperationTypeApply" });
    expect(lockFromMetadata({ terraformlockid: "not base64 json" })).toBeNull();
    expect(lockFromMetadata({})).toBeNull();
  });
});

describe("terraformFailure", () => {
  const context = { action: "plan", branch: "env-alice", stateKey: "envbranch/o/r/alice.tfstate", storageAccount: "acct", container: "tfstate", lockTimeout: "2m" };
  const outcome = (stderr: string, more: Partial<TerraformOutcome> = {}): TerraformOutcome => ({ exitCode: 1, signal: null, cancelled: false, stdout: "", stderr, durationMs: 1, ...more });

  it("names a Terraform killed by a signal, or exiting 137 as the OOM killer leaves it, as a crash with the step and the signal", () => {
    for (const killed of [{ exitCode: 137, signal: "SIGKILL" as const }, { exitCode: 137, signal: null }, { exitCode: 143, signal: "SIGTERM" as const }]) {
      const failure = terraformFailure("apply", outcome("", killed), { ...context, action: "apply" });
      expect(failure.kind).toBe("terraform-crashed");
      expect(failure.step).toBe("apply");
      expect(failure.signal).toBe(killed.signal ?? "SIGKILL");
      expect(failure.message).toContain(`Terraform was killed by ${killed.signal ?? "SIGKILL"} during \`terraform apply\``);
      expect(failure.message).toContain("out-of-memory");
    }
  });

  it("calls a run cancelled when Terraform was asked to stop, whatever it printed", () => {
    const failure = terraformFailure("plan", outcome("Error: execution halted", { cancelled: true }), context);
    expect(failure.kind).toBe("cancelled");
    expect(failure.step).toBe("plan");
    expect(failure.message).toContain("during `terraform plan`");
  });

  it("tells how to push an errored state back with `envbranch state recover`", () => {
    const failure = terraformFailure("apply", outcome("Error: Failed to save state"), { ...context, action: "apply", erroredStateFile: "errored.tfstate" });
    expect(failure.kind).toBe("apply-failed");
    expect(failure.message).toContain("`envbranch state recover errored.tfstate --branch env-alice`");
  });

  it("explains a lock: who holds it, and both ways to unlock", () => {
    const failure = terraformFailure("plan", outcome(LOCKED), context);
    expect(failure.kind).toBe("state-locked");
    expect(failure.lock?.who).toBe("runner@fv-az123");
    expect(failure.message).toContain("runner@fv-az123");
    expect(failure.message).toContain("25a31480-5251-5e7a-2d87-b4108c4149f7");
    expect(failure.message).toContain("`/envbranch unlock`");
    expect(failure.message).toContain("`envbranch run unlock --branch env-alice`");
    expect(failure.message).toContain("waited 2m");
  });

  it("explains a half-way apply: state saved, nothing rolled back, what to do", () => {
    const failure = terraformFailure("apply", outcome("Error: creating App Service: 409 Conflict"), { ...context, action: "apply" });
    expect(failure.kind).toBe("apply-failed");
    expect(failure.message).toMatch(/failed part-way/);
    expect(failure.message).toContain("saved the state of everything it did finish in the state blob `envbranch/o/r/alice.tfstate`");
    expect(failure.message).toContain("409 Conflict");
  });

  it("explains an init failure with the account, the container and Terraform's words", () => {
    const failure = terraformFailure("init", outcome(MISSING_CONTAINER), { ...context, attempts: 1 });
    expect(failure.kind).toBe("init-failed");
    expect(failure.message).toContain("`acct`");
    expect(failure.message).toContain("`tfstate`");
    expect(failure.message).toContain("ContainerNotFound");
  });
});

import { describeLock } from "./lock-info.js";
import type { FailureKind, LockInfo } from "./result-schema.js";

/** What an explanation may mention. Everything is optional: a spec may not even have been read. */
export interface ExplainContext {
  action?: string;
  branch?: string;
  stateKey?: string;
  storageAccount?: string;
  container?: string;
  /** Terraform's error, shortened (see `errorExcerpt`). */
  excerpt?: string;
  lock?: LockInfo | null;
  lockTimeout?: string;
  attempts?: number;
  planFile?: string;
  /** Where Terraform's `errored.tfstate` was kept, when it could not write state to the blob (markdown). */
  erroredStateFile?: string;
  /** The blob it was saved to beside the state, when it could be. */
  erroredStateKey?: string;
  /** The step a cancelled or crashed run stopped in. */
  step?: string | null;
  /** The signal that cancelled the run, or that killed Terraform. */
  signal?: string;
  /** Whether the state blob was still leased after a cancelled or crashed run, when the runner could tell. */
  lease?: "free" | "held" | "unknown";
  /** For runner-mismatch: this runner's package and spec versions, and the app's as the spec says. */
  versions?: { runner: string; runnerSpec: number; app: string; appSpec: string };
}

/** One paragraph for each kind of failure: what happened, what state things are in, what to do next. */
export function explainFailure(kind: FailureKind, ctx: ExplainContext): string {
  const blob = ctx.stateKey ? `the state blob \`${ctx.stateKey}\`${where(ctx)}` : "the state blob";
  const said = ctx.excerpt ? ` Terraform said: ${ctx.excerpt}` : "";
  const branchArg = ctx.branch ?? "<branch>";
  switch (kind) {
    case "runner-mismatch": {
      const v = ctx.versions;
      const versions = v ? ` (this runner is envbranch ${v.runner} and reads spec version ${v.runnerSpec}; the app is envbranch ${v.app} and rendered spec version ${v.appSpec})` : "";
      return `This runner cannot read the spec the envbranch app rendered${versions}, so nothing was run.${ctx.excerpt ? ` ${ctx.excerpt}` : ""} The repository's pinned runner and the app differ: update the \`uses: envbranch/envbranch@<sha>\` line of .github/workflows/envbranch.yml (your fork's owner in place of the first envbranch, if you run one) to a commit of envbranch ${v?.app ?? "that matches the app"}, as the README's section "Re-pinning the runner" says, then run again.`;
    }
    case "terraform-missing":
      return "Terraform is not installed: no `terraform` executable was found on PATH. In the workflow, the `hashicorp/setup-terraform` step must run before the runner; on a laptop, install the Terraform version the spec names and try again.";
    case "init-failed": {
      const tries = ctx.attempts && ctx.attempts > 1 ? ` after ${ctx.attempts} attempts` : "";
      return `\`terraform init\` could not set up the backend${tries}, so nothing was planned or changed. Check that the storage account${ctx.storageAccount ? ` \`${ctx.storageAccount}\`` : ""} exists, that its container${ctx.container ? ` \`${ctx.container}\`` : ""} was created (Terraform does not create it), and that this identity may read and write blobs there (the Storage Blob Data Contributor role, or an access key in ARM_ACCESS_KEY).${said}`;
    }
    case "state-locked": {
      const holder = ctx.lock ? ` by ${describeLock(ctx.lock)}` : " by another Terraform run";
      const waited = ctx.lockTimeout ? ` Terraform waited ${ctx.lockTimeout} for it.` : "";
      return `${cap(blob)} is locked${holder}, so nothing was changed.${waited} If that run is still working, let it finish and try again. If it died and left the lock behind, break the lock with a \`/envbranch unlock\` comment on the pull request, or locally with \`envbranch run unlock --branch ${branchArg}\`.`;
    }
    case "plan-failed":
      return `\`terraform plan\` failed, so nothing was changed and no plan was saved. Fix the configuration or the cause below and push again.${said}`;
    case "apply-failed": {
      const kept = ctx.erroredStateFile
        ? ` Terraform could not write state back to ${blob}; it kept what it knows in ${ctx.erroredStateFile}: ${recoverAdvice(ctx)}`
        : ` Terraform saved the state of everything it did finish in ${blob}; nothing was rolled back.`;
      return `\`terraform ${ctx.action === "destroy" ? "destroy" : "apply"}\` failed part-way, so the environment may be half-changed.${kept} Fix the cause below and run again: the next plan shows what is left to do.${said}`;
    }
    case "stale-plan":
      return `The saved plan${ctx.planFile ? ` \`${ctx.planFile}\`` : ""} is stale: the state changed after the plan was made (another apply ran), so Terraform refused to apply it and nothing was changed. Make a new plan, review it and approve that one.`;
    case "saved-plan-missing":
      return `The saved plan to apply${ctx.planFile ? ` (\`${ctx.planFile}\`)` : ""} does not exist, so nothing was applied. It was removed as superseded by a newer plan, or pruned after its retention: plan again (\`/envbranch plan\`), review the new plan and approve that one.`;
    case "saved-plan-rejected":
      return `The saved plan${ctx.planFile ? ` \`${ctx.planFile}\`` : ""} was refused, so nothing was applied: ${ctx.excerpt ?? "it is not the plan that was approved"}. Plan again (\`/envbranch plan\`), review the new plan and approve that one.`;
    case "state-access-failed":
      return `The runner could not read or change ${blob}.${said} Check that the account and container exist and that this identity may read and write blobs there.`;
    case "archive-failed":
      return `Destroy succeeded, but ${blob} could not be archived, so it was kept where it is (a state is only deleted after an archived copy was written and read back). Archive or delete it by hand once you have checked it.${said}`;
    case "terraform-failed":
      return `A Terraform command failed.${said}`;
    case "cancelled": {
      const by = ctx.signal ? ` by ${ctx.signal} (in GitHub Actions: the job was cancelled or hit \`timeout-minutes\`)` : "";
      const during = ctx.step ? ` during \`terraform ${ctx.step}\`` : "";
      return `The run was cancelled${by}${during}. The runner asked Terraform to stop gracefully, waited for it to save what it had done, and started no further step.${leftBehind(ctx, blob)} Whatever was not finished is not in the environment: the next plan shows what is left to do.`;
    }
    case "terraform-crashed":
      return `Terraform was killed by ${ctx.signal ?? "a signal"}${ctx.step ? ` during \`terraform ${ctx.step}\`` : ""}: most often the out-of-memory killer (give the job a bigger runner, or split the stack), otherwise something killed the process. It had no chance to save state or release its lock, so ${blob} may miss resources it created in the last moments.${leftBehind(ctx, blob)} Before running again, free the lock, then plan and compare the plan with what exists in Azure; import what the state is missing.`;
    case "invalid-spec":
    case "usage":
    case "refused":
    case "internal":
      // These carry their own message, written where the problem is found.
      return ctx.excerpt ?? `The run failed (${kind}).`;
  }
}

/** What a cancelled or crashed run left behind: the lock, and an errored state to push back. */
function leftBehind(ctx: ExplainContext, blob: string): string {
  const lock =
    ctx.lease === "free"
      ? " The state lock is released."
      : ctx.lease === "held"
        ? ` ${cap(blob)} is still locked${ctx.lock ? ` by ${describeLock(ctx.lock)}` : ""}: once no run of this environment is in progress, free it with \`/envbranch unlock\`${ctx.lock ? ` (or \`/envbranch unlock ${ctx.lock.id}\`)` : ""}.`
        : " If the next run finds the state locked, free it with `/envbranch unlock` once no run of this environment is in progress.";
  const errored = ctx.erroredStateFile ? ` Terraform could not write its state back and kept it in ${ctx.erroredStateFile}: ${recoverAdvice(ctx)}` : "";
  return `${lock}${errored}`;
}

/** How to push an errored state back: `envbranch state recover` checks lineage and serial, under the lock. */
function recoverAdvice(ctx: ExplainContext): string {
  const download = ctx.erroredStateKey
    ? `download it (\`az storage blob download --auth-mode login --account-name ${ctx.storageAccount ?? "<account>"} --container-name ${ctx.container ?? "<container>"} --name ${ctx.erroredStateKey} --file errored.tfstate\`) and `
    : "";
  return `${download}push it back before anything else runs with \`envbranch state recover errored.tfstate --branch ${ctx.branch ?? "<branch>"}\` from a checkout of the branch (it refuses a state of another lineage or an older serial, and takes the state lock).`;
}

function where(ctx: ExplainContext): string {
  if (!ctx.storageAccount) return "";
  return ctx.container ? ` in storage account \`${ctx.storageAccount}\`, container \`${ctx.container}\`` : ` \`${ctx.storageAccount}\``;
}

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

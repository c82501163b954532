import type { TokenCredential } from "@azure/core-auth";
import type { CheckName } from "../doctor/finding.js";
import type { FailureInput } from "./build-result.js";
import type { RunContext } from "./run-context.js";

/** A failed run waits this long for the checks at most, then reports what it has. */
export const DIAGNOSIS_TIMEOUT_MS = 20_000;

/** Azure's words for the failures doctor can explain, in Terraform's output or the runner's own. */
const SIGNS: readonly { checks: CheckName[]; pattern: RegExp }[] = [
  { checks: ["federated-credentials"], pattern: /AADSTS700213|AADSTS70021\b|No matching federated identity record/i },
  { checks: ["roles"], pattern: /AuthorizationFailed|does not have authorization to perform|AuthorizationPermissionMismatch/ },
  { checks: ["resource-providers"], pattern: /MissingSubscriptionRegistration|not registered to use namespace|NoRegisteredProviderFound/ },
];

/**
 * The doctor checks that may explain a failure: the state checks for any failure to reach the
 * state, and the others when Azure's error names their cause. None for anything else.
 */
export function checksFor(failure: Pick<FailureInput, "kind" | "explanation">): CheckName[] {
  const checks = new Set<CheckName>();
  if (failure.kind === "init-failed" || failure.kind === "state-access-failed") checks.add("state-storage");
  if (["init-failed", "state-access-failed", "plan-failed", "apply-failed", "terraform-failed"].includes(failure.kind)) {
    for (const sign of SIGNS) if (sign.pattern.test(failure.explanation)) sign.checks.forEach((c) => checks.add(c));
  }
  return [...checks];
}

/**
 * The failure, its explanation followed by what the relevant doctor checks found, so the app's
 * check run says what to fix. Bounded by DIAGNOSIS_TIMEOUT_MS; whatever goes wrong here, the
 * failure is returned as it was. `overrides` replace the run's Azure login and the time-out (tests).
 */
export async function diagnoseFailure(
  ctx: Pick<RunContext, "spec" | "stackDir" | "log" | "stateContainer">,
  failure: FailureInput,
  env: Record<string, string | undefined>,
  overrides: { credential?: TokenCredential; timeoutMs?: number } = {},
): Promise<FailureInput> {
  const checks = checksFor(failure);
  if (checks.length === 0) return failure;
  try {
    ctx.log.info(`running envbranch doctor's ${checks.join(", ")} checks to explain the failure`);
    // Loaded only for a failure they can explain: the storage SDK and @azure/identity are slow to load.
    const [{ runTarget }, { explainFindings, formatFindingLine }, { runDoctor }, { backendCredential }] = await Promise.all([
      import("../doctor/doctor-target.js"),
      import("../doctor/format-findings.js"),
      import("../doctor/run-doctor.js"),
      import("./state-access.js"),
    ]);
    const target = runTarget(ctx.spec, env.GITHUB_REF);
    const findings = await runDoctor(target, { credential: overrides.credential ?? (await backendCredential(ctx.spec.terraform.backend)), stateContainer: ctx.stateContainer, stackDir: ctx.stackDir }, { checks, timeoutMs: overrides.timeoutMs ?? DIAGNOSIS_TIMEOUT_MS });
    for (const finding of findings) ctx.log.info(`doctor: ${formatFindingLine(finding)}`);
    const found = explainFindings(findings);
    return found ? { ...failure, explanation: `${failure.explanation}\n\n${found}` } : failure;
  } catch (error) {
    ctx.log.info(`envbranch doctor could not run: ${error instanceof Error ? error.message : String(error)}`);
    return failure;
  }
}

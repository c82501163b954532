import { classifyTerraformFailure, errorExcerpt, terraformCrashed } from "./classify-failure.js";
import { explainFailure, type ExplainContext } from "./explain-failure.js";
import { lockFromTerraformOutput } from "./lock-info.js";
import type { StepName } from "./result-schema.js";
import { RunnerFailure } from "./runner-failure.js";
import type { TerraformOutcome } from "./run-terraform.js";

/** The failure a terraform step's non-zero exit stands for, with its paragraph, ready to throw. */
export function terraformFailure(step: StepName, outcome: TerraformOutcome, context: ExplainContext): RunnerFailure {
  // Asked to stop, Terraform exits non-zero on purpose; the signal, not its stderr, says why.
  if (outcome.cancelled) return new RunnerFailure("cancelled", step, explainFailure("cancelled", { ...context, step }));
  if (terraformCrashed(outcome)) {
    const signal = outcome.signal ?? "SIGKILL";
    return new RunnerFailure("terraform-crashed", step, explainFailure("terraform-crashed", { ...context, step, signal }), { signal });
  }
  const kind = classifyTerraformFailure(step, outcome.stderr);
  const lock = kind === "state-locked" ? lockFromTerraformOutput(outcome.stderr) : null;
  const explanation = explainFailure(kind, { ...context, lock, excerpt: errorExcerpt(outcome.stderr) });
  return new RunnerFailure(kind, step, explanation, { lock });
}

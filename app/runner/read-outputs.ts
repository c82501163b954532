import { redactOutputs, type OutputJson } from "./redact-outputs.js";
import { explainContextOf, type RunContext } from "./run-context.js";
import { terraformFailure } from "./terraform-failure.js";

/**
 * `terraform output -json` of the stack's state into the findings, sensitive values redacted.
 * It reads the state only: nothing is planned, applied or locked.
 */
export async function readOutputs(ctx: RunContext): Promise<void> {
  // Not echoed: the JSON holds sensitive values in clear.
  const outcome = await ctx.steps.terraform("output", ["output", "-json", "-no-color"], { quietStdout: true });
  if (outcome.exitCode !== 0) throw terraformFailure("output", outcome, explainContextOf(ctx));
  let parsed: OutputJson;
  try {
    parsed = JSON.parse(outcome.stdout || "{}") as OutputJson;
  } catch (error) {
    throw new Error("terraform output -json printed something that is not JSON", { cause: error });
  }
  const { values, sensitive } = redactOutputs(parsed);
  ctx.findings.outputs = values;
  ctx.findings.sensitiveOutputs = sensitive;
}

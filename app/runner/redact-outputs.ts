/** What the result shows in place of a sensitive output's value. */
export const SENSITIVE = "(sensitive)";

/** The part of `terraform output -json` this module reads. */
export type OutputJson = Record<string, { sensitive?: boolean; value?: unknown }>;

/** Output values by name, sensitive ones replaced by `(sensitive)`, and the names that were replaced. */
export function redactOutputs(outputs: OutputJson): { values: Record<string, unknown>; sensitive: string[] } {
  const values: Record<string, unknown> = {};
  const sensitive: string[] = [];
  for (const name of Object.keys(outputs).sort()) {
    const output = outputs[name]!;
    if (output.sensitive) {
      values[name] = SENSITIVE;
      sensitive.push(name);
    } else {
      values[name] = output.value ?? null;
    }
  }
  return { values, sensitive };
}

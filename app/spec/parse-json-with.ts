import type { z } from "zod";

/**
 * Parses JSON text and validates it with a schema in one step; the error names what was being read
 * (`the spec`, `the result file`) and its first problems by key path.
 */
export function parseJsonWith<S extends z.ZodType>(schema: S, json: string, what: string, invalid: string): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new Error(`${what} is not valid JSON`, { cause: error });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new Error(`${what} ${invalid}: ${problems.join("; ")}`);
  }
  return parsed.data;
}

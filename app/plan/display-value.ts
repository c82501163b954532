/**
 * Turns plan values into short display text. This is the one place a plan value becomes text, and
 * it checks Terraform's sensitivity marks first, so a sensitive value never leaves as anything but
 * `(sensitive)`.
 */

export const SENSITIVE = "(sensitive)";
export const UNKNOWN = "(known after apply)";

/** The longest value shown; longer ones are cut with an ellipsis. */
const MAX_VALUE_CHARS = 80;

/**
 * Whether a Terraform mark structure (`before_sensitive`, `after_unknown`, …) has `true` anywhere.
 * A mark is `true` for a whole value, or an object/array mirroring the value with `true` at leaves.
 */
export function hasMark(mark: unknown): boolean {
  if (mark === true) return true;
  if (mark === null || typeof mark !== "object") return false;
  for (const inner of Object.values(mark)) if (hasMark(inner)) return true;
  return false;
}

/** The mark of one attribute of an object's mark structure (`true` marks every attribute). */
export function markOf(mark: unknown, attribute: string): unknown {
  if (mark === true) return true;
  if (mark === null || typeof mark !== "object" || Array.isArray(mark)) return undefined;
  return (mark as Record<string, unknown>)[attribute];
}

/**
 * The strings and numbers under the sensitive marks of a value, as they appear inside its JSON.
 * Terraform's marks miss some copies of a secret: terraform_data's `output` echoes a sensitive
 * `input` unmarked, and Terraform 1.11 itself prints it in plain text. So a value that contains
 * one of these is treated as sensitive too.
 */
export function sensitiveTexts(value: unknown, mark: unknown, into: Set<string> = new Set()): Set<string> {
  if (mark === true) {
    collectLeaves(value, into);
  } else if (mark !== null && typeof mark === "object" && value !== null && typeof value === "object") {
    for (const [key, inner] of Object.entries(mark)) sensitiveTexts((value as Record<string, unknown>)[key], inner, into);
  }
  return into;
}

function collectLeaves(value: unknown, into: Set<string>): void {
  if (typeof value === "string" && value !== "") into.add(JSON.stringify(value).slice(1, -1));
  else if (typeof value === "number") into.add(String(value));
  else if (value !== null && typeof value === "object") for (const inner of Object.values(value)) collectLeaves(inner, into);
}

/**
 * Display text for one value: `(sensitive)` when any part of it is marked sensitive (a nested
 * secret would otherwise show through its parent) or contains one of `secrets`, `(known after
 * apply)` when any part is unknown, otherwise its JSON, shortened.
 */
export function displayValue(value: unknown, sensitiveMark: unknown, unknownMark?: unknown, secrets?: ReadonlySet<string>): string {
  if (hasMark(sensitiveMark)) return SENSITIVE;
  if (hasMark(unknownMark)) return UNKNOWN;
  const text = JSON.stringify(value ?? null);
  for (const secret of secrets ?? []) if (text.includes(secret)) return SENSITIVE;
  return shorten(text, MAX_VALUE_CHARS);
}

/** Cuts text to at most `max` characters, ending in "…", without splitting a surrogate pair. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut)}…`;
}

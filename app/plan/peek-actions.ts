/**
 * Reads a resource change's action list without parsing the change, for the many changes a large
 * plan's summary only counts. Terraform writes `terraform show -json` compactly, with `change`
 * after the element's scalar fields and `actions` first within it, so the actions sit in the
 * first `"change":{"actions":[…]`. A match inside a string is impossible (its quotes would be
 * escaped); one inside a nested object is ruled out by checking that nothing before it opens one.
 * Anything else (other layouts, an import, which is counted from `change.importing`) returns null,
 * and the caller parses the change in full.
 */
const ACTIONS = /"change":\{"actions":\[([^\]]*)\]/;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The action list of one `resource_changes` element in Terraform's layout, or null when unsure. */
export function peekActions(json: string): string[] | null {
  const match = ACTIONS.exec(json);
  if (!match || !atTopLevel(json, match.index) || json.includes('"importing":')) return null;
  try {
    const actions = JSON.parse(`[${match[1]}]`) as unknown;
    return Array.isArray(actions) && actions.every((a) => typeof a === "string") ? actions : null;
  } catch {
    return null;
  }
}

/** Whether `index` is directly inside the element's own object: no bracket opens before it outside strings. */
function atTopLevel(json: string, index: number): boolean {
  let opened = 0;
  for (let i = 0; i < index; i++) {
    const c = json.charCodeAt(i);
    if (c === QUOTE) {
      for (i += 1; i < index && json.charCodeAt(i) !== QUOTE; i += 1) if (json.charCodeAt(i) === BACKSLASH) i += 1;
    } else if (c === 0x7b || c === 0x5b) {
      opened += 1;
      if (opened > 1) return false;
    }
  }
  return opened === 1;
}

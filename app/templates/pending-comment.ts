import { inlineCode } from "./markdown.js";

/** Marks a sticky comment that shows a run under way; its folded previous plan is carried over as it is. */
export const PENDING_MARKER = "<!-- envbranch-pending -->";

const FOLD_START = "<details><summary>Previous";

/** The sticky comment while a run is under way: what runs, and the previous plan folded below. */
export function pendingCommentBody(action: string, environment: string, sha: string, previous: string | null, limit: number): string {
  const current = `${PENDING_MARKER}\n### envbranch ${inlineCode(action)} of ${inlineCode(environment)} at ${inlineCode(sha.slice(0, 7))}: running\n\nThe result will replace this message when the workflow run finishes.`;
  const older = previousFold(previous, limit - current.length - 200);
  return older ? `${current}\n\n${older}` : current;
}

/**
 * The folded "Previous" section for a new body: a pending body's own fold carries over unchanged (it
 * is the last real result); a finished body is folded itself. Never nests, so the comment stays bounded.
 */
export function previousFold(previous: string | null, room: number): string {
  if (!previous || room < 500) return "";
  const withoutMarker = previous.replace(/^<!-- envbranch-plan: [^\n]*-->\n/, "");
  const foldAt = withoutMarker.indexOf(FOLD_START);
  if (withoutMarker.startsWith(PENDING_MARKER)) {
    return foldAt >= 0 && withoutMarker.length - foldAt <= room ? withoutMarker.slice(foldAt) : "";
  }
  const own = foldAt >= 0 ? withoutMarker.slice(0, foldAt).trimEnd() : withoutMarker;
  const text = own.length > room - 60 ? `${own.slice(0, room - 80)}\n\n… (cut)` : own;
  return `${FOLD_START}</summary>\n\n${text}\n\n</details>`;
}

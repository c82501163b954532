import type { TickCommand } from "../templates/dashboard-body.js";

/** A dashboard checkbox someone ticked: its command, the environment's slug and the whole line, as the app rendered them. */
export interface Tick {
  command: TickCommand;
  slug: string;
  /** The unticked line, which names the branch too: two branches can share a slug (a collision). */
  line: string;
}

const KEY = /<!-- envbranch:tick:(plan|destroy):([a-z0-9-]{1,64}) -->$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * The boxes ticked by one edit of the dashboard: a box counts only when the app's own render has its
 * line, the body before the edit (`from`) has that exact line unticked, and the body after (`to`) has
 * it ticked. Keys the app did not render (a forged line, another slug), lines in fenced code blocks and
 * boxes that were already ticked before the edit never count, so no text anyone types can run a command
 * the app did not offer. Each tick is returned once, in the order the app rendered them.
 */
export function tickedBoxes(rendered: string, from: string, to: string): Tick[] {
  const before = taskLines(from);
  const after = taskLines(to);
  return [...taskLines(rendered)].flatMap((line) => {
    const key = KEY.exec(line);
    if (!key || !line.startsWith("- [ ] ")) return [];
    const rest = line.slice("- [ ] ".length);
    return before.has(line) && (after.has(`- [x] ${rest}`) || after.has(`- [X] ${rest}`)) ? [{ command: key[1] as TickCommand, slug: key[2]!, line }] : [];
  });
}

/**
 * Whether an edit ticked any box that looks like one of the app's: a cheap first look, so an edit that
 * ticked nothing costs no reads. Only {@link tickedBoxes} against a fresh render decides what runs.
 */
export function mayHaveTicked(from: string, to: string): boolean {
  const before = taskLines(from);
  for (const line of taskLines(to)) {
    if (KEY.test(line) && /^- \[[xX]\] /.test(line) && before.has(`- [ ] ${line.slice(6)}`)) return true;
  }
  return false;
}

/** The lines of a body that GitHub can render as task list items: outside fenced code blocks, CRLF or LF. */
function taskLines(body: string): Set<string> {
  const lines = new Set<string>();
  let fence: string | null = null;
  for (const line of body.split(/\r?\n/)) {
    const opened = FENCE.exec(line)?.[1];
    if (fence !== null) {
      // A fence closes only with the same character, at least as long, and nothing after it.
      if (opened && opened[0] === fence[0] && opened.length >= fence.length && line.trim() === opened) fence = null;
      continue;
    }
    if (opened) fence = opened;
    else if (line.startsWith("- [")) lines.add(line);
  }
  return lines;
}

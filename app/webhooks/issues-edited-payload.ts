import { z } from "zod";
import { GITHUB_TEXT_LIMIT } from "../plan/render-summary.js";
import { payloadProblem } from "./payload-problem.js";

const name = z.string().regex(/^[A-Za-z0-9._-]{1,100}$/);
const account = z.object({ login: z.string().min(1).max(100), type: z.string() });
// GitHub counts the limit in characters it may store as more UTF-16 units; a body far past it is not GitHub's.
const body = z.string().max(GITHUB_TEXT_LIMIT * 2);

/**
 * The fields of an `issues.edited` webhook the dashboard's checkboxes read, checked before any GitHub
 * call. `changes.body` is absent when only the title changed; the issue's author and app are what tell
 * this app's dashboard from a look-alike.
 */
const issuesEditedSchema = z.object({
  action: z.literal("edited"),
  changes: z.object({ body: z.object({ from: body }).optional() }),
  issue: z.object({
    number: z.number().int().positive(),
    body: body.nullable(),
    state: z.string(),
    labels: z.array(z.object({ name: z.string() })).default([]),
    user: account.nullable(),
    performed_via_github_app: z.object({ id: z.number() }).nullable().optional(),
    pull_request: z.unknown().optional(),
  }),
  sender: account,
  repository: z.object({ name, full_name: z.string(), html_url: z.string().url(), default_branch: z.string().min(1), owner: z.object({ login: name, type: z.string() }) }),
});

export type IssuesEditedPayload = z.infer<typeof issuesEditedSchema>;

/** The edited issue's payload, or why it is not one envbranch can act on. */
export function readIssuesEditedPayload(payload: unknown): { ok: true; edit: IssuesEditedPayload } | { ok: false; reason: string } {
  const parsed = issuesEditedSchema.safeParse(payload);
  if (parsed.success) return { ok: true, edit: parsed.data };
  return { ok: false, reason: payloadProblem(parsed.error) };
}

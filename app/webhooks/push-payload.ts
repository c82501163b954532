import { z } from "zod";
import { payloadProblem } from "./payload-problem.js";

const name = z.string().regex(/^[A-Za-z0-9._-]{1,100}$/);
const files = z.array(z.string()).optional();

/**
 * The fields of a push webhook the push handler reads, checked before any GitHub call: a payload
 * that is not shaped like GitHub's (a signed but broken or hostile one) is dropped with its reason
 * instead of failing half-way.
 */
const pushPayloadSchema = z.object({
  ref: z.string().max(1024),
  before: z.string(),
  after: z.string(),
  created: z.boolean(),
  deleted: z.boolean(),
  forced: z.boolean(),
  commits: z.array(z.object({ added: files, removed: files, modified: files })),
  repository: z.object({ name, full_name: z.string(), owner: z.object({ login: name }) }),
  sender: z.object({ login: z.string() }),
  pusher: z.object({ name: z.string() }),
});

export type PushPayload = z.infer<typeof pushPayloadSchema>;

/** The push payload, or why it is not one envbranch can act on. */
export function readPushPayload(payload: unknown): { ok: true; push: PushPayload } | { ok: false; reason: string } {
  const parsed = pushPayloadSchema.safeParse(payload);
  if (parsed.success) return { ok: true, push: parsed.data };
  return { ok: false, reason: payloadProblem(parsed.error) };
}

import { z } from "zod";
import { payloadProblem } from "./payload-problem.js";

const name = z.string().regex(/^[A-Za-z0-9._-]{1,100}$/);
const repository = z.object({ name, full_name: z.string().regex(/^[A-Za-z0-9._-]{1,100}\/[A-Za-z0-9._-]{1,100}$/) });

/**
 * The fields of `installation.created` and `installation_repositories.added` the onboarding reads:
 * the permissions the owner granted and the repositories the app may now act on.
 */
const installationPayloadSchema = z.object({
  installation: z.object({ id: z.number().int().positive(), permissions: z.record(z.string(), z.string()) }),
  repositories: z.array(repository).optional(),
  repositories_added: z.array(repository).optional(),
  sender: z.object({ login: z.string() }),
});

/** What an installation delivery says: the granted permissions and the repositories, by owner and name. */
export interface InstallationPayload {
  permissions: Readonly<Record<string, string>>;
  repositories: Array<{ owner: string; name: string }>;
  /** Who installed the app or added the repositories. */
  installer: string;
}

/** The installation payload, or why it is not one envbranch can act on. */
export function readInstallationPayload(payload: unknown): { ok: true; installation: InstallationPayload } | { ok: false; reason: string } {
  const parsed = installationPayloadSchema.safeParse(payload);
  if (!parsed.success) {
    return { ok: false, reason: payloadProblem(parsed.error) };
  }
  const listed = parsed.data.repositories_added ?? parsed.data.repositories ?? [];
  const repositories = listed.map((r) => ({ owner: r.full_name.split("/")[0]!, name: r.name }));
  return { ok: true, installation: { permissions: parsed.data.installation.permissions, repositories, installer: parsed.data.sender.login } };
}

import type { Context } from "probot";
import type { AppDeps } from "../app-deps.js";
import { missingPermissions } from "../decisions/decide-onboarding.js";
import { eventLog } from "../logging/event-log.js";
import { readInstallationPayload } from "../webhooks/installation-payload.js";
import { onboardRepository } from "./onboard-repository.js";
import { reportErrors } from "./report-errors.js";

/**
 * The app was installed, or given more repositories: each repository without a config gets one
 * onboarding pull request, if the installation may write it. One repository's failure is logged
 * and does not keep the others from theirs.
 */
export async function handleInstallation(context: Context<"installation.created" | "installation_repositories.added">, deps: AppDeps): Promise<void> {
  const read = readInstallationPayload(context.payload);
  if (!read.ok) return eventLog(context, "(unknown)").warn(`installation payload not usable, ignored: ${read.reason}`);
  const { permissions, repositories, installer } = read.installation;
  const missing = missingPermissions(permissions);
  // Without them the app could not write the branch: it opens nothing, and pushes say what to set up.
  if (missing.length > 0) return eventLog(context, repositories.map((r) => `${r.owner}/${r.name}`).join(",")).info({ missing }, `no onboarding pull request: not granted ${missing.join(", ")}`);
  const botLogin = await deps.botLogin();
  for (const repository of repositories) {
    const log = eventLog(context, `${repository.owner}/${repository.name}`);
    await reportErrors(log, () => onboardRepository({ octokit: context.octokit, log, repository, botLogin, person: installer }));
  }
}

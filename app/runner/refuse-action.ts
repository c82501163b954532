import type { Action } from "../spec/spec-schema.js";

/** Actions that change or unlock an environment; inside GitHub Actions only the app may start them. */
export const PRIVILEGED_ACTIONS: readonly Action[] = ["apply", "destroy", "unlock", "restore"];

/** The app's bot login when the workflow does not set `ENVBRANCH_BOT_LOGIN`. */
export const DEFAULT_BOT_LOGIN = "envbranch[bot]";

/**
 * Why this action must not run here, or null when it may. Inside GitHub Actions
 * (`GITHUB_ACTIONS=true`), apply, destroy, unlock and restore run only when the workflow run was triggered
 * by the app's bot account: anyone with write access can dispatch the workflow by hand, but only
 * the app checks approvals first. `GITHUB_TRIGGERING_ACTOR` is the one who started this attempt
 * (a re-run by a person is that person), falling back to `GITHUB_ACTOR`. Logins compare
 * case-insensitively, as GitHub treats them. Outside Actions (a laptop) nothing is refused: a
 * developer with credentials to the state could run Terraform directly anyway.
 */
export function refusalReason(action: Action, env: Record<string, string | undefined>): string | null {
  if (env.GITHUB_ACTIONS !== "true" || !PRIVILEGED_ACTIONS.includes(action)) return null;
  const bot = env.ENVBRANCH_BOT_LOGIN || DEFAULT_BOT_LOGIN;
  const actor = env.GITHUB_TRIGGERING_ACTOR || env.GITHUB_ACTOR || "";
  if (actor.toLowerCase() === bot.toLowerCase()) return null;
  return (
    `Refused to ${action}: inside GitHub Actions only runs started by the envbranch app (${bot}) may apply, destroy, unlock or restore an environment, ` +
    `and this run was started by ${actor ? `\`${actor}\`` : "an unknown actor"}. Nothing was changed. ` +
    "Ask envbranch instead: push to the environment branch, comment `/envbranch apply` on the pull request, " +
    "delete the branch to destroy, or comment `/envbranch unlock` or `/envbranch restore <version>`."
  );
}

/** GitHub lists at most this many commits in a push payload: a push with more may touch files it does not show. */
export const PUSH_COMMITS_LISTED = 20;

/** A push to the setup branch, as the decision needs it. */
export interface SetupBranchPush {
  sender: string;
  commits: ReadonlyArray<{ added?: string[] | undefined; removed?: string[] | undefined; modified?: string[] | undefined }>;
  configPath: string;
}

export type SetupBodyDecision = { follow: true } | { follow: false; reason: string };

/**
 * Whether a push to the setup branch re-renders the onboarding pull request's body: only a push by
 * someone other than the app (its own writes were rendered when it made them) that changes the
 * config, or may have: a commit list GitHub cut short, or a commit without its file lists.
 */
export function decideSetupBody(push: SetupBranchPush, botLogin: string): SetupBodyDecision {
  if (push.sender.toLowerCase() === botLogin.toLowerCase()) return { follow: false, reason: "the app pushed it" };
  const unknown = push.commits.length >= PUSH_COMMITS_LISTED || push.commits.some((c) => !c.added || !c.removed || !c.modified);
  const touched = push.commits.some((c) => [c.added, c.removed, c.modified].some((paths) => paths?.includes(push.configPath)));
  return unknown || touched ? { follow: true } : { follow: false, reason: `the push does not change ${push.configPath}` };
}

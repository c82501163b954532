/** The installation permissions the onboarding pull request needs: writing its branch, which holds a workflow file. */
export const ONBOARDING_PERMISSIONS = { contents: "write", workflows: "write" } as const;

/** The branch the onboarding pull request comes from. */
export const SETUP_BRANCH = "envbranch/setup";

/** A pull request from the setup branch, as the decision needs it. */
export interface SetupPullRequest {
  number: number;
  state: "open" | "closed";
  /** Opened by this app's bot, not by someone who named a branch the same. */
  byApp: boolean;
}

/** What GitHub says about a repository the app was just installed on. */
export interface OnboardingFacts {
  hasConfig: boolean;
  /** Whether the setup branch exists. */
  setupBranch: boolean;
  pulls: readonly SetupPullRequest[];
}

export type OnboardingDecision = { kind: "open" } | { kind: "skip"; reason: string };

/** The permissions of `ONBOARDING_PERMISSIONS` the installation was not granted, as `name: write`. */
export function missingPermissions(permissions: Readonly<Record<string, string>>): string[] {
  return Object.entries(ONBOARDING_PERMISSIONS)
    .filter(([name, level]) => permissions[name] !== level)
    .map(([name, level]) => `${name}: ${level}`);
}

/**
 * Whether a repository gets the onboarding pull request (once the installation may write it, see
 * missingPermissions): only without a config, and only once. A setup branch, or any pull request of the
 * app's from it (a closed one means "not now"), says it was opened before: redeliveries, concurrent
 * deliveries and reinstalls open nothing more.
 */
export function decideOnboarding(facts: OnboardingFacts): OnboardingDecision {
  if (facts.hasConfig) return { kind: "skip", reason: "the repository has a config already" };
  const own = facts.pulls.find((p) => p.byApp);
  if (own) return { kind: "skip", reason: own.state === "open" ? `the onboarding pull request #${own.number} is open` : `the onboarding pull request #${own.number} was closed: not now` };
  if (facts.setupBranch) return { kind: "skip", reason: `the branch ${SETUP_BRANCH} exists` };
  return { kind: "open" };
}

/** What `/envbranch setup` does: nothing for a configured repository, else refresh the open onboarding pull request or open a new one. */
export type SetupAgainDecision = { kind: "configured" } | { kind: "refresh"; number: number } | { kind: "open" };

/** Starting again replaces the setup branch whatever it holds; a closed pull request stays closed and a new one is opened. */
export function decideSetupAgain(facts: Omit<OnboardingFacts, "setupBranch">): SetupAgainDecision {
  if (facts.hasConfig) return { kind: "configured" };
  const open = openSetupPull(facts.pulls);
  return open ? { kind: "refresh", number: open.number } : { kind: "open" };
}

/** The open onboarding pull request the app itself opened, if there is one: a closed one stays as it was closed. */
export function openSetupPull<P extends SetupPullRequest>(pulls: readonly P[]): P | undefined {
  return pulls.find((p) => p.byApp && p.state === "open");
}

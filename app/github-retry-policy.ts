import { ProbotOctokit } from "probot";

/** How many times one GitHub request is retried on a server error or a rate limit before it fails. */
export const GITHUB_RETRIES = 3;
/** A rate limit asking for a longer wait than this (seconds) fails the request instead of holding the webhook. */
export const LONGEST_RATE_LIMIT_WAIT = 8;

type LimitHandler = (retryAfter: number, options: { method?: string; url?: string; request: { retryCount: number } }, octokit: { log: { warn: (msg: string) => void } }) => boolean;

/**
 * Probot retries rate-limited requests forever by default. envbranch retries a bounded number of
 * times and only for short waits, so a webhook still gets its answer within GitHub's 10 seconds and a
 * persistent failure reaches the check run (and the delivery can be redelivered) instead of hanging.
 */
export const boundedRetry: LimitHandler = (retryAfter, options, octokit) => {
  const retry = options.request.retryCount < GITHUB_RETRIES && retryAfter <= LONGEST_RATE_LIMIT_WAIT;
  octokit.log.warn(
    `GitHub rate limit on ${options.method ?? ""} ${options.url ?? ""}: ${retry ? `retrying in ${retryAfter}s (attempt ${options.request.retryCount + 1} of ${GITHUB_RETRIES})` : "giving up"}`,
  );
  return retry;
};

/**
 * Statuses the retry plugin leaves alone: its own defaults (client errors) plus 429. GitHub's 403 and
 * 429 rate limits belong to the throttle plugin, which waits as long as `retry-after` asks and lets
 * boundedRetry decide; the retry plugin would retry a 429 again on its own, ignoring `retry-after`,
 * after the throttle plugin had given up (7 attempts instead of GITHUB_RETRIES + 1).
 */
export const NOT_RETRIED_STATUSES = [400, 401, 403, 404, 410, 422, 429, 451];

/** The Octokit the app runs with: Probot's, with bounded retries on 5xx and rate limits. */
export const EnvbranchOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { retries: GITHUB_RETRIES, doNotRetry: NOT_RETRIED_STATUSES, ...(options.retry as object | undefined) },
  throttle: { ...(options.throttle as object | undefined), onRateLimit: boundedRetry, onSecondaryRateLimit: boundedRetry },
})) as typeof ProbotOctokit;

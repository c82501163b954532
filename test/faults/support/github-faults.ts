import type { Expectation, GitHubReply, MockGitHub } from "../../support/github/mock-github.js";

/** One kind of failure GitHub answers with, as its servers send it. */
export interface GitHubFault {
  name: string;
  reply: GitHubReply;
}

/** What GitHub's API sends on a secondary rate limit (403 or 429), request id elided. */
export const SECONDARY_RATE_LIMIT_BODY = {
  message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID C8D2:3E7F:1A2B3C:4D5E6F:66A0B1C2.",
  documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
};

/** The fault classes every GitHub call of a flow is put through. */
export const GITHUB_FAULTS: readonly GitHubFault[] = [
  { name: "500", reply: { status: 500, body: { message: "Server Error" } } },
  {
    name: "502",
    // GitHub's front end answers a timed-out backend with an HTML page, not JSON.
    reply: {
      status: 502,
      body: "<!DOCTYPE html>\n<html><head><title>Unicorn! · GitHub</title></head><body><p>We had issues producing the response to your request.</p></body></html>\n",
      headers: { "content-type": "text/html; charset=utf-8" },
    },
  },
  {
    name: "403 secondary rate limit",
    reply: { status: 403, body: SECONDARY_RATE_LIMIT_BODY, headers: { "retry-after": "1", "x-ratelimit-remaining": "4321" } },
  },
  {
    name: "429 retry-after",
    reply: { status: 429, body: SECONDARY_RATE_LIMIT_BODY, headers: { "retry-after": "2", "x-ratelimit-remaining": "4321" } },
  },
];

/** Transient: the call fails once, then GitHub recovers. Persistent: every call of the operation fails. */
export type FaultMode = "transient" | "persistent";

/**
 * Declares the fault on the mock. Expectations are answered first-declared-first, so declaring it
 * right before the normal expectation of the call it targets makes exactly that call fail: once,
 * or (persistent) that call and every later call of the same operation.
 */
export function injectFault(gh: MockGitHub, operationId: string, fault: GitHubFault, mode: FaultMode): Expectation {
  return gh.on(operationId, fault.reply, mode === "transient" ? { times: 1 } : { persist: true });
}

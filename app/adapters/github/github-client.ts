import type { Context } from "probot";

/** The authenticated installation client a webhook context carries. */
export type GitHub = Context["octokit"];

/** The repository an adapter call acts on. */
export interface RepoRef {
  owner: string;
  repo: string;
}

import picomatch from "picomatch";
import type { EnvironmentPolicy } from "../config/config-schema.js";
import type { RepoConfig } from "../config/parse-config.js";
import { slugify } from "./slug.js";

/** Everything envbranch derives from a branch name and a repository's config. */
export interface Environment {
  branch: string;
  /** The branch name without the prefix, as the user wrote it. */
  name: string;
  slug: string;
  /** The GitHub deployment environment: the prefix and the slug, one per Azure environment. */
  githubEnvironment: string;
  resourceGroup: string;
  stateKey: string;
  tags: Record<string, string>;
  policy: EnvironmentPolicy;
}

export interface Repository {
  owner: string;
  name: string;
}

export type DeriveResult =
  | { ok: true; environment: Environment }
  | { ok: false; branch: string; reason: string; suggestion?: string };

const DEFAULT_POLICY: EnvironmentPolicy = {
  branch: "*",
  approval: "auto",
  applyOn: "comment",
  approvers: { permission: "write", users: [], teams: [] },
  selfApproval: false,
};

/** Whether a branch is an environment branch under this config. */
export function isEnvironmentBranch(branch: string, config: Pick<RepoConfig, "branchPrefix">): boolean {
  return branch.startsWith(config.branchPrefix);
}

/** Derives the environment of a branch, or the reason it has none that Azure would accept. */
export function deriveEnvironment(branch: string, config: RepoConfig, repository: Repository): DeriveResult {
  const name = branch.slice(config.branchPrefix.length);
  const slug = slugify(name);
  if (!slug.ok) {
    const suggestion = slug.suggestion ? `${config.branchPrefix}${slug.suggestion}` : undefined;
    return { ok: false, branch, reason: `\`${shorten(branch)}\` ${slug.reason}`, ...(suggestion ? { suggestion } : {}) };
  }
  const githubEnvironment = `${config.branchPrefix}${slug.slug}`;
  return {
    ok: true,
    environment: {
      branch,
      name,
      slug: slug.slug,
      githubEnvironment,
      resourceGroup: `rg-${config.project}-${slug.slug}`,
      stateKey: stateKeyFor(repository, slug.slug),
      tags: {
        environment: slug.slug,
        project: config.project,
        repository: `${repository.owner}/${repository.name}`,
        branch,
        "managed-by": "envbranch",
      },
      policy: matchPolicy(branch, config.environments),
    },
  };
}

/** The blob key of an environment's state; the repository keeps two repos sharing an account apart. */
export function stateKeyFor(repository: Repository, slug: string): string {
  return `envbranch/${repository.owner.toLowerCase()}/${repository.name.toLowerCase()}/${slug}.tfstate`;
}

/** The first policy whose glob matches the branch, or auto-apply. */
export function matchPolicy(branch: string, policies: readonly EnvironmentPolicy[]): EnvironmentPolicy {
  return policies.find((p) => picomatch.isMatch(branch, p.branch, { dot: true })) ?? DEFAULT_POLICY;
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

import { inlineCode } from "../templates/markdown.js";

/** A team as GitHub's membership API names it. */
export interface TeamRef {
  org: string;
  slug: string;
}

// GitHub derives slugs from team names: lowercase letters, digits, hyphens and underscores.
const SLUG = /^[a-z0-9][a-z0-9_-]*$/;

/**
 * The configured approver teams (`org/team`, `team`, or either with a leading `@` as in CODEOWNERS)
 * as (org, slug) pairs to look memberships up by, deduplicated. A bare `team` belongs to the
 * repository's owner. Teams of another organization are problems, not lookups: the app's
 * installation token can read only the owner's teams. A repository owned by a user has no teams
 * at all; the caller knows the owner's type and should not look any up then.
 */
export function resolveApproverTeams(configured: readonly string[], repoOwner: string): { teams: TeamRef[]; problems: string[] } {
  const teams: TeamRef[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const entry of configured) {
    const { org, slug } = splitTeam(entry);
    const owner = repoOwner.toLowerCase();
    if (org !== null && org !== owner) {
      problems.push(`approver team ${inlineCode(entry)} is not in the ${repoOwner} organization, and envbranch can only check teams of the organization that owns the repository.`);
    } else if (!SLUG.test(slug)) {
      problems.push(`approver team ${inlineCode(entry)} is not a team slug; use the slug from the team's address, github.com/orgs/${repoOwner}/teams/<slug>.`);
    } else if (!seen.has(slug)) {
      seen.add(slug);
      teams.push({ org: repoOwner, slug });
    }
  }
  return { teams, problems };
}

/**
 * Whether a team the actor belongs to (`org/slug`, as the membership lookup reports it) is one of
 * the configured approver teams. A configured bare `team` matches that slug in the organization it
 * was looked up in, which `resolveApproverTeams` makes the repository's owner.
 */
export function isConfiguredTeam(configured: readonly string[], memberOf: string): boolean {
  const member = splitTeam(memberOf);
  return configured.some((entry) => {
    const team = splitTeam(entry);
    return team.slug === member.slug && (team.org === null || team.org === member.org);
  });
}

function splitTeam(entry: string): { org: string | null; slug: string } {
  const name = entry.trim().replace(/^@/, "").toLowerCase();
  const slash = name.indexOf("/");
  return slash === -1 ? { org: null, slug: name } : { org: name.slice(0, slash), slug: name.slice(slash + 1) };
}

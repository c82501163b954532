import { exampleResponse } from "../../support/github/openapi.js";
import type { FakeRepo, FakeState, FakeUrls, Rest } from "./fake-state.js";

/**
 * Rewrites a recorded GitHub object for the fake: every github.com URL points at the fake's API or
 * web root, and the example's repository (`from`, "owner/name") becomes `to`. Objects and arrays
 * are copied; strings are rewritten wherever they occur.
 */
export function retarget<T>(value: T, urls: FakeUrls, from?: string, to?: string): T {
  const rewrite = (text: string): string => {
    let out = from !== undefined && to !== undefined ? text.replaceAll(`/${from}`, `/${to}`).replaceAll(`:${from}.git`, `:${to}.git`) : text;
    out = out.replaceAll("https://api.github.com", urls.api).replaceAll("https://uploads.github.com", `${urls.web}/api/uploads`);
    return out.replaceAll("https://github.com", urls.web).replaceAll("git://github.com", `git://${new URL(urls.web).host}`);
  };
  return JSON.parse(JSON.stringify(value), (_key, v: unknown) => (typeof v === "string" ? rewrite(v) : v)) as T;
}

/** A user object (GitHub's simple-user) for a login; `[bot]` logins are Bots, org owners Organizations. */
export function simpleUser(state: FakeState, login: string, type?: "User" | "Bot" | "Organization"): Rest<{ login: string; id: number; type: string }> {
  const id = state.userId(login);
  const api = `${state.urls.api}/users/${encodeURIComponent(login)}`;
  return {
    login,
    id,
    node_id: Buffer.from(`04:User${id}`).toString("base64"),
    avatar_url: `${state.urls.web}/avatars/u/${id}?v=4`,
    gravatar_id: "",
    url: api,
    html_url: `${state.urls.web}/${login.replace(/\[bot\]$/, "")}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: type ?? (login.endsWith("[bot]") ? "Bot" : ownsOrganization(state, login) ? "Organization" : "User"),
    user_view_type: "public",
    site_admin: false,
  };
}

function ownsOrganization(state: FakeState, login: string): boolean {
  return [...state.repos.values()].some((r) => r.owner.toLowerCase() === login.toLowerCase() && r.rest.owner !== undefined && (r.rest.owner as { type?: string }).type === "Organization");
}

/** The bot account an installation token acts as. */
export function botUser(state: FakeState): ReturnType<typeof simpleUser> {
  return simpleUser(state, state.app.botLogin, "Bot");
}

/** The GitHub App object (`GET /app`, `performed_via_github_app`, a check run's `app`). */
export function appObject(state: FakeState, owner: string): Rest<{ id: number; slug: string }> {
  const app = state.app;
  const base = exampleResponse("apps/get-authenticated") as Record<string, unknown>;
  return {
    ...retarget(base, state.urls),
    id: app.id,
    slug: app.slug,
    name: app.name,
    client_id: `Iv1.${app.slug}`,
    node_id: Buffer.from(`08:Integration${app.id}`).toString("base64"),
    owner: simpleUser(state, owner),
    html_url: `${state.urls.web}/apps/${app.slug}`,
    events: ["check_run", "delete", "issue_comment", "pull_request", "push", "workflow_run"],
  };
}

/** The REST repository object (`repos/get`) for a repository the test adds. */
export function repositoryObject(state: FakeState, input: { owner: string; name: string; ownerType: "User" | "Organization"; private: boolean; defaultBranch: string; id: number }): Rest<{ id: number }> {
  const example = exampleResponse("repos/get") as Record<string, unknown>;
  const fullName = `${input.owner}/${input.name}`;
  const { parent: _parent, source: _source, template_repository: _template, organization: _org, ...rest } = retarget(example, state.urls, String(example.full_name), fullName);
  const owner = simpleUser(state, input.owner, input.ownerType);
  return {
    ...rest,
    id: input.id,
    node_id: Buffer.from(`010:Repository${input.id}`).toString("base64"),
    name: input.name,
    full_name: fullName,
    owner,
    ...(input.ownerType === "Organization" ? { organization: owner } : {}),
    private: input.private,
    visibility: input.private ? "private" : "public",
    fork: false,
    default_branch: input.defaultBranch,
    // GitHub's example leaves it out, its schema requires it; an empty repository has none.
    language: null,
    permissions: { admin: false, maintain: false, push: false, triage: false, pull: true },
  };
}

/** The owner type a repository was added with. */
export function ownerType(repo: FakeRepo): "User" | "Organization" {
  return (repo.rest.owner as { type?: string } | undefined)?.type === "Organization" ? "Organization" : "User";
}

/** The `minimal-repository` GitHub embeds in workflow runs and pull requests. */
export function minimalRepository(repo: FakeRepo): Rest<{ id: number }> {
  const { permissions: _p, organization: _o, network_count: _n, subscribers_count: _s, ...rest } = repo.rest;
  return rest as Rest<{ id: number }>;
}

/** A URL under the repository's API path. */
export function repoApiUrl(state: FakeState, repo: FakeRepo, path = ""): string {
  return `${state.urls.api}/repos/${repo.fullName}${path}`;
}

/** A URL under the repository's web path. */
export function repoWebUrl(state: FakeState, repo: FakeRepo, path = ""): string {
  return `${state.urls.web}/${repo.fullName}${path}`;
}

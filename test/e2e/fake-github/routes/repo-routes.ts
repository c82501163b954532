import { exampleResponse } from "../../../support/github/openapi.js";
import { notFound, ok, paginate, repoOf, type Routes } from "../api-call.js";
import type { FakeRepo, FakeState } from "../fake-state.js";
import { HttpError } from "../http-exchange.js";
import { repoApiUrl, repoWebUrl, retarget } from "../rest-objects.js";

/** The repository itself, its branches and their refs. */
export const repoRoutes: Routes = {
  "repos/get": (call) => ok(repoOf(call).rest),

  "git/list-matching-refs": (call) => {
    const repo = repoOf(call);
    const prefix = call.params.ref ?? "";
    if (!prefix.startsWith("heads/") && !prefix.startsWith("tags/")) throw new HttpError(422, "Reference does not exist");
    return ok(branchRefs(call.state, repo).filter((r) => r.ref.startsWith(`refs/${prefix}`)));
  },

  "git/get-ref": (call) => {
    const repo = repoOf(call);
    const found = branchRefs(call.state, repo).find((r) => r.ref === `refs/${call.params.ref ?? ""}`);
    if (found === undefined) throw notFound();
    return ok(found);
  },

  "repos/list-branches": (call) => {
    const repo = repoOf(call);
    const branches = [...repo.branches.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, sha]) => ({ name, commit: { sha, url: repoApiUrl(call.state, repo, `/commits/${sha}`) }, protected: false }));
    return paginate(call, branches);
  },

  "repos/get-branch": (call) => {
    const repo = repoOf(call);
    const name = call.params.branch ?? "";
    const sha = repo.branches.get(name);
    if (sha === undefined) throw new HttpError(404, "Branch not found");
    const example = retarget(exampleResponse("repos/get-branch") as Record<string, unknown> & { commit: Record<string, unknown> }, call.state.urls);
    return ok({
      ...example,
      name,
      commit: { ...example.commit, sha, url: repoApiUrl(call.state, repo, `/commits/${sha}`), html_url: repoWebUrl(call.state, repo, `/commit/${sha}`) },
      _links: { self: repoApiUrl(call.state, repo, `/branches/${name}`), html: repoWebUrl(call.state, repo, `/tree/${name}`) },
      protected: false,
      protection: { enabled: false, required_status_checks: { enforcement_level: "off", contexts: [], checks: [] } },
      protection_url: repoApiUrl(call.state, repo, `/branches/${name}/protection`),
    });
  },
};

/** The git refs of a repository's branches, sorted as GitHub sorts them. */
function branchRefs(state: FakeState, repo: FakeRepo) {
  return [...repo.branches.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, sha]) => ({
      ref: `refs/heads/${name}`,
      node_id: Buffer.from(`03:Ref${repo.rest.id}:refs/heads/${name}`).toString("base64"),
      url: repoApiUrl(state, repo, `/git/refs/heads/${name}`),
      object: { type: "commit", sha, url: repoApiUrl(state, repo, `/git/commits/${sha}`) },
    }));
}

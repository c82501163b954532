import { intParam, notFound, ok, paginate, queryValue, repoOf, type ApiCall, type Routes } from "../api-call.js";
import type { PullRecord } from "../fake-state.js";

/** Pull requests (get; list by state, head `owner:branch`, base, sorted) and their reviews. */
export const pullRoutes: Routes = {
  "pulls/get": (call) => ok(findPull(call).rest),

  "pulls/list": (call) => {
    const state = queryValue(call, "state") ?? "open";
    const head = queryValue(call, "head");
    const base = queryValue(call, "base");
    const sort = queryValue(call, "sort") ?? "created";
    // GitHub's default direction: desc for `created`, asc for the other sorts.
    const ascending = (queryValue(call, "direction") ?? (sort === "created" ? "desc" : "asc")) === "asc";
    const sortKey = sort === "updated" ? "updated_at" : "created_at";
    const pulls = [...repoOf(call).pulls.values()]
      .map((p) => p.rest)
      .filter((p) => (state === "all" || p.state === state) && (head === undefined || p.head.label === head) && (base === undefined || p.base.ref === base))
      .sort((a, b) => (String(a[sortKey]).localeCompare(String(b[sortKey])) || a.id - b.id) * (ascending ? 1 : -1));
    return paginate(call, pulls);
  },

  "pulls/list-reviews": (call) => paginate(call, findPull(call).reviews),
};

function findPull(call: ApiCall): PullRecord {
  const pull = repoOf(call).pulls.get(intParam(call, "pull_number"));
  if (pull === undefined) throw notFound();
  return pull;
}

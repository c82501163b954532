import type { GitHub } from "./github-client.js";
import { isStatus } from "./load-config.js";
import type { ReadCache } from "./read-cache.js";

/**
 * The reads that come back unchanged often enough to be worth revalidating: the config files (on
 * every event of a repository), the environment branches (read before a push's dispatch and again
 * after it, to see whether a newer commit was pushed in between) and a commit's check runs (an
 * approval reads the plan's, then the run's key is looked up in the same listing).
 */
const REVALIDATED_ROUTES: ReadonlySet<string> = new Set([
  "/repos/{owner}/{repo}/contents/{path}",
  "/repos/{owner}/{repo}/git/matching-refs/{ref}",
  "/repos/{owner}/{repo}/commits/{ref}/check-runs",
]);

/**
 * Makes the client's revalidated reads conditional: each carries the ETag of the answer kept for it,
 * and when GitHub answers 304 the kept answer is returned as though it had come again. A 304 does not
 * count against the rate limit ("Use conditional requests if appropriate",
 * https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api), and
 * GitHub decides whether the answer changed, so a config pushed a moment ago is read at once.
 * `scope` keeps installations apart; GitHub's ETags also differ by token (eclipse-csi/otterdog#201).
 */
export function revalidateReads(octokit: GitHub, cache: ReadCache, scope: string): void {
  octokit.hook.wrap("request", async (request, options) => {
    if (options.method !== "GET" || !REVALIDATED_ROUTES.has(options.url)) return request(options);
    const { url, headers } = octokit.request.endpoint.parse(options);
    const key = `${scope} ${url} ${headers.accept ?? ""}`;
    const kept = cache.get(key);
    // Every hook of one request shares its options: the header is set on them, as auth hooks set theirs.
    if (kept) options.headers["if-none-match"] = kept.etag;
    try {
      const response = await request(options);
      const etag = response.headers.etag;
      if (etag) cache.set(key, { etag, status: response.status, url: response.url, headers: response.headers, data: response.data });
      else cache.drop(key);
      return response;
    } catch (error) {
      if (kept && isStatus(error, 304)) {
        // The 304's own date: callers read GitHub's clock from an answer's Date header.
        const fresh = (error as { response?: { headers?: Record<string, string | undefined> } }).response?.headers ?? {};
        return { status: kept.status, url: kept.url, headers: { ...kept.headers, ...(fresh.date ? { date: fresh.date } : {}) }, data: kept.data };
      }
      if (isStatus(error, 404)) cache.drop(key);
      throw error;
    }
  });
}

import type { Identity } from "./app-authority.js";
import type { FakeRepo, FakeState } from "./fake-state.js";
import { HttpError, type Reply } from "./http-exchange.js";

/** A validated API request as a route sees it. */
export interface ApiCall {
  state: FakeState;
  operationId: string;
  method: string;
  path: string;
  params: Record<string, string>;
  query: Record<string, string | string[]>;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
  identity: Identity;
  /** The repository named by `{owner}/{repo}`, when the path has them and the installation may see it. */
  repo: FakeRepo | undefined;
}

/** A route: answers one operation of GitHub's REST API from the fake's state. */
export type Route = (call: ApiCall) => Reply | Promise<Reply>;

/** Routes by operationId. */
export type Routes = Record<string, Route>;

/** The call's repository; routes of repository operations only run once the pipeline found it. */
export function repoOf(call: ApiCall): FakeRepo {
  if (call.repo === undefined) throw new Error(`${call.operationId} has no repository in its path`);
  return call.repo;
}

/** A path parameter that GitHub declares an integer. */
export function intParam(call: ApiCall, name: string): number {
  const value = Number(call.params[name]);
  if (!Number.isInteger(value)) throw new HttpError(404, "Not Found");
  return value;
}

/** A query parameter's (first) value. */
export function queryValue(call: ApiCall, name: string): string | undefined {
  const value = call.query[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The JSON body as an object (the contract checker already validated its shape). */
export function bodyOf<T extends object>(call: ApiCall): Partial<T> {
  return typeof call.body === "object" && call.body !== null ? (call.body as Partial<T>) : {};
}

/** A 200 reply. */
export function ok(body: unknown): Reply {
  return { status: 200, body };
}

/** A 201 reply. */
export function created(body: unknown): Reply {
  return { status: 201, body };
}

/** A 204 reply. */
export function noContent(): Reply {
  return { status: 204 };
}

/** GitHub's 404, which it also gives for things the caller may not see. */
export function notFound(): HttpError {
  return new HttpError(404, "Not Found");
}

/**
 * One page of `items` as GitHub pages lists (`per_page` default 30, max 100; `page` from 1), with
 * the `link` header Octokit's paginate follows. `wrap` puts the page in a `{ total_count, … }` body.
 */
export function paginate<T>(call: ApiCall, items: T[], wrap?: (page: T[], total: number) => unknown): Reply {
  const perPage = Math.min(Number(queryValue(call, "per_page") ?? 30) || 30, 100);
  const page = Math.max(Number(queryValue(call, "page") ?? 1) || 1, 1);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const links: string[] = [];
  const pageUrl = (n: number) => {
    const url = new URL(`${call.state.urls.api}${call.path}`);
    for (const [name, value] of Object.entries(call.query)) if (name !== "page") url.searchParams.set(name, String(value));
    url.searchParams.set("page", String(n));
    return url.toString();
  };
  if (page < last) links.push(`<${pageUrl(page + 1)}>; rel="next"`, `<${pageUrl(last)}>; rel="last"`);
  if (page > 1) links.push(`<${pageUrl(1)}>; rel="first"`, `<${pageUrl(page - 1)}>; rel="prev"`);
  return { status: 200, body: wrap ? wrap(slice, items.length) : slice, headers: links.length > 0 ? { link: links.join(", ") } : {} };
}

/** Items newest first (by id, as GitHub's lists of runs, deployments and check runs are). */
export function newestFirst<T>(items: T[], id: (item: T) => number): T[] {
  return [...items].sort((a, b) => id(b) - id(a));
}

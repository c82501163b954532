import { createHash } from "node:crypto";
import { notFound, ok, queryValue, repoOf, type ApiCall, type Routes } from "../api-call.js";
import type { FakeRepo } from "../fake-state.js";
import { HttpError } from "../http-exchange.js";
import { repoApiUrl, repoWebUrl } from "../rest-objects.js";

/**
 * The contents API over the files the test put on each branch. With a raw media type
 * (`application/vnd.github.raw`, or Octokit's `…v3.raw`) a file comes back as its text, as
 * Probot's config loader asks for it; otherwise as GitHub's JSON with base64 content. A directory
 * lists its entries; anything else is 404.
 */
export const contentRoutes: Routes = {
  "repos/get-content": (call) => {
    const repo = repoOf(call);
    const branch = branchFor(repo, queryValue(call, "ref"));
    const files = repo.files.get(branch) ?? new Map<string, string>();
    const path = (call.params.path ?? "").replace(/^\/+|\/+$/g, "");
    const text = files.get(path);
    if (text !== undefined) {
      if (wantsRaw(call)) return { status: 200, body: text, headers: { "content-type": "text/plain; charset=utf-8" } };
      return ok(fileEntry(call, repo, branch, path, text, true));
    }
    const children = [...files.entries()].filter(([name]) => path === "" || name.startsWith(`${path}/`));
    if (children.length === 0) throw notFound();
    const listed = new Map<string, Record<string, unknown>>();
    for (const [name, content] of children) {
      const rest = name.slice(path === "" ? 0 : path.length + 1);
      const [first = "", ...deeper] = rest.split("/");
      const childPath = path === "" ? first : `${path}/${first}`;
      listed.set(childPath, deeper.length === 0 ? fileEntry(call, repo, branch, childPath, content, false) : dirEntry(call, repo, branch, childPath));
    }
    return ok([...listed.values()]);
  },
  /** A branch head's tree (by its commit SHA, which GitHub accepts for a tree), flat: every file a blob. */
  "git/get-tree": (call) => {
    const repo = repoOf(call);
    const sha = call.params.tree_sha ?? "";
    const files = repo.files.get(branchFor(repo, sha)) ?? new Map<string, string>();
    const tree = [...files.entries()].map(([path, text]) => ({ path, mode: "100644", type: "blob", sha: blobSha(text), size: Buffer.byteLength(text), url: repoApiUrl(call.state, repo, `/git/blobs/${blobSha(text)}`) }));
    return ok({ sha, url: repoApiUrl(call.state, repo, `/git/trees/${sha}`), tree, truncated: false });
  },
  /** A blob of any branch's files, by its git SHA, base64 as GitHub sends it. */
  "git/get-blob": (call) => {
    const repo = repoOf(call);
    const sha = call.params.file_sha ?? "";
    const text = [...repo.files.values()].flatMap((files) => [...files.values()]).find((content) => blobSha(content) === sha);
    if (text === undefined) throw notFound();
    return ok({ sha, node_id: `B_${sha}`, size: Buffer.byteLength(text), url: repoApiUrl(call.state, repo, `/git/blobs/${sha}`), content: Buffer.from(text, "utf8").toString("base64"), encoding: "base64" });
  },
};

/** The branch a `ref` names (a branch, `heads/…`, or the SHA of a branch head); none means the default branch. */
function branchFor(repo: FakeRepo, ref: string | undefined): string {
  if (ref === undefined) return repo.defaultBranch;
  const name = ref.replace(/^refs\//, "").replace(/^heads\//, "");
  if (repo.branches.has(name)) return name;
  const bySha = [...repo.branches.entries()].find(([, sha]) => sha === ref)?.[0];
  if (bySha !== undefined) return bySha;
  throw new HttpError(404, `No commit found for the ref ${ref}`);
}

function wantsRaw(call: ApiCall): boolean {
  const accept = call.headers.accept;
  return /vnd\.github(?:\.v3)?\.raw/.test(Array.isArray(accept) ? accept.join(",") : (accept ?? ""));
}

/** The git blob SHA of a text, as GitHub reports it. */
function blobSha(text: string): string {
  const bytes = Buffer.from(text, "utf8");
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

function fileEntry(call: ApiCall, repo: FakeRepo, branch: string, path: string, text: string, withContent: boolean): Record<string, unknown> {
  const sha = blobSha(text);
  const links = entryLinks(call, repo, branch, path, `/git/blobs/${sha}`, "blob");
  const base64 = Buffer.from(text, "utf8").toString("base64").replace(/(.{60})/g, "$1\n");
  return {
    type: "file",
    name: path.split("/").at(-1),
    path,
    sha,
    size: Buffer.byteLength(text),
    ...links,
    download_url: `${call.state.urls.web}/raw/${repo.fullName}/${branch}/${path}`,
    ...(withContent ? { encoding: "base64", content: base64 } : {}),
  };
}

function dirEntry(call: ApiCall, repo: FakeRepo, branch: string, path: string): Record<string, unknown> {
  const sha = createHash("sha1").update(`tree:${path}`).digest("hex");
  return { type: "dir", name: path.split("/").at(-1), path, sha, size: 0, ...entryLinks(call, repo, branch, path, `/git/trees/${sha}`, "tree"), download_url: null };
}

function entryLinks(call: ApiCall, repo: FakeRepo, branch: string, path: string, gitPath: string, kind: "blob" | "tree") {
  const url = repoApiUrl(call.state, repo, `/contents/${path}?ref=${encodeURIComponent(branch)}`);
  const git_url = repoApiUrl(call.state, repo, gitPath);
  const html_url = repoWebUrl(call.state, repo, `/${kind}/${branch}/${path}`);
  return { url, git_url, html_url, _links: { self: url, git: git_url, html: html_url } };
}

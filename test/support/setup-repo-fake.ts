import { exampleResponse } from "./github/openapi.js";
import type { Expectation, MockGitHub } from "./github/mock-github.js";
import { TEST_BOT_LOGIN } from "./app-under-test.js";

const HEAD = "c".repeat(40);
const TREE = "d".repeat(40);
const blobSha = (i: number) => i.toString(16).padStart(40, "0");

/** A pull request from the setup branch as GitHub lists it. */
interface FakePull {
  number: number;
  state: "open" | "closed";
  user: string;
  body: string;
}

/**
 * A repository as the onboarding sees it through the Git Data and pull request APIs, answering
 * from its state so that a later delivery sees what an earlier one wrote: its branches, its
 * pull requests from `envbranch/setup`, the default branch's files.
 */
export class SetupRepoFake {
  readonly refs = new Map<string, string>();
  readonly pulls: FakePull[] = [];
  readonly created: Record<string, Expectation> = {};

  constructor(
    private readonly gh: MockGitHub,
    private readonly files: Record<string, string>,
    readonly owner = "Codertocat",
    readonly repo = "Space",
  ) {}

  private get base(): string {
    return `/repos/${this.owner}/${this.repo}`;
  }

  /** The reads of one or more onboarding attempts: pull requests, the setup branch, the default branch's tree. */
  expectReads(options: { setupRef?: boolean } = {}): void {
    const paths = Object.keys(this.files).sort();
    this.expectPullList();
    if (options.setupRef !== false) this.gh.on(`GET ${this.base}/git/ref/{ref}`, (call) => {
      const sha = this.refs.get(decodeURIComponent(call.params.ref!));
      return sha ? { status: 200, body: { ...(exampleResponse("git/get-ref") as object), ref: `refs/${call.params.ref}`, object: { sha, type: "commit", url: "https://api.github.com/x" } } } : { status: 404, body: { message: "Not Found" } };
    }, { persist: true });
    this.gh.on(`GET ${this.base}`, { status: 200, body: { ...(exampleResponse("repos/get") as object), name: this.repo, default_branch: "main" } }, { persist: true });
    this.gh.on(`GET ${this.base}/branches/main`, () => {
      const example = exampleResponse("repos/get-branch") as { commit: { commit: Record<string, unknown> } };
      return { status: 200, body: { ...example, name: "main", commit: { ...example.commit, sha: HEAD, commit: { ...example.commit.commit, tree: { sha: TREE, url: "https://api.github.com/x" } } } } };
    }, { persist: true });
    this.gh.on(`GET ${this.base}/git/trees/${TREE}?recursive=1`, {
      status: 200,
      body: { sha: TREE, url: "https://api.github.com/x", truncated: false, tree: paths.map((path, i) => ({ path, mode: "100644", type: "blob", sha: blobSha(i), size: this.files[path]!.length, url: "https://api.github.com/x" })) },
    }, { persist: true });
  }

  /** The list of the pull requests from the setup branch, answered from `pulls` as they are at each read. */
  expectPullList(): void {
    this.gh.on(`GET ${this.base}/pulls`, (call) => {
      if (call.query.head !== `${this.owner}:envbranch/setup` || call.query.state !== "all") throw new Error(`unexpected pull request query ${JSON.stringify(call.query)}`);
      const example = (exampleResponse("pulls/list") as Array<Record<string, unknown>>)[0]!;
      return { status: 200, body: this.pulls.map((p) => ({ ...example, number: p.number, state: p.state, body: p.body, user: { ...(example.user as object), login: p.user, type: p.user.endsWith("[bot]") ? "Bot" : "User" } })) };
    }, { persist: true });
  }

  /** The blob reads of the files the generator asks for. */
  expectBlobReads(): void {
    const paths = Object.keys(this.files).sort();
    this.gh.on(`GET ${this.base}/git/blobs/{file_sha}`, (call) => {
      const path = paths[parseInt(call.params.file_sha!, 16)]!;
      return { status: 200, body: { sha: call.params.file_sha, node_id: "x", size: this.files[path]!.length, url: "https://api.github.com/x", content: Buffer.from(this.files[path]!).toString("base64"), encoding: "base64" } };
    }, { persist: true });
  }

  /** The writes of the setup branch and its pull request; only one creation of the branch succeeds, as on GitHub. */
  expectWrites(options: { pullCreate?: boolean } = {}): void {
    this.created.blobs = this.gh.on(`POST ${this.base}/git/blobs`, undefined, { persist: true });
    this.created.trees = this.gh.on(`POST ${this.base}/git/trees`, (call) => {
      if ((call.body as { base_tree?: string }).base_tree !== TREE) throw new Error("the setup tree must build on the default branch's");
      return { status: 201, body: exampleResponse("git/create-tree") };
    }, { persist: true });
    this.created.commits = this.gh.on(`POST ${this.base}/git/commits`, (call) => {
      if (JSON.stringify((call.body as { parents?: string[] }).parents) !== JSON.stringify([HEAD])) throw new Error("the setup commit's parent must be the default branch's head");
      return { status: 201, body: { ...(exampleResponse("git/create-commit") as object), sha: "e".repeat(40) } };
    }, { persist: true });
    this.created.refs = this.gh.on(`POST ${this.base}/git/refs`, (call) => {
      const { ref, sha } = call.body as { ref: string; sha: string };
      const name = ref.replace(/^refs\//, "");
      if (this.refs.has(name)) return { status: 422, body: { message: "Reference already exists" } };
      this.refs.set(name, sha);
      return { status: 201, body: { ...(exampleResponse("git/create-ref") as object), ref, object: { sha, type: "commit", url: "https://api.github.com/x" } } };
    }, { persist: true });
    if (options.pullCreate === false) return;
    this.created.pulls = this.gh.on(`POST ${this.base}/pulls`, (call) => {
      const number = this.pulls.length + 1;
      this.pulls.push({ number, state: "open", user: TEST_BOT_LOGIN, body: (call.body as { body: string }).body });
      return { status: 201, body: { ...(exampleResponse("pulls/create") as object), number } };
    }, { persist: true });
  }

  /** A forced move of an existing branch, and an edit of a pull request's body, as starting again makes them. */
  expectRestartWrites(options: { pullUpdate: boolean }): void {
    this.created.refUpdates = this.gh.on(`PATCH ${this.base}/git/refs/{ref}`, (call) => {
      const { sha, force } = call.body as { sha: string; force?: boolean };
      if (force !== true) throw new Error("starting again must force the branch");
      this.refs.set(decodeURIComponent(call.params.ref!), sha);
      return { status: 200, body: { ...(exampleResponse("git/update-ref") as object), object: { sha, type: "commit", url: "https://api.github.com/x" } } };
    }, { persist: true });
    if (options.pullUpdate) this.expectPullUpdates();
  }

  /** Edits of a pull request's body, kept as its new body. */
  expectPullUpdates(): void {
    this.created.pullUpdates = this.gh.on(`PATCH ${this.base}/pulls/{pull_number}`, (call) => {
      const pull = this.pulls.find((p) => p.number === Number(call.params.pull_number))!;
      pull.body = (call.body as { body: string }).body;
      return { status: 200, body: { ...(exampleResponse("pulls/update") as object), number: pull.number } };
    }, { persist: true });
  }

  /** `.github/envbranch.yml` as committed at `sha` on the setup branch, raw; null: not in that commit (404). */
  expectBranchConfig(sha: string, text: string | null): void {
    this.gh.on(`GET ${this.base}/contents/{path}`, (call) => {
      if (call.params.path !== ".github/envbranch.yml" || call.query.ref !== sha) throw new Error(`unexpected content read ${call.params.path} at ${String(call.query.ref)}`);
      if (text === null) return { status: 404, body: { message: "Not Found" } };
      return { status: 200, body: text, headers: { "content-type": "application/vnd.github.raw; charset=utf-8" } };
    });
  }

  /** `/envbranch setup` after an earlier onboarding pull request, open or closed, whose branch is still there. */
  expectStartAgain(earlier: "open" | "closed"): void {
    this.pulls.push({ number: 1, state: earlier, user: TEST_BOT_LOGIN, body: "old" });
    this.refs.set("heads/envbranch/setup", "f".repeat(40));
    this.expectReads({ setupRef: false });
    this.expectBlobReads();
    this.expectWrites({ pullCreate: earlier === "closed" });
    this.expectRestartWrites({ pullUpdate: earlier === "open" });
  }
}

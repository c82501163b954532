import { HttpError } from "./http-exchange.js";

/** A REST object as GitHub returns it: the fields the fake reads, typed, plus whatever else GitHub sends. */
export type Rest<T extends object = object> = T & Record<string, unknown>;

/** Where the fake answers: the API base (`…/api/v3`), the web root GHES serves pages from. */
export interface FakeUrls {
  api: string;
  web: string;
}

/** The GitHub App the fake plays host to. */
export interface FakeApp {
  id: number;
  slug: string;
  name: string;
  /** The bot account installation tokens act as: `<slug>[bot]`. */
  botLogin: string;
}

// GitHub objects as the fake stores and returns them, with the fields its routes filter on typed.
export type CheckRun = Rest<{ id: number; name: string; head_sha: string; external_id: string; status: string; conclusion: string | null; output: Rest<{ title: string | null; summary: string | null; text: string | null }> }>;
export type Deployment = Rest<{ id: number; sha: string; ref: string; task: string; environment: string; transient_environment: boolean; production_environment: boolean }>;
export type DeploymentStatus = Rest<{ id: number; state: string; environment: string }>;
export type WorkflowRun = Rest<{ id: number; name: string; display_title: string; status: string; conclusion: string | null; head_branch: string; head_sha: string; event: string; workflow_id: number; actor: Rest<{ login: string }> }>;
export type Artifact = Rest<{ id: number; name: string; expired: boolean; size_in_bytes: number }>;
export type IssueComment = Rest<{ id: number; body: string; user: Rest<{ login: string }> }>;
export type Reaction = Rest<{ id: number; content: string; user: Rest<{ login: string }> }>;
export type PullRequest = Rest<{ id: number; number: number; state: string; user: Rest<{ login: string }>; head: Rest<{ ref: string; sha: string; repo: Rest<{ id: number }> }>; base: Rest<{ ref: string; sha: string }> }>;
export type Review = Rest<{ id: number; state: string; user: Rest<{ login: string }> }>;
export type Issue = Rest<{ id: number; number: number; title: string; body: string | null; state: string; labels: Array<Rest<{ name: string }>>; user: Rest<{ login: string }> }>;

// Records: a GitHub object with what hangs off it (statuses, artifacts and their zips, reactions, reviews).
export interface DeploymentRecord {
  rest: Deployment;
  statuses: DeploymentStatus[];
}
export interface RunRecord {
  rest: WorkflowRun;
  inputs: Record<string, string>;
  artifacts: ArtifactRecord[];
}
export interface ArtifactRecord {
  rest: Artifact;
  zip: Uint8Array;
}
export interface CommentRecord {
  issue: number;
  rest: IssueComment;
  reactions: Reaction[];
}
export interface PullRecord {
  rest: PullRequest;
  /** The id of the issue every pull request also is (comments hang off it). */
  issueId: number;
  reviews: Review[];
}

/** One dispatch the app made, with the run it created. */
export interface DispatchRecord {
  repo: string;
  workflow: string;
  ref: string;
  inputs: Record<string, string>;
  returnRunDetails: boolean;
  runId: number;
}

/** Everything the fake knows about one repository. */
export interface FakeRepo {
  owner: string;
  name: string;
  fullName: string;
  installationId: number;
  defaultBranch: string;
  private: boolean;
  /** The REST repository object (`repos/get`). */
  rest: Rest<{ id: number }>;
  branches: Map<string, string>;
  /** Every commit any branch ever pointed at: GitHub refuses check runs and deployments of unknown SHAs. */
  commits: Set<string>;
  /** Files per branch; a new branch starts with a copy of the default branch's files. */
  files: Map<string, Map<string, string>>;
  checkRuns: CheckRun[];
  deployments: DeploymentRecord[];
  environments: Map<string, Rest<{ id: number; name: string }>>;
  workflows: Map<string, number>;
  runs: RunRecord[];
  pulls: Map<number, PullRecord>;
  /** Issues that are not pull requests, by number (numbered after the pull requests, as GitHub shares one sequence). */
  issues: Map<number, Issue>;
  comments: CommentRecord[];
  /** Role per login: read, triage, write, maintain, admin. */
  roles: Map<string, string>;
}

/** The in-memory GitHub: repositories, users, teams and id sequences shared by routes and the driver. */
export class FakeState {
  readonly repos = new Map<string, FakeRepo>();
  /** `org/team` → login → role ("member" or "maintainer"). */
  readonly teams = new Map<string, Map<string, string>>();
  readonly dispatches: DispatchRecord[] = [];
  private readonly userIds = new Map<string, number>();
  private lastId = 1000;

  constructor(
    readonly urls: FakeUrls,
    readonly app: FakeApp,
    readonly now: () => Date,
  ) {}

  /** A fresh id, unique across every kind of object, as GitHub's ids are for our purposes. */
  nextId(): number {
    return ++this.lastId;
  }

  /** The current time as GitHub writes it (`2026-11-22T10:00:00Z`). */
  timestamp(): string {
    return this.now().toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  /** A stable id for a login, made up on first sight. */
  userId(login: string): number {
    let id = this.userIds.get(login.toLowerCase());
    if (id === undefined) {
      id = 5000 + this.userIds.size;
      this.userIds.set(login.toLowerCase(), id);
    }
    return id;
  }

  /** The repository `owner/name`, or undefined; GitHub matches names case-insensitively. */
  findRepo(fullName: string): FakeRepo | undefined {
    return this.repos.get(fullName.toLowerCase());
  }

  /** The repository `owner/name`; a driver call naming an unknown one is a test bug, so this throws. */
  repo(fullName: string): FakeRepo {
    const repo = this.findRepo(fullName);
    if (repo === undefined) throw new Error(`fake GitHub: no repository ${fullName} (added: ${[...this.repos.values()].map((r) => r.fullName).join(", ") || "none"})`);
    return repo;
  }

  /** The workflow run with this id in any repository, with its repository. */
  findRun(runId: number): { repo: FakeRepo; run: RunRecord } | undefined {
    for (const repo of this.repos.values()) {
      const run = repo.runs.find((r) => r.rest.id === runId);
      if (run) return { repo, run };
    }
    return undefined;
  }
}

/** The SHA a ref names in a repository: a branch name, `heads/x`, `refs/heads/x`, or a known commit. */
export function resolveRef(repo: FakeRepo, ref: string): string | undefined {
  const branch = ref.replace(/^refs\//, "").replace(/^heads\//, "");
  return repo.branches.get(branch) ?? (repo.commits.has(ref) ? ref : undefined);
}

/** Like resolveRef, answering GitHub's 422 when the ref names nothing. */
export function requireRef(repo: FakeRepo, ref: string): string {
  const sha = resolveRef(repo, ref);
  if (sha === undefined) throw new HttpError(422, `No ref found for: ${ref}`);
  return sha;
}

import { createHash } from "node:crypto";
import type { FakeRepo, FakeState } from "../fake-state.js";
import { repositoryObject } from "../rest-objects.js";

/** What a test says about a repository it adds. */
export interface RepoInput {
  owner: string;
  name: string;
  /** Default "main". */
  defaultBranch?: string;
  /** Default true. */
  private?: boolean;
  /** Default "Organization" (teams need one). */
  ownerType?: "User" | "Organization";
  /** Default: one installation per owner. */
  installationId?: number;
  /** The default branch's head; default a SHA made from the repository name. */
  sha?: string;
  /** Files on the default branch, path → text. */
  files?: Record<string, string>;
}

/** The five repository roles GitHub knows. */
export type RepoRole = "read" | "triage" | "write" | "maintain" | "admin";

/** A 40-hex SHA derived from a label, so tests can name commits ("alice-1") and get stable SHAs. */
export function fakeSha(label: string): string {
  return createHash("sha1").update(label).digest("hex");
}

/** Adds a repository with its default branch (and files on it); returns it. */
export function addRepo(state: FakeState, input: RepoInput): FakeRepo {
  const fullName = `${input.owner}/${input.name}`;
  if (state.findRepo(fullName)) throw new Error(`fake GitHub: ${fullName} was already added`);
  const defaultBranch = input.defaultBranch ?? "main";
  const sha = input.sha ?? fakeSha(`${fullName}:initial`);
  const isPrivate = input.private ?? true;
  const ownerRepo = [...state.repos.values()].find((r) => r.owner.toLowerCase() === input.owner.toLowerCase());
  const repo: FakeRepo = {
    owner: input.owner,
    name: input.name,
    fullName,
    installationId: input.installationId ?? ownerRepo?.installationId ?? state.nextId(),
    defaultBranch,
    private: isPrivate,
    rest: repositoryObject(state, { owner: input.owner, name: input.name, ownerType: input.ownerType ?? "Organization", private: isPrivate, defaultBranch, id: state.nextId() }),
    branches: new Map([[defaultBranch, sha]]),
    commits: new Set([sha]),
    files: new Map([[defaultBranch, new Map(Object.entries(input.files ?? {}))]]),
    checkRuns: [],
    deployments: [],
    environments: new Map(),
    workflows: new Map(),
    runs: [],
    pulls: new Map(),
    issues: new Map(),
    comments: [],
    roles: new Map(),
  };
  state.repos.set(fullName.toLowerCase(), repo);
  return repo;
}

/** Writes (or, with null, removes) a file on a branch, the default branch unless named. */
export function setFile(state: FakeState, repoName: string, path: string, text: string | null, branch?: string): void {
  const repo = state.repo(repoName);
  const name = branch ?? repo.defaultBranch;
  const files = repo.files.get(name);
  if (files === undefined) throw new Error(`fake GitHub: ${repoName} has no branch ${name}`);
  if (text === null) files.delete(path);
  else files.set(path, text);
}

/** Gives a user a role on a repository (the owner is always admin). */
export function setRole(state: FakeState, repoName: string, login: string, role: RepoRole): void {
  state.repo(repoName).roles.set(login.toLowerCase(), role);
}

/** Makes a user a member (or maintainer) of an organisation's team. */
export function addTeamMember(state: FakeState, org: string, team: string, login: string, role: "member" | "maintainer" = "member"): void {
  const key = `${org}/${team}`.toLowerCase();
  const members = state.teams.get(key) ?? new Map<string, string>();
  members.set(login.toLowerCase(), role);
  state.teams.set(key, members);
}

import type { GitHub, RepoRef } from "./github-client.js";
import { ownAppId } from "./own-app-id.js";

/** What envbranch writes into a check run; `output` is shown to the user on the commit. */
export interface CheckRunContent {
  /** A new name, on an update only. */
  name?: string;
  status?: "queued" | "in_progress" | "completed";
  conclusion?: "success" | "failure" | "neutral" | "cancelled" | "skipped" | "action_required";
  title: string;
  summary: string;
  text?: string;
  detailsUrl?: string;
  /** Buttons shown on the check run; pressing one sends a `requested_action` event. */
  actions?: Array<{ label: string; description: string; identifier: string }>;
}

/** A check run as envbranch reads it back. */
export interface ExistingCheckRun {
  id: number;
  externalId: string | null;
  status: string;
  conclusion: string | null;
  summary: string;
  startedAt: string | null;
}

// GitHub rejects check-run output fields over 65,535 characters.
const OUTPUT_LIMIT = 65_535;

/** The check runs of one name (one environment) on a commit, newest first. */
export async function listNamedCheckRuns(octokit: GitHub, repo: RepoRef, sha: string, name: string): Promise<ExistingCheckRun[]> {
  return (await requestNamedCheckRuns(octokit, repo, sha, name)).runs;
}

/**
 * The check runs on a commit that carry `externalId`, newest first, and when GitHub answered (its
 * `Date` header): the age of a run is read on GitHub's clock, never against this process's.
 */
export async function listKeyedCheckRuns(octokit: GitHub, repo: RepoRef, sha: string, name: string, externalId: string): Promise<{ runs: ExistingCheckRun[]; answeredAt: string | null }> {
  const { runs, answeredAt } = await requestNamedCheckRuns(octokit, repo, sha, name);
  return { runs: runs.filter((run) => run.externalId === externalId), answeredAt };
}

/** This app's check runs of one name on a commit: GitHub filters by app, and so does this, in case a proxy or an old GHES ignores the filter. */
async function requestNamedCheckRuns(octokit: GitHub, repo: RepoRef, sha: string, name: string) {
  const appId = await ownAppId(octokit);
  const response = await octokit.rest.checks.listForRef({ ...repo, ref: sha, check_name: name, filter: "all", app_id: appId, per_page: 100 });
  const runs = response.data.check_runs
    .filter((run) => run.app?.id === appId)
    .sort((a, b) => b.id - a.id)
    .map((run) => ({ id: run.id, externalId: run.external_id, status: run.status, conclusion: run.conclusion, summary: run.output.summary ?? "", startedAt: run.started_at ?? null }));
  return { runs, answeredAt: response.headers.date ?? null };
}

/** One of this app's check runs on a commit, with what the environments model shows of it. */
export interface CommitCheckRun extends ExistingCheckRun {
  name: string;
  title: string;
  htmlUrl: string | null;
  completedAt: string | null;
}

/** All of this app's check runs on a commit, newest first (one page of 100: a commit has one per environment and a few answers). */
export async function listOwnCheckRuns(octokit: GitHub, repo: RepoRef, sha: string): Promise<CommitCheckRun[]> {
  const appId = await ownAppId(octokit);
  const response = await octokit.rest.checks.listForRef({ ...repo, ref: sha, filter: "latest", app_id: appId, per_page: 100 });
  return response.data.check_runs
    .filter((run) => run.app?.id === appId)
    .sort((a, b) => b.id - a.id)
    .map((run) => ({
      id: run.id,
      name: run.name,
      externalId: run.external_id,
      status: run.status,
      conclusion: run.conclusion,
      title: run.output.title ?? "",
      summary: run.output.summary ?? "",
      htmlUrl: run.html_url,
      startedAt: run.started_at ?? null,
      completedAt: run.completed_at,
    }));
}

/** Creates a check run on a commit. */
export async function createCheckRun(octokit: GitHub, repo: RepoRef, sha: string, name: string, externalId: string, content: CheckRunContent): Promise<number> {
  const response = await octokit.rest.checks.create({
    ...repo,
    name,
    head_sha: sha,
    external_id: externalId,
    ...fields(content),
  });
  return response.data.id;
}

/** Updates a check run's status, conclusion and output. */
export async function updateCheckRun(octokit: GitHub, repo: RepoRef, checkRunId: number, content: CheckRunContent): Promise<void> {
  await octokit.rest.checks.update({ ...repo, check_run_id: checkRunId, ...fields(content) });
}

function fields(content: CheckRunContent) {
  return {
    ...(content.name ? { name: content.name } : {}),
    status: content.conclusion ? ("completed" as const) : (content.status ?? "in_progress"),
    ...(content.conclusion ? { conclusion: content.conclusion, completed_at: new Date().toISOString() } : {}),
    ...(content.detailsUrl ? { details_url: content.detailsUrl } : {}),
    ...(content.actions ? { actions: content.actions } : {}),
    output: {
      title: clip(content.title, 255),
      summary: clip(content.summary, OUTPUT_LIMIT),
      ...(content.text ? { text: clip(content.text, OUTPUT_LIMIT) } : {}),
    },
  };
}

function clip(text: string, limit: number): string {
  const marker = "\n\n… (cut to fit GitHub's limit)";
  return text.length <= limit ? text : text.slice(0, limit - marker.length) + marker;
}

/** Reads one of this app's check runs back by id, or null when it does not exist or another app wrote it. */
export async function getCheckRun(octokit: GitHub, repo: RepoRef, checkRunId: number): Promise<(ExistingCheckRun & { name: string; headSha: string }) | null> {
  const appId = await ownAppId(octokit);
  try {
    const { data } = await octokit.rest.checks.get({ ...repo, check_run_id: checkRunId });
    if (data.app?.id !== appId) return null;
    return {
      id: data.id,
      externalId: data.external_id,
      status: data.status,
      conclusion: data.conclusion,
      summary: data.output.summary ?? "",
      startedAt: data.started_at ?? null,
      name: data.name,
      headSha: data.head_sha,
    };
  } catch (error) {
    if (typeof error === "object" && error !== null && (error as { status?: number }).status === 404) return null;
    throw new Error(`could not read check run ${checkRunId}`, { cause: error });
  }
}

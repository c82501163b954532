import { createHash } from "node:crypto";
import { strToU8, zipSync } from "fflate";
import { exampleResponse } from "../../../support/github/openapi.js";
import { loadExample, type WebhookPayload } from "../../../support/github/webhooks.js";
import type { BlobServer } from "../blob-server.js";
import type { ArtifactRecord, FakeRepo, FakeState, RunRecord } from "../fake-state.js";
import { repoApiUrl, repoWebUrl, retarget } from "../rest-objects.js";
import { artifactBlobName } from "../routes/run-routes.js";
import { eventContext } from "./payload-context.js";

/** An artifact a finished run uploaded: its name and files (path → text or bytes). */
export interface ArtifactInput {
  name: string;
  files: Record<string, string | Uint8Array>;
}

/** How a run ends. */
export interface RunOutcome {
  conclusion: "success" | "failure" | "cancelled" | "timed_out" | "skipped" | "neutral" | "action_required";
  artifacts?: ArtifactInput[];
}

const ARTIFACT_RETENTION_MS = 90 * 24 * 60 * 60 * 1000;

/** Marks a queued run in progress and returns the `workflow_run` in_progress payload. */
export function startRun(state: FakeState, runId: number): WebhookPayload<"workflow_run"> {
  const { repo, run } = findRun(state, runId);
  if (run.rest.status !== "queued") throw new Error(`fake GitHub: run ${runId} is ${run.rest.status}, not queued`);
  Object.assign(run.rest, { status: "in_progress", updated_at: state.timestamp() });
  return workflowRunPayload(state, repo, run, "in_progress");
}

/**
 * Finishes a run: its artifacts are zipped (fflate) and stored where downloads redirect to, the run
 * is completed with the conclusion, and the `workflow_run` completed payload is returned.
 */
export function completeRun(state: FakeState, blobs: BlobServer, runId: number, outcome: RunOutcome): WebhookPayload<"workflow_run"> {
  const { repo, run } = findRun(state, runId);
  if (run.rest.status === "completed") throw new Error(`fake GitHub: run ${runId} already completed`);
  for (const input of outcome.artifacts ?? []) {
    const artifact = artifactRecord(state, repo, run, input);
    blobs.put(artifactBlobName(artifact.rest.id), artifact.zip);
    run.artifacts.push(artifact);
  }
  Object.assign(run.rest, { status: "completed", conclusion: outcome.conclusion, updated_at: state.timestamp() });
  return workflowRunPayload(state, repo, run, "completed");
}

/** Lets an artifact expire: its download then answers 410, as GitHub's do after the retention period. */
export function expireArtifact(state: FakeState, artifactId: number): void {
  for (const repo of state.repos.values()) {
    for (const run of repo.runs) {
      const artifact = run.artifacts.find((a) => a.rest.id === artifactId);
      if (artifact !== undefined) {
        artifact.rest.expired = true;
        return;
      }
    }
  }
  throw new Error(`fake GitHub: no artifact ${artifactId}`);
}

function findRun(state: FakeState, runId: number): { repo: FakeRepo; run: RunRecord } {
  const found = state.findRun(runId);
  if (found === undefined) throw new Error(`fake GitHub: no workflow run ${runId}`);
  return found;
}

function artifactRecord(state: FakeState, repo: FakeRepo, run: RunRecord, input: ArtifactInput): ArtifactRecord {
  const zip = zipSync(Object.fromEntries(Object.entries(input.files).map(([path, content]) => [path, typeof content === "string" ? strToU8(content) : content])));
  const id = state.nextId();
  const listed = exampleResponse("actions/list-workflow-run-artifacts") as { artifacts: Record<string, unknown>[] };
  const api = repoApiUrl(state, repo, `/actions/artifacts/${id}`);
  const now = state.now();
  const stamp = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z");
  const rest = {
    ...retarget(listed.artifacts[0] ?? {}, state.urls),
    id,
    node_id: Buffer.from(`08:Artifact${id}`).toString("base64"),
    name: input.name,
    size_in_bytes: zip.length,
    url: api,
    archive_download_url: `${api}/zip`,
    expired: false,
    digest: `sha256:${createHash("sha256").update(zip).digest("hex")}`,
    created_at: stamp(now),
    updated_at: stamp(now),
    expires_at: stamp(new Date(now.getTime() + ARTIFACT_RETENTION_MS)),
    workflow_run: { id: run.rest.id, repository_id: repo.rest.id, head_repository_id: repo.rest.id, head_branch: run.rest.head_branch, head_sha: run.rest.head_sha },
  };
  return { rest, zip };
}

function workflowRunPayload(state: FakeState, repo: FakeRepo, run: RunRecord, action: "in_progress" | "completed"): WebhookPayload<"workflow_run"> {
  const example = loadExample("workflow_run", (p) => p.action === "completed");
  const triggeringActor = (run.rest.triggering_actor as { login?: string } | undefined)?.login ?? state.app.botLogin;
  const workflowId = run.rest.workflow_id;
  const path = String(run.rest.path);
  const workflow = {
    ...retarget(example.workflow, state.urls),
    id: workflowId,
    node_id: Buffer.from(`08:Workflow${workflowId}`).toString("base64"),
    name: run.rest.name,
    path,
    state: "active",
    url: repoApiUrl(state, repo, `/actions/workflows/${workflowId}`),
    html_url: repoWebUrl(state, repo, `/blob/${repo.defaultBranch}/${path}`),
    badge_url: repoWebUrl(state, repo, `/workflows/${encodeURIComponent(run.rest.name)}/badge.svg`),
  };
  return {
    ...example,
    ...eventContext(state, repo, example, triggeringActor),
    action,
    workflow,
    workflow_run: { ...retarget(example.workflow_run, state.urls), ...structuredClone(run.rest) },
  } as WebhookPayload<"workflow_run">;
}

import { intParam, newestFirst, notFound, ok, paginate, queryValue, repoOf, type ApiCall, type Routes } from "../api-call.js";
import type { BlobServer } from "../blob-server.js";
import type { ArtifactRecord, RunRecord } from "../fake-state.js";
import { HttpError } from "../http-exchange.js";
import { findWorkflow } from "./dispatch-routes.js";

// GitHub's `status` filter takes a status or a conclusion.
const STATUSES = new Set(["queued", "in_progress", "completed", "requested", "waiting", "pending"]);

/**
 * Workflow runs (get; list for the repository or one workflow, newest first, filtered by actor,
 * branch, event, status or conclusion, head_sha, check_suite_id) and their artifacts (list, get,
 * download). A download answers 302 to a signed URL on the blob server, as GitHub redirects to its
 * storage; an expired artifact answers 410.
 */
export function runRoutes(blobs: BlobServer): Routes {
  return {
    "actions/get-workflow-run": (call) => ok(findRun(call).rest),

    "actions/list-workflow-runs-for-repo": (call) => listRuns(call, repoOf(call).runs),

    "actions/list-workflow-runs": (call) => {
      const { id } = findWorkflow(call);
      return listRuns(call, repoOf(call).runs.filter((r) => r.rest.workflow_id === id));
    },

    "actions/list-workflow-run-artifacts": (call) => {
      const name = queryValue(call, "name");
      const artifacts = findRun(call).artifacts.filter((a) => name === undefined || a.rest.name === name).map((a) => a.rest);
      const ordered = queryValue(call, "direction") === "asc" ? artifacts : newestFirst(artifacts, (a) => a.id);
      return paginate(call, ordered, (page, total) => ({ total_count: total, artifacts: page }));
    },

    "actions/get-artifact": (call) => ok(findArtifact(call).rest),

    "actions/download-artifact": (call) => {
      const artifact = findArtifact(call);
      if (call.params.archive_format !== "zip") throw notFound();
      if (artifact.rest.expired) throw new HttpError(410, "Artifact has expired");
      return { status: 302, headers: { location: blobs.signedUrl(artifactBlobName(artifact.rest.id)) } };
    },
  };
}

/** Where an artifact's zip lives on the blob server. */
export function artifactBlobName(artifactId: number): string {
  return `artifacts/${artifactId}.zip`;
}

function listRuns(call: ApiCall, runs: RunRecord[]): ReturnType<typeof paginate> {
  if (queryValue(call, "created") !== undefined) throw new Error("the fake does not filter runs by `created`; filter by head_sha or branch instead, or add it");
  const actor = queryValue(call, "actor");
  const branch = queryValue(call, "branch");
  const event = queryValue(call, "event");
  const status = queryValue(call, "status");
  const headSha = queryValue(call, "head_sha");
  const suite = queryValue(call, "check_suite_id");
  const matches = runs
    .map((r) => r.rest)
    .filter(
      (r) =>
        (actor === undefined || r.actor.login === actor) &&
        (branch === undefined || r.head_branch === branch) &&
        (event === undefined || r.event === event) &&
        (status === undefined || (STATUSES.has(status) ? r.status === status : r.conclusion === status)) &&
        (headSha === undefined || r.head_sha === headSha) &&
        (suite === undefined || String(r.check_suite_id) === suite),
    );
  return paginate(call, newestFirst(matches, (r) => r.id), (page, total) => ({ total_count: total, workflow_runs: page }));
}

function findRun(call: ApiCall): RunRecord {
  const id = intParam(call, "run_id");
  const run = repoOf(call).runs.find((r) => r.rest.id === id);
  if (run === undefined) throw notFound();
  return run;
}

function findArtifact(call: ApiCall): ArtifactRecord {
  const id = intParam(call, "artifact_id");
  for (const run of repoOf(call).runs) {
    const artifact = run.artifacts.find((a) => a.rest.id === id);
    if (artifact !== undefined) return artifact;
  }
  throw notFound();
}

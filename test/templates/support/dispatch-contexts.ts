import { join } from "node:path";
import type { Contexts } from "./evaluate-expression.js";

/** What a `workflow_dispatch` run is about; everything else takes a GitHub-hosted runner's value. */
export interface DispatchedRun {
  inputs: Record<string, string>;
  /** owner/name */
  repository?: string;
  defaultBranch?: string;
  /** The branch the workflow was dispatched on (the dispatch's `ref`). */
  branch?: string;
  sha?: string;
  actor?: string;
  triggeringActor?: string;
  runId?: number;
  workflow?: string;
  workflowPath?: string;
  /** The job being run, by id. */
  job?: string;
  /** `github.workspace`: the checkout, and the root of hashFiles(). */
  workspace?: string;
  /** `runner.temp`; the step's command files (GITHUB_OUTPUT, …) live under it, as on a runner. */
  runnerTemp?: string;
  token?: string;
  serverUrl?: string;
}

/**
 * The `github`, `inputs`, `vars` and `runner` contexts of a dispatched run, with the fields GitHub
 * documents for them (docs.github.com, "Contexts reference"; workflow_dispatch event payload). A
 * step's command files are named like the runner's (`_runner_file_commands/set_output_<id>` …);
 * they are paths only: whoever runs the step creates them.
 */
export function dispatchRunContexts(run: DispatchedRun, vars: Record<string, string> = {}): Contexts {
  const repository = run.repository ?? "octo-org/octo-repo";
  const branch = run.branch ?? run.defaultBranch ?? "main";
  const serverUrl = run.serverUrl ?? "https://github.com";
  const temp = run.runnerTemp ?? "/home/runner/work/_temp";
  const actor = run.actor ?? "envbranch[bot]";
  const files = join(temp, "_runner_file_commands");
  const workflowPath = run.workflowPath ?? ".github/workflows/envbranch.yml";
  const runId = String(run.runId ?? 1);
  return {
    inputs: run.inputs,
    vars,
    github: {
      event_name: "workflow_dispatch",
      event: {
        inputs: run.inputs,
        ref: `refs/heads/${branch}`,
        repository: { full_name: repository, name: repository.split("/")[1] ?? repository, default_branch: run.defaultBranch ?? "main" },
        sender: { login: actor },
        workflow: workflowPath,
      },
      actor,
      triggering_actor: run.triggeringActor ?? actor,
      repository,
      repository_owner: repository.split("/")[0] ?? repository,
      ref: `refs/heads/${branch}`,
      ref_name: branch,
      ref_type: "branch",
      ref_protected: false,
      sha: run.sha ?? "0".repeat(40),
      run_id: runId,
      run_number: "1",
      run_attempt: "1",
      workflow: run.workflow ?? "envbranch",
      workflow_ref: `${repository}/${workflowPath}@refs/heads/${branch}`,
      job: run.job ?? "",
      server_url: serverUrl,
      api_url: serverUrl === "https://github.com" ? "https://api.github.com" : `${serverUrl}/api/v3`,
      graphql_url: serverUrl === "https://github.com" ? "https://api.github.com/graphql" : `${serverUrl}/api/graphql`,
      workspace: run.workspace ?? `/home/runner/work/${repository.split("/")[1]}/${repository.split("/")[1]}`,
      event_path: join(temp, "_github_workflow", "event.json"),
      output: join(files, `set_output_${runId}`),
      env: join(files, `set_env_${runId}`),
      path: join(files, `add_path_${runId}`),
      state: join(files, `save_state_${runId}`),
      step_summary: join(files, `step_summary_${runId}`),
      token: run.token ?? "***",
      retention_days: "90",
    },
    runner: { os: "Linux", arch: "X64", name: "GitHub Actions 1", environment: "github-hosted", temp, tool_cache: "/opt/hostedtoolcache" },
  };
}

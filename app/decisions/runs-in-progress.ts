/** A workflow run as the list of an environment's active runs needs it. */
export interface ActiveRunFacts {
  id: number;
  displayTitle: string;
  status: string;
  url: string;
}

/** A run of the environment that may hold its state lock: what it does, and where to look. */
export interface RunInProgress {
  id: number;
  action: string;
  status: string;
  url: string;
}

/**
 * The runs among `runs` that work on the environment `slug` and may hold its state lock. The
 * workflow names each run `envbranch <action> <slug> [<correlation id>]` (workflows-templates/
 * envbranch.yml); unlock runs are left out, as they take no Terraform lock of their own.
 */
export function runsInProgress(runs: readonly ActiveRunFacts[], slug: string): RunInProgress[] {
  const found: RunInProgress[] = [];
  for (const run of runs) {
    const match = /^envbranch (\S+) (\S+) \[/.exec(run.displayTitle);
    if (!match || match[2] !== slug || match[1] === "unlock") continue;
    found.push({ id: run.id, action: match[1]!, status: run.status, url: run.url });
  }
  return found;
}

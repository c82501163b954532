/** Why a dispatch failed, what fixes it, and whether trying again later could help at all. */
export interface DispatchFailure {
  reason: string;
  hint: string;
  /** The workflow cannot be dispatched as things are (missing, refused, not permitted), not a passing fault. */
  permanent: boolean;
}

/** Turns a failed workflow dispatch into a reason and the step that fixes it. */
export function explainDispatchFailure(error: unknown, workflow: string, ref: string): DispatchFailure {
  const status = typeof error === "object" && error !== null && "status" in error ? (error as { status: unknown }).status : undefined;
  const message = error instanceof Error ? error.message : String(error);
  if ((status === 403 || status === 429) && /rate limit/i.test(message)) {
    return {
      reason: `GitHub rate-limited the dispatch: ${message}`,
      hint: "Start it again once the limit has passed.",
      permanent: false,
    };
  }
  switch (status) {
    case 404:
      return {
        reason: `GitHub found no workflow \`.github/workflows/${workflow}\` on \`${ref}\`.`,
        hint: "Add the envbranch workflow (workflows-templates/envbranch.yml) to that branch, or set `workflow` in .github/envbranch.yml.",
        permanent: true,
      };
    case 422:
      return {
        reason: `GitHub refused the dispatch: ${message}`,
        hint: "Check that the workflow has `on: workflow_dispatch` with the inputs `spec` and `correlation_id`, and that Actions are enabled.",
        permanent: true,
      };
    case 403:
      return {
        reason: `envbranch may not dispatch workflows here: ${message}`,
        hint: "Grant the app the Actions (write) permission and accept it on the installation.",
        permanent: true,
      };
    default:
      return {
        reason: `GitHub answered ${status ?? "with an error"}: ${message}`,
        hint: "This may pass: start it again.",
        permanent: false,
      };
  }
}

/** Turns a failed workflow dispatch into a reason and the step that fixes it. */
export function explainDispatchFailure(error: unknown, workflow: string, ref: string): { reason: string; hint: string } {
  const status = typeof error === "object" && error !== null && "status" in error ? (error as { status: unknown }).status : undefined;
  const message = error instanceof Error ? error.message : String(error);
  switch (status) {
    case 404:
      return {
        reason: `GitHub found no workflow \`.github/workflows/${workflow}\` on \`${ref}\`.`,
        hint: "Add the envbranch workflow (workflows-templates/envbranch.yml) to that branch, or set `workflow` in .github/envbranch.yml.",
      };
    case 422:
      return {
        reason: `GitHub refused the dispatch: ${message}`,
        hint: "Check that the workflow has `on: workflow_dispatch` with the inputs `spec` and `correlation_id`, and that Actions are enabled.",
      };
    case 403:
      return {
        reason: `envbranch may not dispatch workflows here: ${message}`,
        hint: "Grant the app the Actions (write) permission and accept it on the installation.",
      };
    default:
      return {
        reason: `GitHub answered ${status ?? "with an error"}: ${message}`,
        hint: "Redeliver the webhook from the app's advanced settings, or push again, to retry.",
      };
  }
}

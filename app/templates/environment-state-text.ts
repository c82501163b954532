import type { EnvironmentState } from "../decisions/environments-model.js";

/** The words each environment state is shown with, on the dashboard issue and the environments page alike. */
export const STATE_TEXT: Record<EnvironmentState, string> = {
  applying: "applying",
  applied: "applied",
  "plan-waiting": "plan waiting for approval",
  failed: "failed",
  destroying: "destroying",
  destroyed: "destroyed",
};

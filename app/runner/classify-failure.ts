import type { FailureKind, StepName } from "./result-schema.js";

/** Terraform's own words for the failures that need their own explanation. */
const STATE_LOCKED = /Error acquiring the state lock/;
const STALE_PLAN = /Saved plan is stale/;

/**
 * Network trouble and server-side errors that a second attempt may not meet. A 4xx (missing
 * container, no access) or an unknown host (a wrong account name) is the same next time.
 */
const TRANSIENT = [
  /connection refused/i,
  /connection reset/i,
  /broken pipe/i,
  /i\/o timeout/i,
  /TLS handshake timeout/i,
  /context deadline exceeded/i,
  /timeout awaiting response headers/i,
  /unexpected EOF/i,
  /temporary failure in name resolution/i,
  /unexpected status 5\d\d/i,
  /status(?: code)?:? 5\d\d\b/i,
  /unexpected status 429/i,
  /ServerBusy|InternalError|OperationTimedOut/,
];

/**
 * Exit code 137 is 128 + SIGKILL as a shell or container runtime reports a child the kernel's
 * OOM killer (or `kill -9`) ended; a direct child killed by a signal has no exit code at all.
 */
const KILLED_EXIT_CODE = 137;

/** Whether terraform died of a signal rather than exiting: a crash, not a failure it reported. */
export function terraformCrashed(outcome: { exitCode: number; signal: NodeJS.Signals | null }): boolean {
  return outcome.signal !== null || outcome.exitCode === KILLED_EXIT_CODE;
}

/** The kind of failure a terraform step's non-zero exit means, judged from the step and its stderr. */
export function classifyTerraformFailure(step: StepName, stderr: string): FailureKind {
  if (STATE_LOCKED.test(stderr)) return "state-locked";
  if (STALE_PLAN.test(stderr)) return "stale-plan";
  switch (step) {
    case "init":
      return "init-failed";
    case "plan":
    case "show":
      return "plan-failed";
    case "apply":
      return "apply-failed";
    default:
      return "terraform-failed";
  }
}

/** Whether a failed `terraform init` looks like it could succeed if tried again. */
export function isTransientInitFailure(stderr: string): boolean {
  if (STATE_LOCKED.test(stderr)) return false;
  return TRANSIENT.some((pattern) => pattern.test(stderr));
}

/**
 * The error Terraform reported, in one line short enough for an explanation: the text from the
 * first "Error:" on, whitespace collapsed, cut at `max` characters. Falls back to the last lines.
 */
export function errorExcerpt(stderr: string, max = 400): string {
  const start = stderr.search(/^\s*(?:│\s*)?Error:/m);
  const text = start >= 0 ? stderr.slice(start) : stderr.split("\n").slice(-5).join("\n");
  const oneLine = text
    .split("\n")
    .map((line) => line.replace(/^\s*[│╷╵]\s?/, "").trim())
    .filter((line) => line.length > 0)
    .join(" ")
    .replace(/\s+/g, " ")
    .trim();
  if (oneLine.length === 0) return "(Terraform printed no error message)";
  return oneLine.length > max ? `${oneLine.slice(0, max - 3)}...` : oneLine;
}

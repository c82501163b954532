/** The checks `envbranch doctor` runs; each names one file under app/doctor/checks/. */
export const CHECK_NAMES = ["state-storage", "state-protection", "federated-credentials", "roles", "resource-providers"] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

/**
 * One thing a check found. `unknown` means the check could not tell (no permission to read, a
 * time-out): it is printed, but only `fail` makes doctor exit non-zero.
 */
export interface Finding {
  check: CheckName;
  /** What was checked, for the line's start: "apply identity trusts repo:octo/shop:ref:refs/heads/env-alice". */
  subject: string;
  status: "pass" | "fail" | "unknown";
  /** What is wrong, or why the check could not tell; null when it passed. */
  problem: string | null;
  /** The command that fixes it, filled in for this repository; null when there is none to give. */
  fix: string | null;
}

/** A passed finding. */
export function passed(check: CheckName, subject: string): Finding {
  return { check, subject, status: "pass", problem: null, fix: null };
}

/** A failed finding, with what is wrong and the command that fixes it. */
export function failed(check: CheckName, subject: string, problem: string, fix: string | null): Finding {
  return { check, subject, status: "fail", problem, fix };
}

/** A finding the check could not decide, and why. */
export function undecided(check: CheckName, subject: string, problem: string, fix: string | null = null): Finding {
  return { check, subject, status: "unknown", problem, fix };
}

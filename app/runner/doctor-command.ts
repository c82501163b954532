import { resolve } from "node:path";
import type { TokenCredential } from "@azure/core-auth";
import { laptopTarget } from "../doctor/doctor-target.js";
import { undecided } from "../doctor/finding.js";
import { anyFailed, formatFindingLine } from "../doctor/format-findings.js";
import { runDoctor } from "../doctor/run-doctor.js";
import type { Spec } from "../spec/spec-schema.js";
import { EXIT_CHECKS_FAILED, EXIT_CODES, EXIT_OK } from "./exit-codes.js";
import { failureOf } from "./failure-of.js";
import { deriveLocalSpec, readDefaultBranch } from "./local-spec.js";
import type { DoctorCommand } from "./parse-args.js";
import { backendCredential, stateContainerFromEnv } from "./state-access.js";
import { stackDirectory } from "./write-stack-files.js";

/** A laptop waits this long for Azure at most; a check not done by then prints as not known. */
const LAPTOP_TIMEOUT_MS = 60_000;

/** What doctor touches of its process (the command line's CliIo has all of it). */
export interface DoctorIo {
  env: Record<string, string | undefined>;
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
  azureCredential?: TokenCredential;
}

/**
 * `envbranch doctor --branch`: checks the branch's Azure setup as the signed-in user and prints a
 * line per finding; exits non-zero when a check failed.
 */
export async function doctorCommand(command: DoctorCommand, io: DoctorIo): Promise<number> {
  const workdir = resolve(io.cwd, command.workdir);
  let apply: Spec;
  let plan: Spec;
  let stackDir: string;
  try {
    const input = { workdir, branch: command.branch, ...(command.repo ? { repo: command.repo } : {}) };
    apply = await deriveLocalSpec({ ...input, action: "apply" });
    plan = await deriveLocalSpec({ ...input, action: "plan" });
    stackDir = stackDirectory(workdir, apply);
  } catch (error) {
    const failure = failureOf(error);
    io.stderr(`envbranch: ${failure.explanation}\n`);
    return EXIT_CODES[failure.kind];
  }
  const defaultBranch = await readDefaultBranch(workdir);
  const target = laptopTarget(apply, plan, defaultBranch);
  const credential = io.azureCredential ?? (await backendCredential(apply.terraform.backend));
  const findings = await runDoctor(target, { credential, stateContainer: () => stateContainerFromEnv(apply.terraform.backend, io.env), stackDir }, { timeoutMs: LAPTOP_TIMEOUT_MS });
  if (!defaultBranch) {
    findings.push(undecided("federated-credentials", "default branch", "this clone does not record origin's default branch, where destroys run, so its credential was not checked.", "git remote set-head origin --auto"));
  }
  io.stdout(`envbranch doctor: ${apply.repository} ${apply.branch} (subscription ${target.subscriptionId})\n`);
  for (const finding of findings) io.stdout(`${formatFindingLine(finding)}\n`);
  return anyFailed(findings) ? EXIT_CHECKS_FAILED : EXIT_OK;
}

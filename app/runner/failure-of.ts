import type { FailureInput } from "./build-result.js";
import { messageChain } from "./message-chain.js";
import { RunnerFailure } from "./runner-failure.js";

/** The failure an error stands for: a RunnerFailure as it is, anything else as a runner bug. */
export function failureOf(error: unknown): FailureInput {
  if (error instanceof RunnerFailure) {
    return { kind: error.kind, step: error.step, explanation: error.message, lock: error.lock };
  }
  return {
    kind: "internal",
    step: null,
    explanation:
      `The runner stopped on an error it did not expect: ${messageChain(error)}. ` +
      "Terraform may have done part of its work; the log above shows how far it got. Please report this as an envbranch bug.",
    lock: null,
  };
}

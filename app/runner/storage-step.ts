import type { ContainerClient } from "@azure/storage-blob";
import { explainFailure } from "./explain-failure.js";
import { messageChain } from "./message-chain.js";
import type { StepName } from "./result-schema.js";
import { explainContextOf, type RunContext } from "./run-context.js";
import { RunnerFailure } from "./runner-failure.js";

/** Runs work on the state container as a recorded step; a failure becomes the run's state-access failure. */
export async function storageStep<T>(ctx: RunContext, step: StepName, work: (container: ContainerClient) => Promise<T>): Promise<T> {
  try {
    const container = await ctx.stateContainer();
    return await ctx.steps.storage(step, () => work(container));
  } catch (error) {
    if (error instanceof RunnerFailure) throw error;
    const excerpt = messageChain(error);
    throw new RunnerFailure("state-access-failed", step, explainFailure("state-access-failed", { ...explainContextOf(ctx), excerpt }), { cause: error });
  }
}

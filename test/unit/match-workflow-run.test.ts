import { describe, expect, it } from "vitest";
import { matchWorkflowRun, type WorkflowRunFacts } from "../../app/decisions/match-workflow-run.js";

const BOT = "envbranch[bot]";
const ID = "alice-apply-1000-0123abcd";
const dispatched = (overrides: Partial<WorkflowRunFacts> = {}): WorkflowRunFacts => ({ displayTitle: `envbranch apply env-alice [${ID}]`, event: "workflow_dispatch", triggeringActor: BOT, ...overrides });

// The reasons end up in the debug log line of every run the app ignores: they must say which check refused it.
describe("matchWorkflowRun", () => {
  it("matches a run the bot dispatched to the check run its correlation id names", () => {
    expect(matchWorkflowRun(dispatched(), BOT)).toEqual({ ok: true, correlationId: ID, slug: "alice", action: "apply", checkRunId: 1000 });
  });

  it.each<[string, Partial<WorkflowRunFacts>, string]>([
    ["a name without a bracketed id", { displayTitle: `envbranch apply env-alice ${ID}` }, "the run's name carries no envbranch correlation id"],
    ["a pushed run", { event: "push" }, "the run was triggered by push, not dispatched"],
    ["a run someone else dispatched", { triggeringActor: "mallory" }, `the run was started by mallory, not by ${BOT}`],
    ["a run with no triggering actor", { triggeringActor: null }, `the run was started by nobody, not by ${BOT}`],
    ["a bracketed id envbranch does not make", { displayTitle: "deploy [not-a-correlation-id]" }, "not-a-correlation-id is not a correlation id envbranch makes"],
  ])("refuses %s, saying why", (_case, overrides, reason) => {
    expect(matchWorkflowRun(dispatched(overrides), BOT)).toEqual({ ok: false, reason });
  });
});

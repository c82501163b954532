import { describe, expect, it } from "vitest";
import type { Action } from "../../app/spec/spec-schema.js";
import { evaluateTemplate } from "./support/evaluate-expression.js";
import { dispatchInputs, sampleSpec, type SampleSpecOptions } from "./support/sample-spec.js";
import { dispatchContexts, jobsThatRun, loadWorkflow, stepsThatRun, type Step } from "./support/workflow.js";

const workflow = loadWorkflow();

function contextsFor(options: SampleSpecOptions) {
  return dispatchContexts(dispatchInputs(sampleSpec(options)));
}

function groupFor(options: SampleSpecOptions): string {
  return String(evaluateTemplate(workflow.concurrency.group, contextsFor(options)));
}

describe("concurrency", () => {
  it("never cancels a running run", () => {
    expect(workflow.concurrency["cancel-in-progress"]).toBe(false);
  });

  it("serialises apply, deploy and destroy of one environment in one group", () => {
    const groups = (["apply", "deploy", "destroy"] as const).map((action) => groupFor({ action, branch: "env-alice" }));
    expect(new Set(groups)).toEqual(new Set(["envbranch-alice"]));
  });

  it("keeps plans out of that group, so a plan never replaces a pending apply or destroy", () => {
    const plan = groupFor({ action: "plan", branch: "env-alice", sha: "a".repeat(40) });
    expect(plan).toBe(`envbranch-alice:plan:${"a".repeat(40)}`);
    expect(plan).not.toBe(groupFor({ action: "apply", branch: "env-alice" }));
  });

  it("lets plans of different commits wait side by side, and dedupes plans of one commit", () => {
    const first = groupFor({ action: "plan", branch: "env-alice", sha: "a".repeat(40) });
    expect(groupFor({ action: "plan", branch: "env-alice", sha: "b".repeat(40) })).not.toBe(first);
    expect(groupFor({ action: "plan", branch: "env-alice", sha: "a".repeat(40) })).toBe(first);
  });

  it("gives unlock its own group, so it neither waits behind nor replaces a pending run", () => {
    const unlock = groupFor({ action: "unlock", branch: "env-alice" });
    expect(unlock).toBe("envbranch-alice:unlock");
  });

  it("gives restore its own group, so it never replaces a pending apply (its own lease keeps it from writing under one)", () => {
    expect(groupFor({ action: "restore", branch: "env-alice" })).toBe("envbranch-alice:restore");
  });

  it("never lets two environments share a group, even when one slug ends like a suffix", () => {
    const actions: Action[] = ["plan", "apply", "deploy", "destroy", "unlock", "restore"];
    const branches = ["env-alice", "env-alice-plan", "env-alice-unlock", "env-alice-restore", "env-bob"];
    const owners = new Map<string, string>();
    for (const branch of branches) {
      for (const action of actions) {
        const group = groupFor({ action, branch }).toLowerCase(); // GitHub compares groups case-insensitively
        expect(owners.get(group) ?? branch, `${group} is shared`).toBe(branch);
        owners.set(group, branch);
      }
    }
  });
});

describe("which jobs run for which action", () => {
  const expected: Record<Action, string[]> = {
    // Plans run in their own job, whose OIDC subject the apply identity does not trust.
    plan: ["plan"],
    apply: ["infrastructure", "build", "deploy"],
    // The runner's deploy action only reads the stack's outputs; nothing is planned or applied.
    deploy: ["infrastructure", "build", "deploy"],
    destroy: ["infrastructure"],
    unlock: ["infrastructure"],
    // Restore changes the state blob only, as the apply identity; there is nothing to build.
    restore: ["infrastructure"],
  };

  it.each(Object.entries(expected))("%s runs %j", (action, jobs) => {
    expect(jobsThatRun(workflow, contextsFor({ action: action as Action }), { infrastructure: { status: "succeeded" } })).toEqual(jobs);
  });

  it("deploys nothing when the runner found its commit superseded by a newer push", () => {
    expect(jobsThatRun(workflow, contextsFor({ action: "apply" }), { infrastructure: { status: "superseded" } })).toEqual(["infrastructure", "build"]);
  });

  it("deploys only after both the infrastructure and the build succeeded", () => {
    expect(workflow.jobs.deploy?.needs).toEqual(["infrastructure", "build"]);
  });
});

describe("which steps run", () => {
  const setups = (runtime: SampleSpecOptions["runtime"]) =>
    stepsThatRun(workflow, "build", contextsFor({ action: "apply", runtime })).filter((name) => name.startsWith("Set up"));

  it.each([
    ["node", ["Set up Node.js"]],
    ["java", ["Set up Java"]],
    ["python", ["Set up Python"]],
    ["docker", []],
  ] as const)("a %s build sets up %j", (runtime, expected) => {
    expect(setups(runtime)).toEqual(expected);
  });

  it.each([
    ["node", "Deploy to App Service"],
    ["java", "Deploy to App Service"],
    ["python", "Deploy to App Service"],
    ["docker", "Push the image and deploy it to Container Apps"],
  ] as const)("a %s app is deployed by %s", (runtime, expected) => {
    const deploys = stepsThatRun(workflow, "deploy", contextsFor({ action: "deploy", runtime })).filter((n) => /^(Deploy|Push)/.test(n));
    expect(deploys).toEqual([expected]);
  });

  it("deploys a Java app as its jar and the others as a zip", () => {
    const step = workflow.jobs.deploy!.steps.find((s) => s.uses?.startsWith("azure/webapps-deploy@"))!;
    const packageFor = (runtime: SampleSpecOptions["runtime"]) =>
      evaluateTemplate(String(step.with?.package), { ...contextsFor({ action: "deploy", runtime }), env: { APP_RUNTIME: runtime ?? null } });
    expect(packageFor("java")).toBe("/home/runner/work/_temp/envbranch-app/app.jar");
    expect(packageFor("node")).toBe("/home/runner/work/_temp/envbranch-app/app.zip");
  });

  describe("checkout of the stack", () => {
    const [first, fallback] = workflow.jobs.infrastructure!.steps.filter((s) => s.uses?.startsWith("actions/checkout@")) as [Step, Step];

    it("checks out the spec's commit", () => {
      const contexts = contextsFor({ action: "apply", sha: "c".repeat(40) });
      expect(evaluateTemplate(String(first.with?.ref), contexts)).toBe("c".repeat(40));
    });

    it.each(["plan", "apply", "deploy", "destroy", "unlock"] as const)("for %s, tolerates a missing commit only when destroying", (action) => {
      const tolerated = evaluateTemplate(String(first["continue-on-error"]), contextsFor({ action }));
      expect(tolerated).toBe(action === "destroy");
    });

    it("falls back to the default branch only when the first checkout failed", () => {
      const contexts = contextsFor({ action: "destroy" });
      const after = (outcome: string) => stepsThatRun(workflow, "infrastructure", contexts, { checkout: { outcome } });
      expect(after("failure")).toContain(fallback.name);
      expect(after("success")).not.toContain(fallback.name);
      expect(evaluateTemplate(String(fallback.with?.ref), contexts)).toBe("main");
    });
  });

  it("logs in to the Azure cloud the spec names, in every job that logs in", () => {
    const logins = Object.values(workflow.jobs).flatMap((job) => job.steps.filter((s) => s.uses?.startsWith("azure/login@")));
    expect(logins).toHaveLength(3);
    const spec = sampleSpec({ action: "apply" });
    for (const login of logins) {
      const cloudFor = (environment: "public" | "china" | "usgovernment") => {
        const inCloud = { ...spec, terraform: { ...spec.terraform, backend: { ...spec.terraform.backend, environment } } };
        return evaluateTemplate(String(login.with?.environment), dispatchContexts(dispatchInputs(inCloud)));
      };
      expect([cloudFor("public"), cloudFor("china"), cloudFor("usgovernment")]).toEqual(["azurecloud", "azurechinacloud", "azureusgovernment"]);
    }
  });
});

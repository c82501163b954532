import { describe, expect, it } from "vitest";
import { decidePush, type PushEvent, type PushFacts } from "../../app/decisions/decide-push.js";
import { deriveEnvironment } from "../../app/environment/derive-environment.js";
import { testConfig } from "../support/test-config.js";

const SHA = "a".repeat(40);
const config = testConfig();
const derived = deriveEnvironment("env-alice", config, { owner: "Codertocat", name: "Hello-World" });
if (!derived.ok) throw new Error(derived.reason);
const environment = derived.environment;

const push = (extra: Partial<PushEvent> = {}): PushEvent => ({
  branch: "env-alice",
  sha: SHA,
  before: "b".repeat(40),
  sender: "alice",
  configPath: ".github/envbranch.yml",
  created: false,
  forced: false,
  commits: [{ modified: ["terraform/main.tf"] }],
  ...extra,
});
const atHead = (extra: Partial<Extract<PushFacts, { kind: "environment" }>> = {}): PushFacts => ({ kind: "environment", config, environment, head: SHA, rivals: [], deployedBranch: null, lastDeploymentState: null, ...extra });

describe("decidePush", () => {
  it("starts an apply of the head", () => {
    expect(decidePush(push(), atHead())).toEqual({ kind: "start", config, environment, action: "apply", log: null });
  });

  it("does nothing for a commit the branch has moved past, saying so", () => {
    expect(decidePush(push(), atHead({ head: "c".repeat(40) }))).toMatchObject({ kind: "nothing", log: { level: "info", message: expect.stringMatching(/^superseded/), environment: "env-alice" } });
  });

  it("refuses a slug another branch deployed, in a check run keyed apart from any run", () => {
    expect(decidePush(push(), atHead({ rivals: ["env-Alice"], deployedBranch: "env-Alice" }))).toMatchObject({ kind: "check-run", name: "envbranch: env-alice", externalId: `envbranch:collision:${SHA}`, content: { conclusion: "failure" } });
  });

  it("applies an app-only change until the last deployment settled, then only deploys", () => {
    const appOnly = push({ commits: [{ modified: ["src/app.js"] }] });
    expect(decidePush(appOnly, atHead({ lastDeploymentState: "failure" }))).toMatchObject({ kind: "start", action: "apply", log: { fields: { wanted: "deploy", action: "apply" } } });
    expect(decidePush(appOnly, atHead({ lastDeploymentState: "success" }))).toMatchObject({ kind: "start", action: "deploy", log: null });
  });

  it("shows a missing or invalid config only on branches of the default prefix", () => {
    expect(decidePush(push(), { kind: "no-config", config: { status: "missing" } })).toMatchObject({ kind: "check-run", name: "envbranch: configuration", externalId: `envbranch:config:${SHA}` });
    expect(decidePush(push({ branch: "feature" }), { kind: "no-config", config: { status: "invalid", problems: [] } })).toEqual({ kind: "nothing", log: null });
  });

  it("refuses a branch that yields no valid slug, naming the rules", () => {
    const effect = decidePush(push({ branch: "env-" }), { kind: "refused-branch", config, reason: "nothing after the prefix" });
    expect(effect).toMatchObject({ kind: "check-run", name: "envbranch: env-", externalId: `envbranch:refused:${SHA}`, log: { level: "warn" } });
  });
});

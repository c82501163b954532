import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import type { PlanJson, ResourceChangeJson } from "../../../app/plan/plan-json.js";

/** The stacks the plans are made from: test/fixtures/plans/<name>/main.tf. */
const STACKS = fileURLToPath(new URL("../../fixtures/plans/", import.meta.url));

/** The sensitive variable's value before and after the change; neither may reach a summary. */
export const SECRET_BEFORE = "hunter2-before-7f3a9c";
export const SECRET_AFTER = "hunter2-after-91bc4e";

const TERRAFORM_ENV = { CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null", TF_IN_AUTOMATION: "1", TF_INPUT: "0" };

/** One plan made by the real CLI: its JSON file and what `terraform plan` printed. */
export interface GeneratedPlan {
  jsonPath: string;
  stdout: string;
}

export interface GeneratedPlans {
  /** base from an empty state: creates and new outputs. */
  create: GeneratedPlan;
  /** changed against applied base: every kind of change, sensitive values, output changes. */
  changes: GeneratedPlan;
  /** `plan -destroy` of applied base. */
  destroy: GeneratedPlan;
  /** `plan -refresh-only` of moved against applied base: a real `resource_drift` (a move). */
  moved: GeneratedPlan;
  /** `changes` with changed and deleted drift added (see `addDrift`); stdout is that of `changes`. */
  drift: GeneratedPlan;
  /** many resources from an empty state, to summarise past the budget. */
  many: GeneratedPlan;
}

/** Whether the real terraform CLI can run here, and if not, why. */
export async function terraformStatus(): Promise<{ ok: true; version: string } | { ok: false; reason: string }> {
  try {
    const { stdout } = await execa("terraform", ["version", "-json"], { env: TERRAFORM_ENV });
    return { ok: true, version: (JSON.parse(stdout) as { terraform_version: string }).terraform_version };
  } catch (error) {
    return { ok: false, reason: `\`terraform version\` failed: ${(error as Error).message.split("\n")[0]}` };
  }
}

/** Runs the real terraform CLI over the fixture stacks in `workDir` and returns the plans it made. */
export async function generatePlans(workDir: string): Promise<GeneratedPlans> {
  const stack = join(workDir, "stack");
  await mkdir(stack, { recursive: true });
  const tf = (args: string[], secret = SECRET_BEFORE) =>
    execa("terraform", args, { cwd: stack, env: { ...TERRAFORM_ENV, TF_VAR_db_password: secret } });
  const useStack = (name: string) => copyFile(join(STACKS, name, "main.tf"), join(stack, "main.tf"));
  const plan = async (name: string, args: string[], secret?: string): Promise<GeneratedPlan> => {
    const { stdout } = await tf(["plan", "-no-color", `-out=${name}.tfplan`, ...args], secret);
    const json = await tf(["show", "-json", `${name}.tfplan`], secret);
    const jsonPath = join(workDir, `${name}.json`);
    await writeFile(jsonPath, json.stdout);
    return { jsonPath, stdout };
  };

  await useStack("base");
  await tf(["init", "-no-color"]);
  const create = await plan("create", []);
  await tf(["apply", "-no-color", "-auto-approve"]);
  const destroy = await plan("destroy", ["-destroy"]);
  await useStack("moved");
  const moved = await plan("moved", ["-refresh-only"]);
  await useStack("changed");
  const changes = await plan("changes", [], SECRET_AFTER);
  const drift = { jsonPath: join(workDir, "drift.json"), stdout: changes.stdout };
  await writeFile(drift.jsonPath, JSON.stringify(addDrift(JSON.parse(await readFile(changes.jsonPath, "utf8")) as PlanWithState)));

  const manyDir = join(workDir, "many");
  await mkdir(manyDir);
  await copyFile(join(STACKS, "many", "main.tf"), join(manyDir, "main.tf"));
  await execa("terraform", ["init", "-no-color"], { cwd: manyDir, env: TERRAFORM_ENV });
  const manyPlan = await execa("terraform", ["plan", "-no-color", "-out=many.tfplan"], { cwd: manyDir, env: TERRAFORM_ENV });
  const manyJson = await execa("terraform", ["show", "-json", "many.tfplan"], { cwd: manyDir, env: TERRAFORM_ENV });
  const many = { jsonPath: join(workDir, "many.json"), stdout: manyPlan.stdout };
  await writeFile(many.jsonPath, manyJson.stdout);

  return { create, changes, destroy, moved, drift, many };
}

interface StateResource {
  address: string;
  mode: string;
  type: string;
  name: string;
  index?: unknown;
  provider_name: string;
  values: Record<string, unknown>;
  sensitive_values: Record<string, unknown>;
}

type PlanWithState = PlanJson & { prior_state: { values: { root_module: { resources: StateResource[] } } } };

/**
 * Adds drift to a real plan, because terraform_data cannot drift for real: its refresh returns the
 * stored state unchanged, so a state edited outside Terraform shows as a planned change, never as
 * `resource_drift` (checked against Terraform 1.11). The entries are built the way Terraform
 * builds them (internal/command/jsonplan: the same shape as `resource_changes`, `before` the state
 * before refresh, `after` the refreshed object, marks from the state) from the plan's own
 * `prior_state`: `database` changed outside Terraform (its sensitive password among the changed
 * values) and `worker[1]` deleted outside Terraform.
 */
export function addDrift(plan: PlanWithState): PlanJson {
  const resources = plan.prior_state.values.root_module.resources;
  const find = (address: string) => {
    const found = resources.find((r) => r.address === address);
    if (!found) throw new Error(`the generated plan has no ${address} in prior_state`);
    return found;
  };
  const drifted = (r: StateResource, actions: string[], before: Record<string, unknown>, after: Record<string, unknown> | null): ResourceChangeJson =>
    ({
      address: r.address,
      mode: r.mode,
      type: r.type,
      name: r.name,
      ...(r.index === undefined ? {} : { index: r.index }),
      provider_name: r.provider_name,
      change: {
        actions,
        before,
        after,
        after_unknown: {},
        before_sensitive: r.sensitive_values,
        after_sensitive: after ? r.sensitive_values : false,
      },
    }) as ResourceChangeJson;
  const database = find("terraform_data.database");
  const worker = find("terraform_data.worker[1]");
  const edited = { ...database.values, input: { name: "db-renamed-by-hand", password: SECRET_BEFORE } };
  return { ...plan, resource_drift: [drifted(database, ["update"], edited, database.values), drifted(worker, ["delete"], worker.values, null)] };
}

import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PlanJson } from "../../app/plan/plan-json.js";
import { summarizePlan, summarizePlanFile, type PlanSummary } from "../../app/plan/summarize-plan.js";
import { generatePlans, SECRET_AFTER, SECRET_BEFORE, terraformStatus, type GeneratedPlan, type GeneratedPlans } from "./support/terraform-plans.js";

const terraform = await terraformStatus();
if (!terraform.ok) {
  if (process.env.CI === "true") throw new Error(`the real terraform CLI is required when CI=true: ${terraform.reason}`);
  console.warn(`skipping the plan summary tests against real Terraform plans: ${terraform.reason}`);
}

/** Terraform's own count line from `terraform plan` output. */
function terraformPlanLine(stdout: string): string {
  const line = /^Plan: .*\.$/m.exec(stdout)?.[0];
  if (!line) throw new Error(`terraform plan printed no "Plan:" line:\n${stdout}`);
  return line;
}

/** A section of the markdown, from its heading to its closing tag. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`<strong>${heading}</strong>`);
  if (start < 0) return "";
  return markdown.slice(start, markdown.indexOf("</details>", start));
}

describe.skipIf(!terraform.ok)("plan summary of real Terraform plans", () => {
  let workDir: string;
  let plans: GeneratedPlans;
  const summaries = new Map<GeneratedPlan, PlanSummary>();
  const summary = async (plan: GeneratedPlan) => {
    const cached = summaries.get(plan);
    if (cached) return cached;
    const made = await summarizePlanFile(plan.jsonPath, { fullPlan: "[plan.json](https://example.test/artifact)" });
    summaries.set(plan, made);
    return made;
  };

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), "envbranch-plans-"));
    plans = await generatePlans(workDir);
  });
  afterAll(async () => {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it.each(["create", "changes", "destroy", "many"] as const)("counts the %s plan as Terraform's own Plan line does", async (name) => {
    const plan = plans[name];
    const made = await summary(plan);
    expect(`Plan: ${made.title}.`).toBe(terraformPlanLine(plan.stdout));
    expect(made.markdown).toContain(`**Plan: ${made.title}.**`);
  });

  it("counts each kind of change of the changes plan", async () => {
    const made = await summary(plans.changes);
    expect(made.counts).toEqual({ create: 2, update: 2, replace: 1, delete: 1, read: 1 });
    expect(made.title).toBe("3 to add, 2 to change, 2 to destroy");
  });

  it("lists resources by kind, with what forces a replacement and why a resource goes", async () => {
    const { markdown } = await summary(plans.changes);
    expect(section(markdown, "Replace")).toContain("- `terraform_data.app` — forced by `triggers_replace`");
    expect(section(markdown, "Replace")).toContain('`triggers_replace`: `["image-1"]` → `["image-2"]`');
    expect(section(markdown, "Destroy")).toContain("- `terraform_data.legacy` — removed from configuration");
    expect(section(markdown, "Create")).toContain("- `terraform_data.worker[2]`");
    expect(section(markdown, "Create")).toContain("- `terraform_data.cache`");
    expect(section(markdown, "Read (data sources)")).toContain("- `data.terraform_remote_state.cache` — configuration known after apply");
    expect(section(markdown, "Update in place")).toContain('`input`: `{"cidr":"10.0.0.0/16","release":"r1"}` → `{"cidr":"10.0.0.0/16","release":"r2"}`');
  });

  it("never shows a sensitive value, though the plan JSON holds it in plain text", async () => {
    const planText = await readFile(plans.changes.jsonPath, "utf8");
    expect(planText).toContain(SECRET_BEFORE);
    expect(planText).toContain(SECRET_AFTER);
    for (const plan of [plans.changes, plans.drift, plans.create, plans.destroy, plans.moved]) {
      const { markdown } = await summary(plan);
      expect(markdown).not.toContain(SECRET_BEFORE);
      expect(markdown).not.toContain(SECRET_AFTER);
      expect(markdown).not.toContain("hunter2");
    }
    const { markdown } = await summary(plans.changes);
    expect(section(markdown, "Update in place")).toContain("- `terraform_data.database`\n  - `input`: `(sensitive)` → `(sensitive)`");
    // terraform_data copies the input to `output` without its sensitive mark; the copy is caught by its content.
    expect(section(markdown, "Update in place")).toContain("  - `output`: `(sensitive)` → `(known after apply)`");
    expect(section(markdown, "Output changes")).toContain("- `db_password`: `(sensitive)` → `(sensitive)`");
  });

  it("shows output changes: updated, added (known after apply) and removed", async () => {
    const outputs = section((await summary(plans.changes)).markdown, "Output changes");
    expect(outputs).toContain('- `url`: `"https://app-r1.example.test"` → `"https://app-r2.example.test"`');
    expect(outputs).toContain("- `cache_id`: `(known after apply)` (new)");
    expect(outputs).toMatch(/- `legacy_id`: removed \(was `"[0-9a-f-]{36}"`\)/);
  });

  it("shows Terraform's real resource_drift of a refresh-only plan: a moved resource", async () => {
    const plan = JSON.parse(await readFile(plans.moved.jsonPath, "utf8")) as PlanJson;
    expect(plan.resource_drift?.map((d) => [d.address, d.previous_address])).toEqual([["terraform_data.retired", "terraform_data.legacy"]]);
    expect(plans.moved.stdout).toContain("terraform_data.legacy has moved to terraform_data.retired");
    const made = await summary(plans.moved);
    expect(made.drift).toBe(1);
    expect(section(made.markdown, "Changed outside Terraform")).toContain("- `terraform_data.retired` (moved from `terraform_data.legacy`)");
    expect(made.markdown).toContain("**No changes.**");
  });

  it("shows changes made outside Terraform, masked like planned ones", async () => {
    const made = await summary(plans.drift);
    expect(made.drift).toBe(2);
    expect(made.title).toBe((await summary(plans.changes)).title);
    const drift = section(made.markdown, "Changed outside Terraform");
    expect(drift).toContain("- `terraform_data.database` — changed outside Terraform\n  - `input`: `(sensitive)` → `(sensitive)`");
    expect(drift).toContain("- `terraform_data.worker[1]` — deleted outside Terraform");
  });

  it("leaves resources out of a large real plan to fit its budget, and says how many and where the full plan is", async () => {
    const made = await summarizePlanFile(plans.many.jsonPath, { budget: 8_000, fullPlan: "[plan.json](https://example.test/artifact)" });
    expect(made.markdown.length).toBeLessThanOrEqual(8_000);
    expect(made.counts.create).toBe(600);
    const listed = made.markdown.match(/^- /gm)?.length ?? 0;
    expect(listed).toBe(made.listed);
    expect(made.markdown).toContain(`**${601 - listed} of 601 changes are not listed**`);
    expect(made.markdown).toContain("The full plan: [plan.json](https://example.test/artifact)");
  });

  it("gives the same summary from the file (scanned) as from the parsed plan", async () => {
    for (const plan of [plans.create, plans.changes, plans.destroy, plans.moved, plans.drift, plans.many]) {
      const parsed = JSON.parse(await readFile(plan.jsonPath, "utf8")) as PlanJson;
      const fromValue = summarizePlan(parsed, { fullPlan: "[plan.json](https://example.test/artifact)" });
      expect(fromValue).toEqual(await summary(plan));
    }
  });
});

/**
 * Benchmark of the plan summary on a generated plan of 20,000 resource changes, against a bare
 * `JSON.parse` of the same file and a jq summary of it, in the same run.
 *
 * Every measurement runs in a fresh child process, so peak memory (max RSS) is that task's alone.
 * Wall time suffers from whatever else the machine runs, so CPU time (user + system) is printed
 * beside it, with the load average.
 * The Node children run plain JavaScript transpiled from this repository's TypeScript, not under a
 * TypeScript loader, so they measure what production runs. Targets (issue 4): at most 1.5× the time
 * of the bare parse, at least 3× faster than jq, peak memory at most 3× the file size.
 *
 * Run alone: `npx tsx bench/plan-summary.ts`.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { summarizePlanFile } from "../app/plan/summarize-plan.js";

const RESOURCE_CHANGES = 20_000;
/** About 500 MB of plan JSON with this generator (4 kB a change, its prior state included). */
const HUGE_RESOURCE_CHANGES = 125_000;
const RUNS = 5;
const TARGET_TIME_VS_PARSE = 1.5;
const TARGET_SPEEDUP_VS_JQ = 3;
const TARGET_RSS_VS_FILE = 3;
const JQ = "jq";
const GNU_TIME = "/usr/bin/time";
const JQ_SUMMARY = '[.resource_changes[]?.change.actions | join("-")] | group_by(.) | map({key: .[0], value: length}) | from_entries';

/** Generates the plan, measures the three tasks and prints the figures, one per line. */
export async function benchPlanSummary(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "envbranch-bench-plan-"));
  try {
    const planPath = join(work, "plan.json");
    writePlan(planPath, RESOURCE_CHANGES);
    const fileBytes = statSync(planPath).size;
    const child = await transpileForChildren(join(work, "js"));
    ensureTool(JQ, ["--version"], "jq");
    ensureTool(GNU_TIME, ["-f", "%M", "true"], "time");

    const parse = median(RUNS, () => runNodeChild(child, "parse", planPath));
    const summary = median(RUNS, () => runNodeChild(child, "summary", planPath));
    const jqRun = median(RUNS, () => runTimed(JQ, ["-c", JQ_SUMMARY, planPath]));
    const idle = median(RUNS, () => runNodeChild(child, "idle", planPath));

    const counts = JSON.parse(runNodeChild(child, "counts", planPath).stdout) as Record<string, number>;
    const byJq = JSON.parse(jqRun.stdout) as Record<string, number>;
    const fromJq = { create: byJq.create ?? 0, update: byJq.update ?? 0, replace: (byJq["delete-create"] ?? 0) + (byJq["create-delete"] ?? 0), delete: byJq.delete ?? 0, read: byJq.read ?? 0 };
    const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
    console.log(`plan-summary: generated plan resource changes: ${RESOURCE_CHANGES}`);
    console.log(`plan-summary: plan file size MB: ${mb(fileBytes)}`);
    console.log(`plan-summary: runs per task (median reported): ${RUNS}`);
    console.log(`plan-summary: summary counts ${JSON.stringify(counts)} agree with jq's: ${JSON.stringify(counts) === JSON.stringify(fromJq) ? "yes" : `NO, jq says ${JSON.stringify(fromJq)}`}`);
    console.log(`plan-summary: bare JSON.parse time ms (read + parse, in process): ${parse.workMs.toFixed(0)}`);
    console.log(`plan-summary: summary time ms (read + scan + render, in process): ${summary.workMs.toFixed(0)}`);
    console.log(`plan-summary: bare JSON.parse process wall ms: ${parse.wallMs.toFixed(0)}`);
    console.log(`plan-summary: summary process wall ms: ${summary.wallMs.toFixed(0)}`);
    console.log(`plan-summary: jq summary process wall ms: ${jqRun.wallMs.toFixed(0)}`);
    console.log(`plan-summary: bare JSON.parse process CPU ms: ${parse.cpuMs.toFixed(0)}`);
    console.log(`plan-summary: summary process CPU ms: ${summary.cpuMs.toFixed(0)}`);
    console.log(`plan-summary: jq summary process CPU ms: ${jqRun.cpuMs.toFixed(0)}`);
    console.log(`plan-summary: load average (1 min) on ${cpus().length} cores: ${loadavg()[0]!.toFixed(2)}`);
    console.log(`plan-summary: idle node process peak RSS MB: ${mb(idle.maxRssBytes)}`);
    console.log(`plan-summary: bare JSON.parse peak RSS MB: ${mb(parse.maxRssBytes)}`);
    console.log(`plan-summary: summary peak RSS MB: ${mb(summary.maxRssBytes)}`);
    console.log(`plan-summary: jq summary peak RSS MB: ${mb(jqRun.maxRssBytes)}`);
    report("summary time / bare parse time", summary.workMs / parse.workMs, "at most", TARGET_TIME_VS_PARSE);
    report("summary CPU / bare parse CPU", summary.cpuMs / parse.cpuMs, "at most", TARGET_TIME_VS_PARSE);
    report("jq wall / summary wall (speed-up over jq)", jqRun.wallMs / summary.wallMs, "at least", TARGET_SPEEDUP_VS_JQ);
    report("jq CPU / summary CPU (speed-up over jq)", jqRun.cpuMs / summary.cpuMs, "at least", TARGET_SPEEDUP_VS_JQ);
    report("summary peak RSS / file size", summary.maxRssBytes / fileBytes, "at most", TARGET_RSS_VS_FILE);
    console.log(`plan-summary: bare parse peak RSS / file size, for comparison: ${(parse.maxRssBytes / fileBytes).toFixed(2)}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The runner's case on a plan far past what a process can parse whole (issue 15: a 500 MB plan JSON):
 * `terraform show -json` is streamed to a file and summarised by the same bounded scanner. Printed
 * against an idle Node process and against a bare `JSON.parse`, which cannot even hold the text.
 * Run alone: `npx tsx bench/plan-summary.ts --huge`.
 */
export async function benchHugePlanSummary(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "envbranch-bench-huge-plan-"));
  try {
    const planPath = join(work, "plan.json");
    const generated = performance.now();
    writePlan(planPath, HUGE_RESOURCE_CHANGES);
    const fileBytes = statSync(planPath).size;
    const child = await transpileForChildren(join(work, "js"));
    ensureTool(GNU_TIME, ["-f", "%M", "true"], "time");
    const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
    console.log(`plan-summary-huge: generated ${HUGE_RESOURCE_CHANGES} resource changes, ${mb(fileBytes)} MB, in ${((performance.now() - generated) / 1000).toFixed(1)} s`);
    const idle = runNodeChild(child, "idle", planPath);
    const summary = runNodeChild(child, "summary", planPath);
    const parse = spawnSync(GNU_TIME, ["-f", "%M", process.execPath, child, "--child", "parse", planPath], { encoding: "utf8" });
    console.log(`plan-summary-huge: summary time ms: ${summary.workMs.toFixed(0)} (CPU ${summary.cpuMs.toFixed(0)})`);
    console.log(`plan-summary-huge: idle node process peak RSS MB: ${mb(idle.maxRssBytes)}`);
    console.log(`plan-summary-huge: summary peak RSS MB: ${mb(summary.maxRssBytes)}`);
    console.log(`plan-summary-huge: bare JSON.parse: ${parse.status === 0 ? "parsed" : `failed (${(parse.stderr.match(/(RangeError|Error)[^\n]*/)?.[0] ?? `exit ${parse.status}`).slice(0, 120)})`}`);
    report("huge: summary peak RSS / file size", summary.maxRssBytes / fileBytes, "at most", TARGET_RSS_VS_FILE);
    console.log(`plan-summary-huge: summary peak RSS / idle node RSS: ${(summary.maxRssBytes / idle.maxRssBytes).toFixed(2)}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function report(name: string, ratio: number, bound: "at most" | "at least", target: number): void {
  const met = bound === "at most" ? ratio <= target : ratio >= target;
  console.log(`plan-summary: ${name}: ${ratio.toFixed(2)} (target ${bound} ${target}) ${met ? "met" : "MISSED"}`);
}

interface Measurement {
  wallMs: number;
  /** User plus system CPU time of the process: less disturbed than wall time by other load on the machine. */
  cpuMs: number;
  workMs: number;
  maxRssBytes: number;
}

function median<M extends Measurement>(runs: number, measure: () => M): M {
  const all = Array.from({ length: runs }, measure);
  const mid = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return {
    ...all[0]!,
    wallMs: mid(all.map((m) => m.wallMs)),
    cpuMs: mid(all.map((m) => m.cpuMs)),
    workMs: mid(all.map((m) => m.workMs)),
    maxRssBytes: mid(all.map((m) => m.maxRssBytes)),
  };
}

/** Runs a program under GNU time, which reports the child's peak RSS and CPU time on stderr's last line. */
function runTimed(program: string, args: string[]): Measurement & { stdout: string } {
  const started = performance.now();
  const result = spawnSync(GNU_TIME, ["-f", "%M %U %S", program, ...args], { encoding: "utf8", maxBuffer: 64 << 20 });
  const wallMs = performance.now() - started;
  if (result.status !== 0) throw new Error(`${program} ${args.join(" ")} failed: ${result.stderr}`);
  const [rssKb, user, system] = result.stderr.trim().split("\n").pop()!.split(" ").map(Number);
  return { wallMs, cpuMs: (user! + system!) * 1000, workMs: wallMs, maxRssBytes: rssKb! * 1024, stdout: result.stdout };
}

function runNodeChild(script: string, task: string, planPath: string): Measurement & { stdout: string } {
  const run = runTimed(process.execPath, [script, "--child", task, planPath]);
  if (task === "counts") return run;
  const { workMs } = JSON.parse(run.stdout) as { workMs: number };
  return { ...run, workMs };
}

/** What a child process does: one task, timed from its first byte read to its result. */
async function childTask(task: string, planPath: string): Promise<void> {
  if (task === "counts") {
    process.stdout.write(JSON.stringify((await summarizePlanFile(planPath)).counts));
    return;
  }
  const started = performance.now();
  let check: number;
  if (task === "parse") {
    const plan = JSON.parse(readFileSync(planPath, "utf8")) as { resource_changes: unknown[] };
    check = plan.resource_changes.length;
  } else if (task === "summary") {
    check = (await summarizePlanFile(planPath)).markdown.length;
  } else {
    check = 0;
  }
  process.stdout.write(JSON.stringify({ workMs: performance.now() - started, check }));
}

/**
 * Transpiles this file and app/plan/ to plain JavaScript in `outDir`, keeping their relative
 * layout so the `.js` imports resolve, and returns the path of this file's transpiled copy.
 */
async function transpileForChildren(outDir: string): Promise<string> {
  const ts = (await import("typescript")).default;
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  const sources = [join(root, "bench", "plan-summary.ts"), ...readdirSync(join(root, "app", "plan")).filter((f) => f.endsWith(".ts")).map((f) => join(root, "app", "plan", f))];
  for (const source of sources) {
    const { outputText } = ts.transpileModule(readFileSync(source, "utf8"), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    const target = join(outDir, relative(root, source)).replace(/\.ts$/, ".js");
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
  writeFileSync(join(outDir, "package.json"), '{ "type": "module" }\n');
  return join(outDir, "bench", "plan-summary.js");
}

/** Installs a Debian package when its program does not run. */
function ensureTool(program: string, probe: string[], debianPackage: string): void {
  if (spawnSync(program, probe).status === 0) return;
  console.log(`plan-summary: ${program} missing; installing ${debianPackage} from Debian's packages`);
  execFileSync("apt-get", ["update"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "--no-install-recommends", debianPackage], { stdio: "inherit" });
}

// ---- the generated plan ----------------------------------------------------------------------

/** A small deterministic generator, so every run measures the same plan. */
function randomFrom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES = ["azurerm_storage_account", "azurerm_linux_web_app", "azurerm_key_vault_secret", "azurerm_role_assignment", "azurerm_private_endpoint", "azurerm_monitor_diagnostic_setting"];
const ACTIONS: Array<[string[], number]> = [[["no-op"], 0.4], [["create"], 0.25], [["update"], 0.15], [["delete", "create"], 0.08], [["delete"], 0.08], [["read"], 0.04]];

interface GeneratedResource {
  address: string;
  moduleAddress: string;
  mode: string;
  type: string;
  name: string;
  index: string;
  actions: string[];
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** Resource `i` of the plan, the same every time it is asked for. */
function resourceAt(i: number): GeneratedResource {
  const random = randomFrom(i + 1);
  let pick = random();
  const actions = ACTIONS.find(([, p]) => (pick -= p) < 0)?.[0] ?? ["no-op"];
  const type = TYPES[i % TYPES.length]!;
  const region = ["westeurope", "northeurope", "swedencentral"][i % 3]!;
  const moduleAddress = `module.region["${region}"].module.service["svc-${i % 97}"]`;
  const mode = actions[0] === "read" ? "data" : "managed";
  const name = "this";
  const index = `instance-${i}`;
  const address = `${moduleAddress}.${mode === "data" ? "data." : ""}${type}.${name}["${index}"]`;
  const values = (generation: number): Record<string, unknown> => ({
    id: `/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourceGroups/rg-shop-${region}/providers/Microsoft.Web/sites/app-${i}`,
    name: `app-${i}-${region}`,
    location: region,
    resource_group_name: `rg-shop-${region}`,
    enabled: generation % 2 === 0,
    https_only: true,
    sku_name: ["P1v3", "P2v3", "S1"][generation % 3],
    tags: { environment: "staging", owner: "platform-team", cost_center: `cc-${i % 13}`, revision: `r${generation}`, managed_by: "envbranch" },
    site_config: { always_on: true, ftps_state: "Disabled", http2_enabled: true, minimum_tls_version: "1.2", worker_count: 1 + (generation % 3), health_check_path: "/healthz" },
    ip_restriction: [
      { name: "office", action: "Allow", priority: 100, ip_address: `10.${i % 255}.0.0/16` },
      { name: "vpn", action: "Allow", priority: 200, ip_address: "192.168.0.0/24" },
    ],
    connection_string: `Server=tcp:sql-${i}.database.windows.net;Password=generated-${Math.floor(random() * 1e9)}`,
  });
  const generation = Math.floor(random() * 10);
  const before = actions[0] === "create" || actions[0] === "read" ? null : values(generation);
  const after = actions[0] === "delete" && actions.length === 1 ? null : actions[0] === "no-op" ? before : values(generation + 1);
  return { address, moduleAddress, mode, type, name, index, actions, before, after };
}

function sensitiveOf(values: Record<string, unknown> | null): unknown {
  return values ? { connection_string: true, tags: {}, site_config: [{}], ip_restriction: [{}, {}] } : false;
}

function resourceChangeJson(r: GeneratedResource): string {
  const replacing = r.actions.length === 2;
  return JSON.stringify({
    address: r.address,
    module_address: r.moduleAddress,
    mode: r.mode,
    type: r.type,
    name: r.name,
    index: r.index,
    provider_name: "registry.terraform.io/hashicorp/azurerm",
    change: {
      actions: r.actions,
      before: r.before,
      after: r.after,
      after_unknown: r.after ? (r.actions[0] === "create" || replacing ? { id: true, site_config: [{}] } : {}) : false,
      before_sensitive: sensitiveOf(r.before),
      after_sensitive: sensitiveOf(r.after),
      ...(replacing ? { replace_paths: [["name"], ["location"]] } : {}),
    },
    ...(replacing ? { action_reason: "replace_because_cannot_update" } : {}),
  });
}

function stateResourceJson(r: GeneratedResource, values: Record<string, unknown>): string {
  return JSON.stringify({
    address: r.address,
    mode: r.mode,
    type: r.type,
    name: r.name,
    index: r.index,
    provider_name: "registry.terraform.io/hashicorp/azurerm",
    schema_version: 1,
    values,
    sensitive_values: sensitiveOf(values),
  });
}

function configurationResourceJson(i: number): string {
  return JSON.stringify({
    address: `${TYPES[i % TYPES.length]}.this`,
    mode: "managed",
    type: TYPES[i % TYPES.length],
    name: "this",
    provider_config_key: "azurerm",
    expressions: {
      name: { references: ["local.name_prefix", "each.key"] },
      location: { references: ["var.location"] },
      resource_group_name: { references: ["azurerm_resource_group.this.name", "azurerm_resource_group.this"] },
      tags: { references: ["local.tags"] },
      site_config: [{ always_on: { constant_value: true }, minimum_tls_version: { constant_value: "1.2" } }],
    },
    schema_version: 1,
    for_each_expression: { references: ["var.instances"] },
  });
}

/** Writes a plan JSON of `count` resource changes, shaped like `terraform show -json` output. */
function writePlan(path: string, count: number): void {
  const fd = openSync(path, "w");
  let pending = "";
  const write = (text: string) => {
    pending += text;
    if (pending.length > 1 << 20) {
      writeSync(fd, pending);
      pending = "";
    }
  };
  const list = (n: number, item: (i: number) => string | null) => {
    let first = true;
    for (let i = 0; i < n; i++) {
      const text = item(i);
      if (text === null) continue;
      write(first ? text : `,${text}`);
      first = false;
    }
  };
  write('{"format_version":"1.2","terraform_version":"1.11.4","variables":{"location":{"value":"westeurope"},"admin_password":{"value":"bench-secret"}},');
  write('"planned_values":{"outputs":{},"root_module":{"resources":[');
  list(count, (i) => {
    const r = resourceAt(i);
    return r.after ? stateResourceJson(r, r.after) : null;
  });
  write(']}},"resource_drift":[');
  list(200, (i) => {
    const r = resourceAt(i * 97);
    if (!r.before) return null;
    return resourceChangeJson({ ...r, actions: ["update"], after: { ...r.before, tags: { drifted: "yes" } } });
  });
  write('],"resource_changes":[');
  list(count, (i) => resourceChangeJson(resourceAt(i)));
  write('],"output_changes":{');
  list(50, (i) => `"output_${i}":${JSON.stringify({ actions: [i % 3 === 0 ? "update" : "no-op"], before: `v${i}`, after: `w${i}`, after_unknown: false, before_sensitive: i % 7 === 0, after_sensitive: i % 7 === 0 })}`);
  write('},"prior_state":{"format_version":"1.0","terraform_version":"1.11.4","values":{"root_module":{"resources":[');
  list(count, (i) => {
    const r = resourceAt(i);
    return r.before ? stateResourceJson(r, r.before) : null;
  });
  write(']}}},"configuration":{"provider_config":{"azurerm":{"name":"azurerm","full_name":"registry.terraform.io/hashicorp/azurerm"}},"root_module":{"resources":[');
  list(Math.floor(count / 10), configurationResourceJson);
  write(']}},"timestamp":"2026-11-22T06:00:00Z","applyable":true,"complete":true,"errored":false}\n');
  writeSync(fd, pending);
  closeSync(fd);
}

// ---- entry points ----------------------------------------------------------------------------

const invokedPath = process.argv[1] ? pathToFileURL(process.argv[1]).href : "";
if (import.meta.url === invokedPath) {
  const [flag, task, planPath] = process.argv.slice(2);
  if (flag === "--child" && task && planPath) await childTask(task, planPath);
  else if (flag === "--huge") await benchHugePlanSummary();
  else await benchPlanSummary();
}

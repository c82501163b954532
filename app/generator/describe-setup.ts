import type { GeneratedSetup } from "./generate-setup.js";

/** Each detection as what, value and why: the rows `envbranch init` prints and the onboarding pull request shows. */
export function detectionRows(setup: GeneratedSetup): Array<[string, string, string]> {
  const { detected } = setup;
  return [
    ["project", setup.project.value, setup.project.reason],
    ["runtime", detected.runtime.value, detected.runtime.reason],
    ["app.path", detected.appPath, "the app's folder, as the runtime's manifest says"],
    ["stack", detected.stack.value, detected.stack.reason],
    ...setup.addons.map(({ value, reason }): [string, string, string] => ["add-on", value, reason]),
    ...(setup.containerPort ? [["port", String(setup.containerPort.value), setup.containerPort.reason] as [string, string, string]] : []),
  ];
}

/** What `envbranch init` tells its reader: each detection with its evidence, the notes, and what an existing stack must change. */
export function describeSetup(setup: GeneratedSetup): string[] {
  const { terraform } = setup;
  const rows = detectionRows(setup);
  const width = (column: 0 | 1) => Math.max(...rows.map((row) => row[column].length));
  const lines = ["Detected:", ...rows.map(([what, value, why]) => `  ${what.padEnd(width(0))}  ${value.padEnd(width(1))}  ${why}`)];
  if (setup.addons.length === 0) lines.push("  no database, cache or Azure SDK in the app's manifests: the stack's add-ons stay off");
  if (terraform.kept) {
    lines.push(`Terraform: kept the repository's own stack in ${terraform.directory}/.`);
    lines.push(...(terraform.findings.length === 0 ? ["  It keeps envbranch's stack contract."] : ["  To keep envbranch's stack contract (terraform-templates/README.md):", ...terraform.findings.map((f) => `  - ${f}`)]));
  }
  if (setup.notes.length > 0) lines.push("Notes:", ...setup.notes.map((note) => `  - ${note}`));
  return lines;
}

/** What `envbranch init` detects in a pushed commit (`describeSetup`'s lines), or why the commit could not be read. */
export type DetectedSetup = { lines: string[] } | { unavailable: string };

import type { APP_RUNTIMES } from "../config/config-schema.js";
import { depthOf, fileNameOf, folderOf, type Detection } from "./repository-files.js";

type AppRuntime = (typeof APP_RUNTIMES)[number];

/** The stacks of terraform-templates/. */
export const STACK_NAMES = ["app-service", "container-apps", "functions"] as const;
export type StackName = (typeof STACK_NAMES)[number];

export interface RuntimeDetection {
  runtime: Detection<AppRuntime>;
  stack: Detection<StackName>;
  /** `app.path`: the folder of the app's manifest, "." at the root. */
  appPath: string;
  notes: string[];
}

type Kind = "java" | "dotnet" | "python" | "node" | "docker";

/** What says a folder holds an app of each kind, most telling first: a Java or Python app often carries a package.json for its front end. */
const KINDS: Array<{ kind: Kind; is(name: string): boolean }> = [
  { kind: "java", is: (name) => ["pom.xml", "build.gradle", "build.gradle.kts"].includes(name) },
  { kind: "dotnet", is: (name) => name.endsWith(".csproj") },
  { kind: "python", is: (name) => name === "requirements.txt" || name === "pyproject.toml" },
  { kind: "node", is: (name) => name === "package.json" },
  { kind: "docker", is: (name) => name === "Dockerfile" },
];

const DESCRIBED: Record<Exclude<Kind, "docker" | "dotnet">, string> = { java: "a Java project", python: "a Python project", node: "a Node.js project" };

/** The runtime, the stack and the app's folder, from the repository's paths alone. */
export function detectRuntime(paths: readonly string[]): RuntimeDetection {
  const candidates = paths.flatMap((path) => {
    const rank = KINDS.findIndex(({ is }) => is(fileNameOf(path)));
    return rank < 0 ? [] : [{ path, folder: folderOf(path), rank }];
  });
  if (candidates.length === 0) {
    return {
      runtime: { value: "node", reason: "no manifest of a known runtime (package.json, pom.xml, build.gradle, requirements.txt, pyproject.toml, *.csproj, Dockerfile); node is the config's default" },
      stack: { value: "app-service", reason: "App Service runs node" },
      appPath: ".",
      notes: ["Nothing told the runtime: set app.runtime and app.path in .github/envbranch.yml."],
    };
  }
  // The shallowest app wins; at one depth, the most telling manifest, then the first folder by name.
  candidates.sort((a, b) => depthOf(a.path) - depthOf(b.path) || a.rank - b.rank || a.path.localeCompare(b.path));
  const folder = candidates[0]!.folder;
  const here = candidates.filter((c) => c.folder === folder);
  const others = [...new Set(candidates.filter((c) => c.folder !== folder && depthOf(c.path) === depthOf(candidates[0]!.path)).map((c) => c.folder))];
  const notes = others.map((other) => `Also found an app in ${other}/; set app.path to ${other} to deploy that one instead.`);
  const appPath = folder === "" ? "." : folder;
  const first = (kind: Kind) => here.find((c) => KINDS[c.rank]!.kind === kind);
  const dockerfile = first("docker");
  const main = here[0]!;
  const kind = KINDS[main.rank]!.kind;
  if (kind === "docker" || kind === "dotnet") {
    const reason = kind === "docker" ? `${main.path}, and no manifest of a runtime App Service builds` : `${main.path}: a .NET project, which the workflow builds and runs as a Docker image`;
    if (kind === "dotnet" && !dockerfile) notes.push(`Add a Dockerfile to ${appPath === "." ? "the repository root" : `${appPath}/`}: the workflow builds a .NET app with \`docker build\` there.`);
    return { runtime: { value: "docker", reason }, stack: { value: "container-apps", reason: "Container Apps runs the image the workflow builds" }, appPath, notes };
  }
  if (dockerfile) notes.push(`${dockerfile.path} found too: to run the image instead, set app.runtime: docker and use the container-apps stack.`);
  const runtime = { value: kind, reason: `${main.path}: ${DESCRIBED[kind]}` };
  const hostJson = paths.find((path) => folderOf(path) === folder && fileNameOf(path) === "host.json");
  if (hostJson) {
    notes.push("The workflow deploys with azure/webapps-deploy, which does not deploy to a Flex Consumption function app: add a Functions deploy step before the first push.");
    return { runtime, stack: { value: "functions", reason: `${hostJson}: an Azure Functions app` }, appPath, notes };
  }
  return { runtime, stack: { value: "app-service", reason: `App Service runs ${kind}` }, appPath, notes };
}

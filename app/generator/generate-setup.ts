import { PROJECT_PATTERN } from "../config/config-schema.js";
import { projectFromRepoName } from "../config/parse-config.js";
import { checkStackContract } from "./check-stack-contract.js";
import { detectAddons, type Addon } from "./detect-addons.js";
import { detectRuntime, type RuntimeDetection, type StackName } from "./detect-runtime.js";
import { findTerraformFolder } from "./find-terraform-folder.js";
import { dependenciesOf, isManifest } from "./manifest-dependencies.js";
import { renderConfig } from "./render-config.js";
import { folderOf, inFolder, type Detection, type RepositoryFiles } from "./repository-files.js";

/** Where the generated files go; the config and workflow paths are the app's. */
export const CONFIG_FILE = ".github/envbranch.yml";
export const WORKFLOW_FILE = ".github/workflows/envbranch.yml";
export const STACK_FOLDER = "terraform";

/** What the generator adapts: the project's own workflow template and stacks. */
export interface SetupTemplates {
  /** workflows-templates/envbranch.yml, which pins the runner action. */
  workflow: string;
  /** Each stack's files as a repository adopting it copies them (links followed), by path inside the stack. */
  stacks: Record<StackName, Record<string, string>>;
}

export interface GeneratedFile {
  path: string;
  content: string;
}

/** What was detected and why, the files to write, and what an existing stack must change. */
export interface GeneratedSetup {
  project: Detection<string>;
  detected: RuntimeDetection;
  addons: Array<Detection<Addon>>;
  containerPort?: Detection<number>;
  /** The stack's folder, and whether it is the repository's own (kept, only checked). */
  terraform: { directory: string; kept: boolean; findings: string[] };
  notes: string[];
  files: GeneratedFile[];
}

// The files the runner writes beside the stack for each run; never to be committed.
const STACK_GITIGNORE = ["# Written by terraform init and by the envbranch runner for each run.", ".terraform/", "envbranch.azurerm.tfbackend", "envbranch.auto.tfvars.json", ""].join("\n");

/**
 * The whole envbranch setup of a repository, from its files (see filesToRead) and the templates:
 * a commented config, the workflow, and a stack with the detected add-ons turned on. Pure: the same
 * input gives the same files.
 */
export function generateSetup(repo: RepositoryFiles, templates: SetupTemplates, repositoryName: string): GeneratedSetup {
  const detected = detectRuntime(repo.paths);
  const appFolder = detected.appPath === "." ? "" : detected.appPath;
  const manifests = Object.keys(repo.contents)
    .filter((path) => folderOf(path) === appFolder && isManifest(path))
    .sort()
    .map((path) => dependenciesOf(path, repo.contents[path]!));
  const { addons, notes: addonNotes } = detectAddons(manifests);
  const containerPort = detected.stack.value === "container-apps" ? exposedPort(repo, appFolder) : undefined;
  const project = projectOf(repositoryName);
  const existing = findTerraformFolder(repo.paths);
  const directory = existing ?? STACK_FOLDER;
  const terraformDirectory = existing === undefined ? { value: STACK_FOLDER, reason: `No Terraform yet: the ${detected.stack.value} stack is written here` } : { value: existing, reason: "The repository's own stack, kept as it is" };
  const config = renderConfig({ project, detected, addons, terraformDirectory, ...(containerPort ? { containerPort } : {}) });
  const stackFiles =
    existing === undefined
      ? [...Object.entries(templates.stacks[detected.stack.value]).map(([path, content]) => ({ path: `${STACK_FOLDER}/${path}`, content })), { path: `${STACK_FOLDER}/.gitignore`, content: STACK_GITIGNORE }]
      : [];
  const findings = existing === undefined ? [] : checkStackContract(stackSources(repo, existing), detected.runtime.value === "docker");
  return {
    project,
    detected,
    addons,
    ...(containerPort ? { containerPort } : {}),
    terraform: { directory, kept: existing !== undefined, findings },
    notes: [...detected.notes, ...addonNotes],
    files: [{ path: CONFIG_FILE, content: config }, { path: WORKFLOW_FILE, content: templates.workflow }, ...stackFiles.sort((a, b) => a.path.localeCompare(b.path))],
  };
}

function projectOf(repositoryName: string): Detection<string> {
  const derived = projectFromRepoName(repositoryName);
  if (PROJECT_PATTERN.test(derived)) return { value: derived, reason: `From the repository name ${repositoryName}; written out, so that renaming the repository renames nothing in Azure` };
  return { value: "app", reason: `The repository name ${repositoryName} gives no valid project name, so: app` };
}

function stackSources(repo: RepositoryFiles, folder: string): Record<string, string> {
  return Object.fromEntries(Object.entries(repo.contents).filter(([path]) => folderOf(path) === folder && path.endsWith(".tf")));
}

/** The port the app's Dockerfile EXPOSEs last (the final stage's): where the container app sends traffic. */
function exposedPort(repo: RepositoryFiles, appFolder: string): Detection<number> | undefined {
  const path = inFolder(appFolder, "Dockerfile");
  const match = [...(repo.contents[path] ?? "").matchAll(/^\s*EXPOSE\s+(\d{1,5})\b/gim)].at(-1);
  const port = match ? Number(match[1]) : undefined;
  if (port === undefined || port < 1 || port > 65535) return undefined;
  return { value: port, reason: `${path} exposes port ${port}` };
}

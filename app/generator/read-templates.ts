import { access, readdir, readFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { STACK_NAMES, type StackName } from "./detect-runtime.js";
import type { SetupTemplates } from "./generate-setup.js";

const WORKFLOW_TEMPLATE = "workflows-templates/envbranch.yml";
const STACKS_FOLDER = "terraform-templates";

/**
 * The folder holding the templates: the nearest above this module with workflows-templates/ in it.
 * That is the repository in the sources (app/generator/) and in the action's bundle (action/), and
 * the installed package when built (dist/app/generator/; package.json's `files` ships both folders).
 */
export async function templatesRoot(from: string = fileURLToPath(import.meta.url)): Promise<string> {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    if (await exists(join(dir, WORKFLOW_TEMPLATE))) return dir;
    if (dirname(dir) === dir) throw new Error(`no ${WORKFLOW_TEMPLATE} in any folder above ${from}`);
  }
}

/**
 * The workflow template and every stack as a repository adopting it copies it. A stack's shared
 * add-on files and its modules are links in the repository (to ../shared/ and ../modules/), and npm
 * drops links when it packs, so they are taken from the folders they link to, not through the links.
 */
export async function readSetupTemplates(root?: string): Promise<SetupTemplates> {
  const base = root ?? (await templatesRoot());
  const stacksDir = join(base, STACKS_FOLDER);
  const [workflow, shared, modules] = await Promise.all([readFile(join(base, WORKFLOW_TEMPLATE), "utf8"), readTree(join(stacksDir, "shared")), readTree(join(stacksDir, "modules"))]);
  const prefixed = Object.fromEntries(Object.entries(modules).map(([path, text]) => [`modules/${path}`, text]));
  const stacks = {} as Record<StackName, Record<string, string>>;
  for (const stack of STACK_NAMES) stacks[stack] = { ...(await readTree(join(stacksDir, stack))), ...shared, ...prefixed };
  return { workflow, stacks };
}

/** Every regular file below a folder, by `/`-separated path; links are not followed. */
async function readTree(dir: string): Promise<Record<string, string>> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  const texts = await Promise.all(files.map((file) => readFile(file, "utf8")));
  return Object.fromEntries(files.map((file, i) => [relative(dir, file).split(sep).join("/"), texts[i]!]).sort(([a], [b]) => a!.localeCompare(b!)));
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

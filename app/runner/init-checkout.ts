import { execFile } from "node:child_process";
import { mkdir, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { describeSetup } from "../generator/describe-setup.js";
import { generateSetup, type GeneratedFile } from "../generator/generate-setup.js";
import { readCheckout } from "../generator/read-checkout.js";
import { readSetupTemplates } from "../generator/read-templates.js";
import { EXIT_CODES, EXIT_OK } from "./exit-codes.js";
import { repositoryFromRemote } from "./local-spec.js";
import { messageChain } from "./message-chain.js";
import type { InitCommand } from "./parse-args.js";
import { replaceFile } from "./write-stack-files.js";

const execFileAsync = promisify(execFile);

interface InitIo {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
}

const NEXT_STEPS = [
  "Next: replace the zeros and the state account in .github/envbranch.yml with your Azure values (README,",
  '"Set up Azure for the workflow"), commit the files to the default branch, and push a branch: git push origin HEAD:env-<you>.',
];

/** `envbranch init`: generates the setup for the checkout, prints what it detected and why, and writes the files it does not find there. */
export async function initCheckout(command: InitCommand, io: InitIo): Promise<number> {
  const workdir = resolve(io.cwd, command.workdir);
  const isFolder = await stat(workdir).then((s) => s.isDirectory(), () => false);
  if (!isFolder) {
    io.stderr(`envbranch init: ${workdir} is not a folder; run it in the repository's checkout, or pass --workdir.\n`);
    return EXIT_CODES.usage;
  }
  try {
    const [repo, templates, name] = await Promise.all([readCheckout(workdir), readSetupTemplates(), repositoryName(command.repo, workdir)]);
    const setup = generateSetup(repo, templates, name);
    io.stdout(`${describeSetup(setup).join("\n")}\n\n`);
    if (command.dryRun) {
      for (const file of setup.files) io.stdout(`=== ${file.path} ===\n${file.content}${file.content.endsWith("\n") ? "" : "\n"}`);
      io.stdout("(--dry-run: nothing written)\n");
      return EXIT_OK;
    }
    for (const file of setup.files) io.stdout(`${await writeNew(workdir, file, command.force)}\n`);
    io.stdout(`\n${NEXT_STEPS.join("\n")}\n`);
    return EXIT_OK;
  } catch (error) {
    io.stderr(`envbranch init: ${messageChain(error)}\n`);
    return EXIT_CODES.internal;
  }
}

/** Writes one file unless it exists (or with --force, in place of it, never through a link); says which. */
async function writeNew(workdir: string, file: GeneratedFile, force: boolean): Promise<string> {
  const path = join(workdir, file.path);
  await mkdir(dirname(path), { recursive: true });
  if (force) {
    await replaceFile(path, file.content);
    return `wrote   ${file.path}`;
  }
  try {
    await writeFile(path, file.content, { flag: "wx" });
    return `wrote   ${file.path}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw new Error(`cannot write ${file.path}`, { cause: error });
    return `skipped ${file.path}: it exists (--force replaces it)`;
  }
}

/** The repository's name, which the project name comes from: --repo, else the origin remote's, else the folder's. */
async function repositoryName(repo: string | null, workdir: string): Promise<string> {
  if (repo !== null) return repo.split("/")[1]!;
  const remote = await execFileAsync("git", ["remote", "get-url", "origin"], { cwd: workdir, encoding: "utf8" }).then(
    ({ stdout }) => repositoryFromRemote(stdout),
    () => null,
  );
  return remote?.name ?? basename(workdir);
}

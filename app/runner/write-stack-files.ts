import { realpath, rm, stat, writeFile } from "node:fs/promises";
import { isAbsolute, join, relative, resolve } from "node:path";
import { renderFiles } from "../spec/render-files.js";
import type { Spec } from "../spec/spec-schema.js";
import { RunnerFailure } from "./runner-failure.js";

/**
 * The stack directory the spec names, resolved inside the checkout. The spec comes from a dispatch
 * input, so a directory that climbs out of the checkout is refused rather than followed.
 */
export function stackDirectory(workdir: string, spec: Spec): string {
  const root = resolve(workdir);
  const dir = resolve(root, spec.terraform.directory);
  const inside = relative(root, dir);
  if (inside.startsWith("..") || isAbsolute(inside)) {
    throw new RunnerFailure("invalid-spec", null, `The spec's Terraform directory \`${spec.terraform.directory}\` is outside the checkout; it must be a path inside the repository.`);
  }
  return dir;
}

/**
 * Writes the rendered backend config and variables files into the stack directory; returns their
 * names. The checkout is the commit's code: a stack directory that is a symlink out of the checkout is
 * refused, and a file of the same name (a symlink, say) is replaced rather than written through.
 */
export async function writeStackFiles(workdir: string, stackDir: string, spec: Spec): Promise<string[]> {
  const isDirectory = await stat(stackDir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDirectory) {
    throw new RunnerFailure(
      "invalid-spec",
      null,
      `The Terraform stack directory \`${spec.terraform.directory}\` does not exist in this checkout (at ${spec.sha.slice(0, 7)}). ` +
        "Add the stack there, or set `terraform.directory` in `.github/envbranch.yml` to where it is.",
    );
  }
  const inside = relative(await realpath(workdir), await realpath(stackDir));
  if (inside.startsWith("..") || isAbsolute(inside)) {
    throw new RunnerFailure("invalid-spec", null, `The Terraform stack directory \`${spec.terraform.directory}\` is a symlink that leads out of the checkout; it must be a directory inside the repository.`);
  }
  const files = renderFiles(spec);
  for (const [name, text] of Object.entries(files)) await replaceFile(join(stackDir, name), text);
  return Object.keys(files);
}

/** Writes a new file where the checkout may hold one of that name: a symlink there is replaced, never written through. */
export async function replaceFile(path: string, data: string | Uint8Array): Promise<void> {
  await rm(path, { force: true });
  await writeFile(path, data, { flag: "wx" });
}

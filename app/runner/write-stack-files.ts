import { stat, writeFile } from "node:fs/promises";
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

/** Writes the rendered backend config and variables files into the stack directory; returns their names. */
export async function writeStackFiles(stackDir: string, spec: Spec): Promise<string[]> {
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
  const files = renderFiles(spec);
  for (const [name, text] of Object.entries(files)) await writeFile(join(stackDir, name), text);
  return Object.keys(files);
}

import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { filesToRead } from "./files-to-read.js";
import type { RepositoryFiles } from "./repository-files.js";

/** Folders that are no part of the repository's own files: git's, dependencies, Terraform's working data. */
const SKIPPED = new Set([".git", "node_modules", ".terraform"]);
/** A manifest larger than this is not one a person wrote; it is left unread. */
const MAX_FILE_BYTES = 1024 * 1024;

/**
 * A checkout's files as the generator takes them: every path below `root` outside SKIPPED, and the
 * contents of the files it asks for (filesToRead). Links are skipped, neither listed nor followed, so
 * nothing outside the checkout is read.
 */
export async function readCheckout(root: string): Promise<RepositoryFiles> {
  const paths: string[] = [];
  const pending = [""];
  for (let folder = pending.pop(); folder !== undefined; folder = pending.pop()) {
    for (const entry of await readdir(join(root, folder), { withFileTypes: true })) {
      const path = folder === "" ? entry.name : `${folder}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name)) pending.push(path);
      } else if (entry.isFile()) paths.push(path);
    }
  }
  paths.sort();
  const contents: Record<string, string> = {};
  for (const path of filesToRead(paths)) {
    if ((await stat(join(root, path))).size <= MAX_FILE_BYTES) contents[path] = await readFile(join(root, path), "utf8");
  }
  return { paths, contents };
}

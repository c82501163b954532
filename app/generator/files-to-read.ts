import { detectRuntime } from "./detect-runtime.js";
import { findTerraformFolder } from "./find-terraform-folder.js";
import { isManifest } from "./manifest-dependencies.js";
import { fileNameOf, folderOf } from "./repository-files.js";

/**
 * The files whose contents the generator reads, from the repository's paths: the manifests and
 * Dockerfile of the app's folder, and the `.tf` files of an existing stack. Whoever gathers the
 * repository (the disk, or GitHub's API) reads these and no more.
 */
export function filesToRead(paths: readonly string[]): string[] {
  const { appPath } = detectRuntime(paths);
  const appFolder = appPath === "." ? "" : appPath;
  const stackFolder = findTerraformFolder(paths);
  return paths.filter(
    (path) =>
      (folderOf(path) === appFolder && (isManifest(path) || fileNameOf(path) === "Dockerfile")) ||
      (stackFolder !== undefined && folderOf(path) === stackFolder && path.endsWith(".tf")),
  );
}

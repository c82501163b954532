import { folderOf } from "./repository-files.js";

/** Folder names that hold a repository's own stack by convention, most likely first. */
const USUAL = ["terraform", "infra", "infrastructure", "deploy"];

/**
 * The folder of a repository's existing Terraform stack, or undefined when it has no `.tf` file. The
 * root module is taken to be the shallowest folder of `.tf` files outside a `modules/` folder (and
 * outside `.terraform/`, where `terraform init` copies modules), the usual names first at one depth.
 */
export function findTerraformFolder(paths: readonly string[]): string | undefined {
  const folders = [
    ...new Set(
      paths
        .filter((path) => path.endsWith(".tf") && !path.split("/").some((segment) => segment === ".terraform"))
        .map(folderOf),
    ),
  ];
  const roots = folders.filter((folder) => !folder.split("/").includes("modules"));
  const candidates = roots.length > 0 ? roots : folders;
  const usual = (folder: string) => (USUAL.includes(folder) ? USUAL.indexOf(folder) : USUAL.length);
  const depth = (folder: string) => (folder === "" ? 0 : folder.split("/").length);
  candidates.sort((a, b) => depth(a) - depth(b) || usual(a) - usual(b) || a.localeCompare(b));
  return candidates[0];
}

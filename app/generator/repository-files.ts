/**
 * What the generator knows of a repository: every file's path, and the contents of the few files it
 * asked for (see filesToRead). Paths are relative to the repository root, with `/` separators.
 */
export interface RepositoryFiles {
  paths: readonly string[];
  contents: Readonly<Record<string, string>>;
}

/** A finding of the generator with the evidence for it, as a reader would check it. */
export interface Detection<T> {
  value: T;
  /** What in the repository says so, e.g. "package.json depends on pg". */
  reason: string;
}

/** The folder of a path ("" for the root). */
export function folderOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}

/** The file name of a path. */
export function fileNameOf(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** How many folders down a path is (0 at the root). */
export function depthOf(path: string): number {
  return path.split("/").length - 1;
}

/** `name` inside `folder`, as a repository path. */
export function inFolder(folder: string, name: string): string {
  return folder === "" ? name : `${folder}/${name}`;
}

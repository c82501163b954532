import { fileNameOf } from "./repository-files.js";

/** The package registries whose names the add-on table knows. */
export type Ecosystem = "npm" | "pypi" | "maven" | "nuget";

/** The packages one manifest names, as its registry spells them (Maven as `group:artifact`). */
export interface ManifestDependencies {
  manifest: string;
  ecosystem: Ecosystem;
  names: string[];
}

/** Whether the dependencies of this file can be read; what `dependenciesOf` accepts. */
export function isManifest(path: string): boolean {
  const name = fileNameOf(path);
  return ["package.json", "requirements.txt", "pyproject.toml", "pom.xml", "build.gradle", "build.gradle.kts"].includes(name) || name.endsWith(".csproj");
}

/**
 * The dependencies a manifest names. Deliberately tolerant: a manifest that does not parse names
 * nothing rather than failing the whole setup, since detection only suggests add-ons.
 */
export function dependenciesOf(manifest: string, text: string): ManifestDependencies {
  const name = fileNameOf(manifest);
  if (name === "package.json") return { manifest, ecosystem: "npm", names: npmDependencies(text) };
  if (name === "requirements.txt") return { manifest, ecosystem: "pypi", names: requirementNames(text) };
  if (name === "pyproject.toml") return { manifest, ecosystem: "pypi", names: pyprojectNames(text) };
  if (name === "pom.xml") return { manifest, ecosystem: "maven", names: pomCoordinates(text) };
  if (name.endsWith(".csproj")) return { manifest, ecosystem: "nuget", names: [...text.matchAll(/<PackageReference\b[^>]*\bInclude\s*=\s*"([^"]+)"/g)].map((m) => m[1]!) };
  return { manifest, ecosystem: "maven", names: gradleCoordinates(text) };
}

// Only what the app runs with: devDependencies hold test doubles (pg-mem) and tools that need no Azure service.
function npmDependencies(text: string): string[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return [];
  }
  if (typeof json !== "object" || json === null) return [];
  const { dependencies, optionalDependencies } = json as Record<string, unknown>;
  return [dependencies, optionalDependencies].flatMap((deps) => (typeof deps === "object" && deps !== null && !Array.isArray(deps) ? Object.keys(deps) : []));
}

/** A requirement's project name, normalised as PEP 503 compares them (`PyMySQL` is `pymysql`). */
function pythonName(requirement: string): string | undefined {
  const match = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(requirement);
  return match ? match[1]!.toLowerCase().replace(/[-_.]+/g, "-") : undefined;
}

function requirementNames(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.replace(/(^|\s)#.*$/, "").trim())
    .filter((line) => line !== "" && !line.startsWith("-"))
    .flatMap((line) => pythonName(line) ?? []);
}

// PEP 621's `[project] dependencies = [...]` and `[project.optional-dependencies]` lists, PEP 735's
// `[dependency-groups]`, and Poetry's `[tool.poetry.dependencies]` tables, whose keys are the names.
// Read line by line: a list spans lines, and extras (`uvicorn[standard]`) put brackets inside its strings.
function pyprojectNames(text: string): string[] {
  const requirements: string[] = [];
  let table = "";
  let inList = false;
  for (const raw of text.split("\n")) {
    let line = raw.replace(/^\s*#.*$/, "");
    const header = /^\s*\[\[?([^\]]+)\]\]?\s*$/.exec(line);
    if (!inList && header) {
      table = header[1]!.trim();
      continue;
    }
    if (!inList) {
      const entry = /^\s*([\w.-]+)\s*=\s*(.*)$/.exec(line);
      if (!entry) continue;
      if (/^tool\.poetry\.(?:group\.[\w-]+\.)?dependencies$/.test(table)) {
        requirements.push(entry[1]!);
        continue;
      }
      const isList = (table === "project" && entry[1] === "dependencies") || table === "project.optional-dependencies" || table === "dependency-groups";
      if (!isList || !entry[2]!.startsWith("[")) continue;
      inList = true;
      line = entry[2]!;
    }
    for (const item of line.matchAll(/"([^"]*)"|'([^']*)'/g)) requirements.push(item[1] ?? item[2]!);
    if (line.replace(/"[^"]*"|'[^']*'/g, "").includes("]")) inList = false;
  }
  return requirements.flatMap((requirement) => pythonName(requirement) ?? []).filter((name) => name !== "python");
}

function pomCoordinates(text: string): string[] {
  const withoutComments = text.replace(/<!--[\s\S]*?-->/g, "");
  return [...withoutComments.matchAll(/<(dependency|parent|plugin)>([\s\S]*?)<\/\1>/g)].flatMap((block) => {
    const group = /<groupId>\s*([^<\s]+)\s*<\/groupId>/.exec(block[2]!)?.[1];
    const artifact = /<artifactId>\s*([^<\s]+)\s*<\/artifactId>/.exec(block[2]!)?.[1];
    return group && artifact ? [`${group}:${artifact}`] : [];
  });
}

// `implementation 'org.postgresql:postgresql:42.7.4'` and `implementation("com.mysql:mysql-connector-j")`.
function gradleCoordinates(text: string): string[] {
  const withoutComments = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|\s)\/\/.*$/gm, "");
  return [...withoutComments.matchAll(/["']([\w.-]+):([\w.-]+)(?::[^"']*)?["']/g)].map((m) => `${m[1]}:${m[2]}`);
}

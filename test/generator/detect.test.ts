import { describe, expect, it } from "vitest";
import { detectAddons, type Addon } from "../../app/generator/detect-addons.js";
import { detectRuntime } from "../../app/generator/detect-runtime.js";
import { filesToRead } from "../../app/generator/files-to-read.js";
import { findTerraformFolder } from "../../app/generator/find-terraform-folder.js";
import { dependenciesOf, type Ecosystem } from "../../app/generator/manifest-dependencies.js";
import { springBootPom } from "./support/repository.js";

describe("the dependencies a manifest names", () => {
  it("package.json: what the app runs with, not its devDependencies; nothing from a file that is not JSON", () => {
    const manifest = JSON.stringify({ dependencies: { pg: "^8" }, optionalDependencies: { ioredis: "^5" }, devDependencies: { mysql2: "^3" } });
    expect(dependenciesOf("package.json", manifest)).toEqual({ manifest: "package.json", ecosystem: "npm", names: ["pg", "ioredis"] });
    expect(dependenciesOf("package.json", "{ not json").names).toEqual([]);
    expect(dependenciesOf("package.json", "[]").names).toEqual([]);
  });

  it("requirements.txt: names normalised, comments, options, versions, extras and markers dropped", () => {
    const text = ["# the app", "-r base.txt", "--index-url https://example.test/simple", "Flask==3.1.1", "PyMySQL>=1.1 ; python_version >= '3.9'", "redis[hiredis]~=5.2  # cache", "psycopg2_binary", ""].join("\n");
    expect(dependenciesOf("requirements.txt", text).names).toEqual(["flask", "pymysql", "redis", "psycopg2-binary"]);
  });

  it("pyproject.toml: PEP 621 lists spanning lines, optional dependencies and Poetry tables, not other lists", () => {
    const text = [
      "[project]",
      'name = "shop"',
      'keywords = ["redis", "cache"]',
      "dependencies = [",
      '  "uvicorn[standard]>=0.30",',
      '  "asyncpg>=0.29",',
      "]",
      "[project.optional-dependencies]",
      'blob = ["azure-storage-blob>=12"]',
      "[tool.poetry.dependencies]",
      'python = "^3.12"',
      'pymongo = "^4.8"',
      "[tool.ruff]",
      'select = ["E"]',
    ].join("\n");
    expect(dependenciesOf("pyproject.toml", text).names).toEqual(["uvicorn", "asyncpg", "azure-storage-blob", "pymongo"]);
  });

  it("pom.xml: group:artifact of the parent and each dependency, not of commented ones", () => {
    const pom = springBootPom(["org.postgresql:postgresql"]).replace("<dependencies>", "<dependencies><!-- <dependency><groupId>com.mysql</groupId><artifactId>mysql-connector-j</artifactId></dependency> -->");
    expect(dependenciesOf("pom.xml", pom)).toMatchObject({ ecosystem: "maven", names: ["org.springframework.boot:spring-boot-starter-parent", "org.postgresql:postgresql"] });
  });

  it("build.gradle and build.gradle.kts: quoted coordinates, not commented ones", () => {
    const groovy = ["dependencies {", "  implementation 'org.springframework.boot:spring-boot-starter-web'", "  runtimeOnly 'org.postgresql:postgresql:42.7.4'", "  // runtimeOnly 'com.mysql:mysql-connector-j'", "}"].join("\n");
    expect(dependenciesOf("build.gradle", groovy).names).toEqual(["org.springframework.boot:spring-boot-starter-web", "org.postgresql:postgresql"]);
    expect(dependenciesOf("app/build.gradle.kts", 'dependencies { implementation("redis.clients:jedis:5.2.0") }').names).toEqual(["redis.clients:jedis"]);
  });

  it("*.csproj: each PackageReference", () => {
    const csproj = '<Project Sdk="Microsoft.NET.Sdk.Web"><ItemGroup><PackageReference Include="Npgsql.EntityFrameworkCore.PostgreSQL" Version="9.0.4" /><PackageReference Version="2.8.0" Include="StackExchange.Redis" /></ItemGroup></Project>';
    expect(dependenciesOf("Shop.csproj", csproj)).toMatchObject({ ecosystem: "nuget", names: ["Npgsql.EntityFrameworkCore.PostgreSQL", "StackExchange.Redis"] });
  });
});

describe("the add-ons an app's dependencies say it uses", () => {
  const CLIENTS: Array<[Ecosystem, string, Addon]> = [
    ["npm", "pg", "postgresql"],
    ["npm", "postgres", "postgresql"],
    ["pypi", "psycopg", "postgresql"],
    ["maven", "org.postgresql:postgresql", "postgresql"],
    ["nuget", "Npgsql", "postgresql"],
    ["npm", "mysql", "mysql"],
    ["npm", "mysql2", "mysql"],
    ["pypi", "mysql-connector-python", "mysql"],
    ["pypi", "pymysql", "mysql"],
    ["maven", "com.mysql:mysql-connector-j", "mysql"],
    ["npm", "mssql", "sql"],
    ["npm", "tedious", "sql"],
    ["pypi", "pyodbc", "sql"],
    ["nuget", "Microsoft.Data.SqlClient", "sql"],
    ["npm", "redis", "redis"],
    ["npm", "ioredis", "redis"],
    ["maven", "redis.clients:jedis", "redis"],
    ["maven", "io.lettuce:lettuce-core", "redis"],
    ["nuget", "StackExchange.Redis", "redis"],
    ["npm", "@azure/storage-blob", "blob-storage"],
    ["pypi", "azure-storage-blob", "blob-storage"],
    ["npm", "mongodb", "cosmos-mongo"],
    ["npm", "mongoose", "cosmos-mongo"],
    ["pypi", "pymongo", "cosmos-mongo"],
    ["maven", "org.mongodb:mongodb-driver-sync", "cosmos-mongo"],
    ["npm", "applicationinsights", "monitoring"],
    ["maven", "com.microsoft.azure:applicationinsights-runtime-attach", "monitoring"],
    ["npm", "@azure/keyvault-secrets", "key-vault"],
    ["pypi", "azure-keyvault", "key-vault"],
  ];

  it.each(CLIENTS)("%s %s: %s", (ecosystem, name, addon) => {
    expect(detectAddons([{ manifest: "m", ecosystem, names: ["unrelated", name] }])).toEqual({ addons: [{ value: addon, reason: `m depends on ${name}` }], notes: [] });
  });

  it("matches a package only in its own registry, NuGet ids whatever their case", () => {
    expect(detectAddons([{ manifest: "m", ecosystem: "pypi", names: ["pg", "mysql2"] }]).addons).toEqual([]);
    expect(detectAddons([{ manifest: "m", ecosystem: "nuget", names: ["stackexchange.redis"] }]).addons).toEqual([{ value: "redis", reason: "m depends on stackexchange.redis" }]);
  });

  it("keeps one database, saying which other it found; the other add-ons all", () => {
    const found = detectAddons([
      { manifest: "package.json", ecosystem: "npm", names: ["mysql2", "pg", "ioredis"] },
      { manifest: "other/package.json", ecosystem: "npm", names: ["mssql"] },
    ]);
    expect(found.addons.map((a) => a.value)).toEqual(["postgresql", "redis"]);
    expect(found.notes).toEqual([
      expect.stringMatching(/^Also found mysql \(package\.json depends on mysql2\); a stack has one database, so it gets postgresql/),
      expect.stringMatching(/^Also found sql \(other\/package\.json depends on mssql\)/),
    ]);
  });
});

describe("the runtime and stack of a repository", () => {
  it("takes Java over the package.json of its front end, Maven or Gradle", () => {
    expect(detectRuntime(["package.json", "pom.xml", "src/main/java/App.java"])).toMatchObject({ runtime: { value: "java", reason: "pom.xml: a Java project" }, stack: { value: "app-service" }, appPath: ".", notes: [] });
    expect(detectRuntime(["build.gradle.kts", "settings.gradle.kts"]).runtime.value).toBe("java");
    expect(detectRuntime(["pyproject.toml", "package.json"]).runtime.value).toBe("python");
  });

  it("takes the shallowest app, and names the others at its depth", () => {
    const detected = detectRuntime(["README.md", "web/package.json", "api/requirements.txt", "api/tests/fixtures/pom.xml"]);
    expect(detected).toMatchObject({ runtime: { value: "python", reason: "api/requirements.txt: a Python project" }, appPath: "api" });
    expect(detected.notes).toEqual(["Also found an app in web/; set app.path to web to deploy that one instead."]);
  });

  it("runs a Dockerfile alone, and a .NET project, on Container Apps", () => {
    expect(detectRuntime(["Dockerfile", "index.html"])).toMatchObject({ runtime: { value: "docker" }, stack: { value: "container-apps" }, notes: [] });
    expect(detectRuntime(["Shop.csproj", "Dockerfile"])).toMatchObject({ runtime: { value: "docker", reason: expect.stringContaining("a .NET project") }, notes: [] });
    expect(detectRuntime(["src/Shop/Shop.csproj"]).notes).toEqual(["Add a Dockerfile to src/Shop/: the workflow builds a .NET app with `docker build` there."]);
  });

  it("keeps a code runtime beside a Dockerfile, saying how to run the image instead", () => {
    expect(detectRuntime(["package.json", "Dockerfile"])).toMatchObject({ runtime: { value: "node" }, stack: { value: "app-service" }, notes: [expect.stringContaining("set app.runtime: docker")] });
  });

  it("picks the Functions stack for a host.json beside the manifest", () => {
    expect(detectRuntime(["package.json", "host.json"])).toMatchObject({ stack: { value: "functions", reason: "host.json: an Azure Functions app" }, notes: [expect.stringContaining("Functions deploy step")] });
  });

  it("falls back to the config's default, saying so, when nothing tells", () => {
    expect(detectRuntime(["README.md"])).toMatchObject({ runtime: { value: "node" }, appPath: ".", notes: [expect.stringContaining("set app.runtime")] });
  });
});

describe("the files the generator reads", () => {
  it("are the app folder's manifests and Dockerfile and the existing stack's .tf files, nothing else", () => {
    const paths = ["README.md", "package.json", "Dockerfile", "src/index.js", "web/package.json", "infra/main.tf", "infra/README.md", "infra/modules/db/main.tf"];
    expect(filesToRead(paths)).toEqual(["package.json", "Dockerfile", "infra/main.tf"]);
  });
});

describe("an existing stack's folder", () => {
  it("is the shallowest folder of .tf files outside modules/ and .terraform/, the usual names first", () => {
    expect(findTerraformFolder(["src/app.js"])).toBeUndefined();
    expect(findTerraformFolder(["modules/db/main.tf", "infra/envs/dev/main.tf"])).toBe("infra/envs/dev");
    expect(findTerraformFolder(["examples/main.tf", "terraform/main.tf", ".terraform/modules/x/main.tf"])).toBe("terraform");
    expect(findTerraformFolder(["main.tf", "terraform/main.tf"])).toBe("");
    expect(findTerraformFolder(["modules/db/main.tf"])).toBe("modules/db");
  });
});

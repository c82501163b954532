import { filesToRead } from "../../../app/generator/files-to-read.js";
import type { RepositoryFiles } from "../../../app/generator/repository-files.js";

/** A repository of these files as the generator gathers it: every path, and the contents it asks for. */
export function repositoryOf(files: Record<string, string>): RepositoryFiles {
  const paths = Object.keys(files).sort();
  return { paths, contents: Object.fromEntries(filesToRead(paths).map((path) => [path, files[path]!])) };
}

/** A Spring Boot app's pom.xml with these dependencies (`group:artifact`). */
export function springBootPom(dependencies: string[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<project xmlns="http://maven.apache.org/POM/4.0.0">',
    "  <modelVersion>4.0.0</modelVersion>",
    "  <parent>",
    "    <groupId>org.springframework.boot</groupId>",
    "    <artifactId>spring-boot-starter-parent</artifactId>",
    "    <version>3.5.0</version>",
    "  </parent>",
    "  <groupId>com.example</groupId>",
    "  <artifactId>shop</artifactId>",
    "  <dependencies>",
    ...dependencies.flatMap((coordinates) => {
      const [group, artifact] = coordinates.split(":");
      return ["    <dependency>", `      <groupId>${group}</groupId>`, `      <artifactId>${artifact}</artifactId>`, "    </dependency>"];
    }),
    "  </dependencies>",
    "</project>",
    "",
  ].join("\n");
}

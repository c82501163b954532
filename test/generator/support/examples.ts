import type { StackName } from "../../../app/generator/detect-runtime.js";
import { springBootPom } from "./repository.js";

/** One repository of issue 10's "done when", and what the generator must make of it. */
export interface Example {
  title: string;
  files: Record<string, string>;
  runtime: string;
  stack: StackName;
  variables: Record<string, string | number | boolean>;
  reasons: string[];
}

export const EXAMPLES: Example[] = [
  {
    title: "a Node app using pg",
    files: { "package.json": JSON.stringify({ name: "shop", dependencies: { express: "^5.1.0", pg: "^8.16.0" }, devDependencies: { vitest: "^3.2.0" } }), "src/server.js": "" },
    runtime: "node",
    stack: "app-service",
    variables: { database: "postgresql", monitoring: true },
    reasons: ["package.json: a Node.js project", "package.json depends on pg"],
  },
  {
    title: "a Spring Boot app with MySQL",
    files: {
      "pom.xml": springBootPom(["org.springframework.boot:spring-boot-starter-web", "org.springframework.boot:spring-boot-starter-data-jpa", "com.mysql:mysql-connector-j"]),
      "mvnw": "",
      "src/main/java/com/example/shop/ShopApplication.java": "",
    },
    runtime: "java",
    stack: "app-service",
    variables: { database: "mysql", monitoring: true },
    reasons: ["pom.xml: a Java project", "pom.xml depends on com.mysql:mysql-connector-j"],
  },
  {
    title: "a Python app with Redis",
    files: { "requirements.txt": "flask==3.1.1\nredis[hiredis]>=5.2 # the session cache\ngunicorn\n", "app.py": "" },
    runtime: "python",
    stack: "app-service",
    variables: { cache: true, monitoring: true },
    reasons: ["requirements.txt: a Python project", "requirements.txt depends on redis"],
  },
  {
    title: "a Dockerfile-only app",
    files: { Dockerfile: "FROM nginx:1.29-alpine\nCOPY site/ /usr/share/nginx/html/\nEXPOSE 8080\n", "site/index.html": "<h1>shop</h1>" },
    runtime: "docker",
    stack: "container-apps",
    variables: { container_port: 8080, monitoring: true },
    reasons: ["Dockerfile, and no manifest of a runtime App Service builds", "Dockerfile exposes port 8080"],
  },
];


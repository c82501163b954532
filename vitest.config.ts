import { readFileSync } from "node:fs";
import { defineConfig } from "vitest/config";

// GitHub's workflow parser and expression engine ship source maps whose sources are not in the package;
// loading them without the map spares a warning per module on every run.
const ACTIONS_PARSER_FILE = /\/@actions\/(workflow-parser|expressions)\/dist\/.*\.js$/;

export default defineConfig({
  plugins: [
    {
      name: "actions-parser-without-source-maps",
      load: (id) => (ACTIONS_PARSER_FILE.test(id) ? { code: readFileSync(id, "utf8").replace(/^\/\/# sourceMappingURL=.*$/m, ""), map: null } : null),
    },
  ],
  test: {
    include: ["test/**/*.test.ts"],
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: more workers only fight over them, and the Terraform suites are I/O bound anyway.
    maxWorkers: 2,
    minWorkers: 1,
    // GitHub's workflow parser imports its JSON schema without an import attribute, which Node refuses;
    // inlined, vite transforms the import instead of handing it to Node.
    server: { deps: { inline: [/@actions\/workflow-parser/, /@actions\/expressions/] } },
    env: { CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null", LOG_LEVEL: "silent" },
  },
});

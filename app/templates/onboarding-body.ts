import type { ConfigProblem, RepoConfig } from "../config/parse-config.js";
import type { Environment } from "../environment/derive-environment.js";
import { detectionRows } from "../generator/describe-setup.js";
import type { GeneratedSetup } from "../generator/generate-setup.js";
import { problemLines } from "./config-check-runs.js";
import { codeBlock, details, inlineCode } from "./markdown.js";
import { setupCommands, type ChecklistInput } from "./setup-checklist.js";

/** The marker the app finds its own onboarding body by. */
export const ONBOARDING_MARKER = "<!-- envbranch-setup -->";

/** What the onboarding pull request's body is rendered from; `example` is the environment of `exampleBranch`. */
export interface OnboardingBodyInput extends ChecklistInput {
  setup: GeneratedSetup;
  config: RepoConfig;
  example: Environment;
  /** What is wrong with the config edited on the setup branch; the rest of the body then shows the generated config's values. */
  problems?: readonly ConfigProblem[];
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/[\r\n]+/g, " ");

/**
 * The onboarding pull request's body: what was detected and why, what pushing an environment
 * branch will create, and the Azure setup as commands filled in for this repository.
 */
export function onboardingBody(input: OnboardingBodyInput): string {
  const { setup, config, example } = input;
  const prefix = config.branchPrefix;
  const kept = setup.terraform.kept;
  const problems = input.problems ?? [];
  return [
    ONBOARDING_MARKER,
    ...(problems.length === 0
      ? []
      : [
          `### ${inlineCode(".github/envbranch.yml")} on this branch is invalid`,
          "",
          "envbranch could not read the config as edited here; until it is fixed, this description shows the generated config's values:",
          "",
          ...problemLines(problems),
          "",
        ]),
    `envbranch gives every branch starting with ${inlineCode(prefix)} its own Azure environment, made by Terraform in this repository's own GitHub Actions, and destroys it when the branch is deleted. This pull request adds what that needs, generated from this repository's files:`,
    "",
    ...setup.files.filter((f) => kept || !f.path.startsWith(`${setup.terraform.directory}/`)).map((f) => `- ${inlineCode(f.path)}`),
    ...(kept ? [] : [`- ${inlineCode(`${setup.terraform.directory}/`)}: the ${setup.detected.stack.value} stack with its modules`]),
    "",
    "### Detected",
    "",
    "| | value | why |",
    "| --- | --- | --- |",
    ...detectionRows(setup).map(([what, value, why]) => `| ${cell(what)} | ${inlineCode(value)} | ${cell(why)} |`),
    ...(setup.addons.length === 0 ? ["", "No database, cache or Azure SDK in the app's manifests: the stack's add-ons stay off (the config lists them, commented)."] : []),
    ...(kept ? ["", `The repository's own Terraform in ${inlineCode(`${setup.terraform.directory}/`)} is kept.`, ...(setup.terraform.findings.length === 0 ? ["It keeps envbranch's stack contract."] : ["To keep envbranch's stack contract it must change:", ...setup.terraform.findings.map((f) => `- ${f}`)])] : []),
    ...(setup.notes.length > 0 ? ["", "Notes:", ...setup.notes.map((n) => `- ${n}`)] : []),
    "",
    `### What ${inlineCode(`git push origin HEAD:${prefix}<you>`)} will create`,
    "",
    `Once this is merged and the Azure values are in the config, pushing a branch such as ${inlineCode(example.branch)} creates:`,
    "",
    `- the GitHub environment ${inlineCode(example.githubEnvironment)} with a deployment per apply`,
    `- the resource group ${inlineCode(example.resourceGroup)} in ${inlineCode(config.azure.location)}, tagged ${inlineCode(`managed-by=envbranch`)}, holding the stack's resources`,
    `- its Terraform state, the blob ${inlineCode(example.stateKey)} in ${inlineCode(`${config.azure.state.storageAccount}/${config.azure.state.container}`)}`,
    "",
    `Deleting the branch destroys all of it. Pull requests into ${inlineCode(example.branch)} get a plan; ${inlineCode("/envbranch help")} lists the commands.`,
    "",
    "### Set up checklist",
    "",
    "- [ ] Run these commands once, logged in with `az login` as someone who may create identities and role assignments in the subscription:",
    "",
    details("The Azure setup, filled in for this repository", codeBlock(setupCommands(input), "sh")),
    "",
    `  The subjects are in the form GitHub sends for most repositories; one created, renamed or transferred after 15 July 2026 sends ${inlineCode("repo:OWNER@<owner-id>/REPO@<repo-id>:…")} instead (the ${inlineCode("sub")} of any run's OIDC token shows which).`,
    `- [ ] Put the subscription, tenant, ${inlineCode("clientId")} and ${inlineCode("planClientId")} they print into ${inlineCode(".github/envbranch.yml")} on this branch (this description follows the config as it changes).`,
    `- [ ] Add a federated credential for each environment branch you will push (as for ${inlineCode(example.branch)} above, at most 20 per identity).`,
    `- [ ] Merge, then ${inlineCode(`git push origin HEAD:${example.branch}`)}.`,
    "",
    "Closing this pull request unmerged means \"not now\": envbranch will not open it again by itself. Comment `/envbranch setup` on any pull request to start again.",
  ].join("\n");
}

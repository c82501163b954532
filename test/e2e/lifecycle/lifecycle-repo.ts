import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FIXTURE_STACK } from "../../support/terraform-azurite/test-checkout.js";

/** The repository the life cycle runs in. */
export const LIFECYCLE_REPO = { owner: "octo-org", name: "shop" } as const;
export const LIFECYCLE_REPO_NAME = `${LIFECYCLE_REPO.owner}/${LIFECYCLE_REPO.name}`;

/** A second repository, of another owner and so another installation, for the environments page across repositories. */
export const SECOND_REPO = { owner: "acme", name: "site" } as const;
export const SECOND_REPO_NAME = `${SECOND_REPO.owner}/${SECOND_REPO.name}`;

/** Where the config puts the stack: not the default `terraform/`, so the run proves the config was read. */
export const STACK_DIRECTORY = "infra";

/** The people of the story and their roles on the repository. */
export const PEOPLE = {
  /** Pushes and deletes env-alice. */
  pusher: { login: "alice", role: "write" },
  /** Opens the pull request into env-staging. */
  author: { login: "dana", role: "write" },
  /** May triage, so may not approve. */
  triager: { login: "erin", role: "triage" },
  /** Holds write, the default approver permission, and did not open the pull request. */
  approver: { login: "frank", role: "write" },
} as const;

const TEMPLATE = fileURLToPath(new URL("../../../workflows-templates/envbranch.yml", import.meta.url));

/** Where a repository's Terraform state goes (the Azurite account and container), and its project name. */
export interface LifecycleRepoSetup {
  storageAccount: string;
  container: string;
  /** Default "shop"; it names the state keys and the stack's resources and URLs. */
  project?: string;
}

/**
 * `.github/envbranch.yml`: state in the Azurite account by access key (Azurite knows no Entra ID),
 * the stack in `infra/`, and staging environments behind an approval.
 */
export function lifecycleConfig(state: LifecycleRepoSetup): string {
  return [
    "# envbranch configuration of the end-to-end test repository",
    `project: ${state.project ?? "shop"}`,
    "azure:",
    "  subscriptionId: 00000000-0000-0000-0000-000000000001",
    "  tenantId: 00000000-0000-0000-0000-000000000002",
    "  clientId: 00000000-0000-0000-0000-000000000003",
    "  location: westeurope",
    "  state:",
    "    resourceGroup: rg-envbranch-state",
    `    storageAccount: ${state.storageAccount}`,
    `    container: ${state.container}`,
    "    useAzureAdAuth: false",
    "terraform:",
    `  directory: ${STACK_DIRECTORY}`,
    `  paths: ["${STACK_DIRECTORY}/**", ".github/envbranch.yml"]`,
    "environments:",
    '  - branch: "env-staging*"',
    "    approval: required",
    "",
  ].join("\n");
}

/**
 * The default branch's files: the config, the workflow template copied as users adopt it, and the
 * terraform_data fixture stack in the configured directory.
 */
export async function lifecycleRepoFiles(state: LifecycleRepoSetup): Promise<Record<string, string>> {
  const files: Record<string, string> = {
    ".github/envbranch.yml": lifecycleConfig(state),
    ".github/workflows/envbranch.yml": await readFile(TEMPLATE, "utf8"),
  };
  for (const entry of await readdir(FIXTURE_STACK, { withFileTypes: true })) {
    if (entry.isFile()) files[`${STACK_DIRECTORY}/${entry.name}`] = await readFile(join(FIXTURE_STACK, entry.name), "utf8");
  }
  return files;
}

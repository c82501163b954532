import type { RepoConfig } from "../config/parse-config.js";
import type { Repository } from "../environment/derive-environment.js";

/** The job environment of the workflow's `plan` job (workflows-templates/envbranch.yml), whose subject only the plan identity trusts. */
export const PLAN_JOB_ENVIRONMENT = "envbranch-plan";

// The role definitions the stacks assign (AcrPull, Key Vault Secrets User and Officer, Storage Blob Data Contributor): terraform-templates/README.md.
const ASSIGNABLE_ROLES = "7f951dda-4ed3-4680-a7ca-43fe172d538d, 4633458b-17de-408a-b874-0445c86b69e6, b86a8fe4-44ce-4948-aee5-eccb2c155cd7, ba92f5b4-2d11-453d-a403-e96b0029c9fe";
const ISSUER = "--issuer https://token.actions.githubusercontent.com --audiences api://AzureADTokenExchange";

/** What the checklist is filled in for: the repository, its config, the example branch, and whether the stack assigns roles. */
export interface ChecklistInput {
  repository: Repository;
  defaultBranch: string;
  config: RepoConfig;
  exampleBranch: string;
  assignsRoles: boolean;
}

/** The OIDC subjects envbranch's workflow sends: a branch's, and the plan job's environment's. */
export function oidcSubjects(repository: Repository, defaultBranch: string, branch: string): { defaultBranch: string; branch: string; plan: string } {
  const repo = `repo:${repository.owner}/${repository.name}`;
  return { defaultBranch: `${repo}:ref:refs/heads/${defaultBranch}`, branch: `${repo}:ref:refs/heads/${branch}`, plan: `${repo}:environment:${PLAN_JOB_ENVIRONMENT}` };
}

/**
 * The `az` commands of the README's "Set up Azure for the workflow", filled in for one repository:
 * its state account, identities named after its project, and the subjects its runs will send.
 */
export function setupCommands(input: ChecklistInput): string {
  const { config, repository } = input;
  const { resourceGroup: group, storageAccount: account, container } = config.azure.state;
  const identity = `id-envbranch-${config.project}`;
  const subjects = oidcSubjects(repository, input.defaultBranch, input.exampleBranch);
  const stateId = `"$(az storage account show -n ${account} -g ${group} --query id -o tsv)"`;
  const assign = (principal: string, role: string, scope: string) => [`az role assignment create --assignee-object-id "$${principal}" --assignee-principal-type ServicePrincipal \\`, `  --role ${role} --scope ${scope}`];
  const credential = (name: string, on: string, subject: string) => [`az identity federated-credential create -n ${name} -g ${group} --identity-name ${on} \\`, `  ${ISSUER} \\`, `  --subject ${subject}`];
  const condition = `((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${ASSIGNABLE_ROLES}})) AND ((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${ASSIGNABLE_ROLES}}))`;
  // A heredoc, as in the README: the conditions hold quotes and `!`, which an interactive shell would expand.
  const quoted = (variable: string, text: string) => [`${variable}=$(cat <<'EOF'`, text, "EOF", ")"];
  const plansOnly = `((!(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write'}) AND !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action'}) AND !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete'})) OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringLike '*/plans/*'))`;
  return [
    "SUBSCRIPTION=$(az account show --query id -o tsv)",
    "# 1. State storage, one account for every environment's state (the name is global across Azure: change it here and in the config if taken).",
    `az group create -n ${group} -l ${config.azure.location}`,
    `az storage account create -n ${account} -g ${group} --sku Standard_ZRS --min-tls-version TLS1_2 --allow-blob-public-access false`,
    `az storage container-rm create --storage-account ${account} -g ${group} -n ${container}`,
    "# 2. The apply identity: state access, and Contributor to make the environments' resource groups.",
    `az identity create -n ${identity} -g ${group}`,
    `PRINCIPAL=$(az identity show -n ${identity} -g ${group} --query principalId -o tsv)`,
    ...assign("PRINCIPAL", '"Storage Blob Data Contributor"', stateId),
    ...assign("PRINCIPAL", "Contributor", '"/subscriptions/$SUBSCRIPTION"'),
    ...(input.assignsRoles
      ? ["# The stack assigns roles to what it creates: RBAC Administrator, limited to the roles it assigns.", ...quoted("CONDITION", condition), ...assign("PRINCIPAL", '"Role Based Access Control Administrator"', '"/subscriptions/$SUBSCRIPTION" \\'), '  --condition "$CONDITION" --condition-version 2.0']
      : []),
    `# 3. Its federated credentials: destroys run on ${input.defaultBranch}, each environment's runs on its branch (one credential per branch, at most 20).`,
    ...credential("default-branch", identity, subjects.defaultBranch),
    ...credential(input.exampleBranch, identity, subjects.branch),
    `# 4. The plan identity: reads everything, writes only saved plans; trusted only from the ${PLAN_JOB_ENVIRONMENT} job environment.`,
    `az identity create -n ${identity}-plan -g ${group}`,
    `PLAN_PRINCIPAL=$(az identity show -n ${identity}-plan -g ${group} --query principalId -o tsv)`,
    ...assign("PLAN_PRINCIPAL", "Reader", '"/subscriptions/$SUBSCRIPTION"'),
    ...quoted("PLANS_ONLY", plansOnly),
    ...assign("PLAN_PRINCIPAL", '"Storage Blob Data Contributor"', `"$(az storage account show -n ${account} -g ${group} --query id -o tsv)/blobServices/default/containers/${container}" \\`),
    '  --condition "$PLANS_ONLY" --condition-version 2.0',
    ...credential(PLAN_JOB_ENVIRONMENT, `${identity}-plan`, subjects.plan),
    "# 5. The values for .github/envbranch.yml.",
    "az account show --query '{subscriptionId: id, tenantId: tenantId}'",
    `az identity show -n ${identity} -g ${group} --query clientId -o tsv        # clientId`,
    `az identity show -n ${identity}-plan -g ${group} --query clientId -o tsv   # planClientId`,
  ].join("\n");
}

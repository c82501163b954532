import type { AzureCloud } from "../adapters/azure/azure-clouds.js";
import type { Spec, TerraformVariables } from "../spec/spec-schema.js";
import { branchSubject, environmentSubject, PLAN_ENVIRONMENT, type TrustedSubject } from "./github-subjects.js";

/** What an identity is for: `apply` applies, deploys, destroys and unlocks; `plan` plans. One identity may do both. */
export type IdentityUse = "apply" | "plan";

/** An identity the workflow logs in as, and the OIDC subjects its jobs present. */
export interface DoctorIdentity {
  clientId: string;
  uses: IdentityUse[];
  /** The GitHub OIDC subjects the identity must trust. */
  subjects: TrustedSubject[];
}

/** Everything the checks look at, for one environment branch. */
export interface DoctorTarget {
  repository: string;
  branch: string;
  subscriptionId: string;
  tenantId: string;
  cloud: AzureCloud;
  state: { resourceGroup: string; storageAccount: string; container: string; key: string; useAzureAdAuth: boolean };
  /** The environment's own resource group, which the stack creates. */
  environmentResourceGroup: string;
  identities: DoctorIdentity[];
  variables: TerraformVariables;
  /** Whether to take (and at once release) a lease, as an apply does; plans only read the state. */
  probeLease: boolean;
  /** Who the state probe runs as, for its fix commands: the signed-in user on a laptop, else the run's identity. */
  stateCaller: { kind: "signed-in-user" } | { kind: "identity"; clientId: string };
}

/**
 * The target of `envbranch doctor --branch`: the apply and plan specs of the branch as a dispatch
 * would render them. The apply identity must trust the branch (applies run there) and the default
 * branch (destroys run there, the branch being gone); the plan identity the `plan` job's environment.
 */
export function laptopTarget(apply: Spec, plan: Spec, defaultBranch: string | null): DoctorTarget {
  const applyId = apply.terraform.backend.client_id;
  const planId = plan.terraform.backend.client_id;
  const applySubjects = [branchSubject(apply.repository, apply.branch)];
  if (defaultBranch && defaultBranch !== apply.branch) applySubjects.push(branchSubject(apply.repository, defaultBranch, "default-branch"));
  const planSubjects = [environmentSubject(apply.repository, PLAN_ENVIRONMENT)];
  const identities: DoctorIdentity[] =
    applyId === planId
      ? [{ clientId: applyId, uses: ["apply", "plan"], subjects: [...applySubjects, ...planSubjects] }]
      : [
          { clientId: applyId, uses: ["apply"], subjects: applySubjects },
          { clientId: planId, uses: ["plan"], subjects: planSubjects },
        ];
  return { ...common(apply), identities, probeLease: true, stateCaller: { kind: "signed-in-user" } };
}

/**
 * The target inside a failed run: only the identity this job logged in as, and only the subject
 * this job presents (`GITHUB_REF`: a destroy runs on the default branch).
 */
export function runTarget(spec: Spec, githubRef: string | undefined): DoctorTarget {
  const clientId = spec.terraform.backend.client_id;
  const isPlan = spec.action === "plan";
  const branch = githubRef?.startsWith("refs/heads/") ? githubRef.slice("refs/heads/".length) : spec.branch;
  const subject = isPlan ? environmentSubject(spec.repository, PLAN_ENVIRONMENT) : branchSubject(spec.repository, branch);
  return {
    ...common(spec),
    identities: [{ clientId, uses: [isPlan ? "plan" : "apply"], subjects: [subject] }],
    probeLease: !isPlan,
    stateCaller: { kind: "identity", clientId },
  };
}

function common(spec: Spec): Omit<DoctorTarget, "identities" | "probeLease" | "stateCaller"> {
  const backend = spec.terraform.backend;
  return {
    repository: spec.repository,
    branch: spec.branch,
    subscriptionId: backend.subscription_id,
    tenantId: backend.tenant_id,
    cloud: backend.environment,
    state: {
      resourceGroup: backend.resource_group_name,
      storageAccount: backend.storage_account_name,
      container: backend.container_name,
      key: backend.key,
      useAzureAdAuth: backend.use_azuread_auth,
    },
    environmentResourceGroup: spec.environment.resourceGroup,
    variables: spec.terraform.variables,
  };
}

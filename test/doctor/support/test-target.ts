import type { DoctorTarget } from "../../../app/doctor/doctor-target.js";
import { branchSubject, environmentSubject, PLAN_ENVIRONMENT } from "../../../app/doctor/github-subjects.js";
import { APPLY_CLIENT, PLAN_CLIENT, STATE_GROUP, SUBSCRIPTION, TENANT } from "./azure-edge.js";

export const REPOSITORY = "octo/shop";

/** The target `envbranch doctor --branch env-alice` makes for octo/shop, with a plan identity. */
export function testTarget(overrides: Partial<DoctorTarget> = {}): DoctorTarget {
  return {
    repository: REPOSITORY,
    branch: "env-alice",
    subscriptionId: SUBSCRIPTION,
    tenantId: TENANT,
    cloud: "public",
    state: { resourceGroup: STATE_GROUP, storageAccount: "sttfstate", container: "tfstate", key: "envbranch/octo/shop/alice.tfstate", useAzureAdAuth: true },
    environmentResourceGroup: "rg-shop-alice",
    identities: [
      { clientId: APPLY_CLIENT, uses: ["apply"], subjects: [branchSubject(REPOSITORY, "env-alice"), branchSubject(REPOSITORY, "main", "default-branch")] },
      { clientId: PLAN_CLIENT, uses: ["plan"], subjects: [environmentSubject(REPOSITORY, PLAN_ENVIRONMENT)] },
    ],
    variables: { environment: "alice", project: "shop", location: "westeurope", tags: {} },
    probeLease: true,
    stateCaller: { kind: "signed-in-user" },
    ...overrides,
  };
}

/** Deps for checks that must not touch state storage. */
export function noStateContainer(): Promise<never> {
  return Promise.reject(new Error("this test's checks do not reach state storage"));
}

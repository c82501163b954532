import { parseConfigText } from "../../../app/config/parse-config.js";
import type { APP_RUNTIMES } from "../../../app/config/config-schema.js";
import { deriveEnvironment } from "../../../app/environment/derive-environment.js";
import { renderSpec, serializeSpec } from "../../../app/spec/render-spec.js";
import type { Action, SavedPlanRef, Spec } from "../../../app/spec/spec-schema.js";

export interface SampleSpecOptions {
  action: Action;
  runtime?: (typeof APP_RUNTIMES)[number];
  project?: string;
  branch?: string;
  sha?: string;
  savedPlan?: SavedPlanRef;
}

/** A spec rendered by the app's own code, so the tests read exactly what the workflow receives. */
export function sampleSpec(options: SampleSpecOptions): Spec {
  const parsed = parseConfigText(
    [
      ...(options.project ? [`project: ${options.project}`] : []),
      "azure:",
      "  subscriptionId: 11111111-1111-1111-1111-111111111111",
      "  tenantId: 22222222-2222-2222-2222-222222222222",
      "  clientId: 33333333-3333-3333-3333-333333333333",
      "  state: { resourceGroup: rg-tfstate, storageAccount: sttfstate }",
      "app:",
      `  runtime: ${options.runtime ?? "node"}`,
    ].join("\n"),
    "shop",
  );
  if (!parsed.ok) throw new Error(`sample config is invalid: ${JSON.stringify(parsed.problems)}`);
  const repository = { owner: "acme", name: "shop" };
  const derived = deriveEnvironment(options.branch ?? "env-alice", parsed.config, repository);
  if (!derived.ok) throw new Error(`sample branch is invalid: ${derived.reason}`);
  return renderSpec({
    action: options.action,
    sha: options.sha ?? "0123456789abcdef0123456789abcdef01234567",
    environment: derived.environment,
    config: parsed.config,
    repository,
    nonce: "4242",
    ...(options.savedPlan ? { savedPlan: options.savedPlan } : {}),
  });
}

/** The dispatch inputs the app sends with a spec. */
export function dispatchInputs(spec: Spec): { spec: string; correlation_id: string } {
  return { spec: serializeSpec(spec), correlation_id: spec.correlationId };
}

import type { ProviderFact, StackFacts } from "../doctor-facts.js";
import type { DoctorTarget } from "../doctor-target.js";
import { failed, passed, undecided, type Finding } from "../finding.js";
import { registerProvider } from "../fix-commands.js";

/**
 * The resource providers the stack calls (its `resource_providers_to_register`) are registered in the
 * subscription. A stack registers them itself on apply; a plan identity cannot, so a plan before
 * the first apply fails with MissingSubscriptionRegistration.
 */
export function checkResourceProviders(target: DoctorTarget, stack: StackFacts, providers: readonly ProviderFact[]): Finding[] {
  if (stack.providers === null) {
    return [undecided("resource-providers", "resource providers", "the stack's azurerm provider block sets no resource_providers_to_register, so which providers it needs is not known here.")];
  }
  const states = new Map(providers.map((p) => [p.namespace.toLowerCase(), p.registrationState]));
  const findings: Finding[] = [];
  for (const namespace of stack.providers) {
    const state = states.get(namespace.toLowerCase()) ?? "NotRegistered";
    if (state === "Registered") continue;
    const what = `resource provider ${namespace}`;
    findings.push(
      state === "Registering"
        ? undecided("resource-providers", what, "is still registering; runs that create its resources fail until it is Registered.")
        : failed("resource-providers", what, `is ${state} in subscription ${target.subscriptionId}, so creating its resources fails with MissingSubscriptionRegistration.`, registerProvider(target, namespace)),
    );
  }
  if (findings.length === 0) findings.push(passed("resource-providers", `the ${stack.providers.length} resource providers the stack needs are registered`));
  return findings;
}

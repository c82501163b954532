import type { EnvironmentPolicy } from "../../../app/config/config-schema.js";
import { testConfig } from "../../support/test-config.js";

/** An approval-required policy for `env-prod` through the real config parser, so defaults are the ones users get. */
export function testPolicy(overrides: Record<string, unknown> = {}): EnvironmentPolicy {
  const parsed = testConfig({ environments: [{ branch: "env-prod", approval: "required", ...overrides }] }).environments[0];
  if (!parsed) throw new Error("test policy missing");
  return parsed;
}

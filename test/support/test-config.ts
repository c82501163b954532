import { parseConfig, type RepoConfig } from "../../app/config/parse-config.js";

const GUID = "00000000-0000-0000-0000-000000000000";

/** The raw `.github/envbranch.yml` content of a typical repository, as a value. */
export function rawTestConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    azure: {
      subscriptionId: GUID,
      tenantId: "11111111-1111-1111-1111-111111111111",
      clientId: "22222222-2222-2222-2222-222222222222",
      state: { resourceGroup: "rg-tfstate", storageAccount: "sttfstate" },
    },
    ...overrides,
  };
}

/** A parsed config for a repository named Hello-World, through the real parser. */
export function testConfig(overrides: Record<string, unknown> = {}): RepoConfig {
  const result = parseConfig(rawTestConfig(overrides), "Hello-World");
  if (!result.ok) throw new Error(`test config is invalid: ${JSON.stringify(result.problems)}`);
  return result.config;
}

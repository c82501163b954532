/**
 * Blob keys of what a run keeps beside an environment's state blob, in the same container: saved
 * plans and errored states hold secrets in clear, so they live where the state does and nowhere else
 * (never in artifacts, which anyone who can read the repository can download).
 *
 * For the state `envbranch/octo/shop/alice.tfstate` the environment's prefix is
 * `envbranch/octo/shop/alice/`: a slug cannot contain `/`, so no two environments' prefixes nest.
 */
export function environmentPrefix(stateKey: string): string {
  return `${stateKey.replace(/\.tfstate$/, "")}/`;
}

/** Where the saved plan of one run goes. */
export function savedPlanKey(stateKey: string, correlationId: string): string {
  return `${environmentPrefix(stateKey)}plans/${correlationId}.tfplan`;
}

/** Where the errored state of one run goes, when Terraform could not write the state blob. */
export function erroredStateKey(stateKey: string, correlationId: string): string {
  return `${environmentPrefix(stateKey)}errored/${correlationId}.tfstate`;
}

/** Whether `key` is a saved plan of the environment whose state is `stateKey` (and not of another). */
export function isSavedPlanOf(stateKey: string, key: string): boolean {
  const prefix = `${environmentPrefix(stateKey)}plans/`;
  return key.startsWith(prefix) && /^[a-z0-9-]+\.tfplan$/.test(key.slice(prefix.length));
}


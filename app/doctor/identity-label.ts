import type { DoctorIdentity } from "./doctor-target.js";

/** How findings name an identity: by what it does and its client id. */
export function identityLabel(identity: DoctorIdentity): string {
  return `${identity.uses.join(" and ")} identity ${identity.clientId}`;
}

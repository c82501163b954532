import { createPrivateKey } from "node:crypto";

const PEM_LABELS = [
  ["-----BEGIN RSA PRIVATE KEY-----", "-----END RSA PRIVATE KEY-----"],
  ["-----BEGIN PRIVATE KEY-----", "-----END PRIVATE KEY-----"],
] as const;

/**
 * `PRIVATE_KEY` as Probot reads it (@probot/get-private-key 1.x): base64 of the PEM is decoded,
 * literal `\n` become line breaks, and a PEM pasted onto one line gets its line breaks back.
 * Returns null when Probot itself would refuse the value (no PKCS#1 or PKCS#8 PEM armour).
 */
export function decodePrivateKeyVariable(value: string): string | null {
  const decoded = Buffer.from(value, "base64");
  const text = (decoded.toString("base64") === value ? decoded.toString() : value).replace(/\\n/g, "\n");
  const labels = PEM_LABELS.find(([begin, end]) => text.includes(begin) && text.includes(end));
  if (labels === undefined) return null;
  if (text.includes("\n")) return text;
  const [begin, end] = labels;
  const middle = text.slice(begin.length + 1, text.length - end.length - 1);
  return `${begin}\n${middle.trim().replace(/\s+/g, "\n")}\n${end}`;
}

/**
 * What is wrong with a GitHub App private key in PEM form, or null: it must parse and be RSA,
 * since GitHub signs app JWTs with RS256 only. The message never quotes the key.
 */
export function checkPrivateKeyPem(pem: string): string | null {
  try {
    const key = createPrivateKey(pem);
    return key.asymmetricKeyType === "rsa" ? null : `is a ${key.asymmetricKeyType ?? "non-RSA"} key; GitHub App keys are RSA`;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return `does not parse as a private key${typeof code === "string" ? ` (${code})` : ""}`;
  }
}

/**
 * Checks of one setting's value: each returns what is wrong, or null. They never quote the value,
 * so a check used on a secret cannot leak it; rows of harmless settings quote it themselves.
 */
export type ValueCheck = (value: string) => string | null;

/** One of `allowed`, compared as written (`caseless` for names Azure's libraries lower-case). */
export function oneOf(allowed: readonly string[], options: { caseless?: boolean } = {}): ValueCheck {
  const normalise = (text: string) => (options.caseless ? text.trim().toLowerCase() : text);
  const set = new Set(allowed.map(normalise));
  return (value) => (set.has(normalise(value)) ? null : `is not one of ${allowed.join(", ")}`);
}

/** An absolute http or https URL. */
export const httpUrl: ValueCheck = (value) => {
  if (!URL.canParse(value)) return "is not a URL";
  const { protocol } = new URL(value);
  return protocol === "https:" || protocol === "http:" ? null : "is not an http(s) URL";
};

/** A TCP port a server can listen on. */
export const tcpPort: ValueCheck = (value) => {
  const port = /^[0-9]{1,5}$/.test(value) ? Number(value) : Number.NaN;
  return port >= 1 && port <= 65535 ? null : "is not a port number from 1 to 65535";
};

/** A positive whole number, as GitHub App ids are. */
export const positiveInteger: ValueCheck = (value) =>
  /^[1-9][0-9]*$/.test(value) && Number.isSafeInteger(Number(value)) ? null : "is not a positive whole number";

/** A host name with an optional port, as `GHE_HOST` is written (no scheme, no path). */
export const hostAndPort: ValueCheck = (value) => {
  if (/[/?#@\s]/.test(value)) return "is not a bare host name (no scheme, no path)";
  return URL.canParse(`https://${value}`) ? null : "is not a host name";
};

// GitHub's rule for logins: letters, digits and single inner hyphens, at most 39 characters;
// an app's bot account is its slug followed by `[bot]`.
const GITHUB_LOGIN = /^(?=.{1,39}(?:\[bot\])?$)[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*(?:\[bot\])?$/;

/** A GitHub login, such as `octocat` or `envbranch[bot]`. */
export const githubLogin: ValueCheck = (value) => (GITHUB_LOGIN.test(value) ? null : "is not a GitHub login (letters, digits and single hyphens, at most 39, then `[bot]` for an app)");

/** Standard base64, as storage account keys are written. */
export const base64: ValueCheck = (value) => (/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(value) ? null : "is not base64");

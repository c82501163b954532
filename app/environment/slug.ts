/**
 * Environment slugs. Every Azure name the stacks derive embeds the slug; the strictest is the
 * Container App name `ca-<project>-<slug>`: 2-32 characters, lowercase letters, digits and single
 * hyphens, starting with a letter and ending with a letter or digit. With a project of at most
 * 12 characters, a slug of at most 16 keeps every derived name within its limit.
 */
export const SLUG_MAX_LENGTH = 16;

export type SlugResult = { ok: true; slug: string } | { ok: false; reason: string; suggestion?: string };

const SHELL_METACHARACTERS = /[$`;&|<>(){}[\]*?!~'"#\\%^=,:@+\s]/;

/** Turns the part of a branch name after the prefix into a slug, or says why it cannot. */
export function slugify(name: string): SlugResult {
  if (name.length === 0) {
    return { ok: false, reason: "has nothing after the environment prefix" };
  }
  if (name.includes("/")) {
    return refuse("contains a path separator (/)", name.split("/").join("-"));
  }
  if (SHELL_METACHARACTERS.test(name)) {
    return refuse("contains characters that are not allowed (spaces or shell metacharacters)", name.replace(new RegExp(SHELL_METACHARACTERS, "g"), "-"));
  }
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(name)) {
    const ascii = name.normalize("NFKD").replace(/[^\x00-\x7f]/g, "");
    if (!/[a-z0-9]/i.test(ascii)) return { ok: false, reason: "has no ASCII letters or digits to build an Azure name from" };
    return refuse("contains non-ASCII characters, which Azure names do not accept", ascii);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(name)) {
    return { ok: false, reason: "contains control characters" };
  }
  const slug = normalise(name);
  if (slug.length === 0) {
    return { ok: false, reason: "has no letters or digits to build an Azure name from" };
  }
  if (slug.length > SLUG_MAX_LENGTH) {
    return refuse(`gives a slug of ${slug.length} characters; at most ${SLUG_MAX_LENGTH} fit every Azure name`, slug);
  }
  return { ok: true, slug };
}

function normalise(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

function refuse(reason: string, candidate: string): SlugResult {
  const suggestion = normalise(candidate).slice(0, SLUG_MAX_LENGTH).replace(/-+$/, "");
  return suggestion ? { ok: false, reason, suggestion } : { ok: false, reason };
}

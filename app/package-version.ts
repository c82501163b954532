import pkg from "../package.json" with { type: "json" };

/**
 * The envbranch package's version, as package.json says at build time. An import rather than a
 * read at run time, so it holds in every form the code ships in: tsc copies package.json into
 * dist/ beside app/, and the action's bundle inlines it (scripts/build-action.ts keeps only the
 * version). The runner reports it; the app renders it into every spec as `appVersion`.
 */
export const PACKAGE_VERSION: string = pkg.version;

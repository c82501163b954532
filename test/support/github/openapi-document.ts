import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/** The HTTP methods GitHub's REST description uses. */
export const HTTP_METHODS = ["get", "post", "put", "patch", "delete", "head", "options"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** A JSON Schema as the description writes it (OpenAPI 3.0 dialect). */
export type JsonSchema = Record<string, unknown>;

/** A `{ "$ref": "#/components/…" }` pointer into the description. */
export interface Reference {
  $ref: string;
}

export interface OpenApiParameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: JsonSchema;
}

export interface OpenApiMediaType {
  schema?: JsonSchema;
  example?: unknown;
  examples?: Record<string, { value?: unknown } | Reference>;
}

export interface OpenApiResponse {
  description?: string;
  content?: Record<string, OpenApiMediaType>;
}

export interface OpenApiOperation {
  operationId: string;
  parameters?: (OpenApiParameter | Reference)[];
  requestBody?: { required?: boolean; content: Record<string, OpenApiMediaType> };
  responses: Record<string, OpenApiResponse | Reference>;
}

export interface OpenApiDocument {
  info: { version: string };
  paths: Record<string, Partial<Record<HttpMethod, OpenApiOperation>>>;
  components: Record<string, Record<string, unknown>>;
}

/** The one description file the harness reads; the package index would parse all ten. */
export const DESCRIPTION_MODULE = "@octokit/openapi/generated/api.github.com.json";

let cached: { document: OpenApiDocument; loadMs: number } | undefined;

/**
 * GitHub's REST description for api.github.com, parsed on first use and kept for the life of the
 * process (one test file, under vitest's forks pool).
 */
export function loadGitHubDescription(): OpenApiDocument {
  if (cached === undefined) {
    const started = performance.now();
    const file = createRequire(import.meta.url).resolve(DESCRIPTION_MODULE);
    const document = JSON.parse(readFileSync(file, "utf8")) as OpenApiDocument;
    cached = { document, loadMs: performance.now() - started };
  }
  return cached.document;
}

/** Milliseconds the description took to read and parse, or undefined before it was loaded. */
export function descriptionLoadMs(): number | undefined {
  return cached?.loadMs;
}

/** Whether a value is a `$ref` object. */
export function isReference(value: unknown): value is Reference {
  return typeof value === "object" && value !== null && typeof (value as Reference).$ref === "string";
}

/**
 * Follows a local `$ref` (`#/components/...`) through the document, repeatedly, until it reaches
 * a value that is not itself a reference.
 */
export function resolveReference<T>(document: OpenApiDocument, value: T | Reference): T {
  let current: unknown = value;
  for (let hops = 0; isReference(current); hops++) {
    if (hops > 20) throw new Error(`reference cycle at ${current.$ref}`);
    current = followPointer(document, current.$ref);
  }
  return current as T;
}

function followPointer(document: OpenApiDocument, ref: string): unknown {
  if (!ref.startsWith("#/")) throw new Error(`only local references are supported, got ${ref}`);
  let node: unknown = document;
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (typeof node !== "object" || node === null || !(key in node)) {
      throw new Error(`unresolvable reference ${ref} in the GitHub description`);
    }
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

import { HTTP_METHODS, type HttpMethod, type OpenApiDocument, type OpenApiOperation } from "./openapi-document.js";

/** One operation of the description with its path template compiled into per-segment matchers. */
export interface OperationRoute {
  method: HttpMethod;
  template: string;
  operation: OpenApiOperation;
  segments: SegmentMatcher[];
}

interface SegmentMatcher {
  pattern: RegExp;
  params: string[];
  /** 2 for a literal segment, 1 for one mixing text and parameters, 0 for a bare `{param}`. */
  weight: number;
}

/** A template the path fits, with its decoded path parameters. */
export interface TemplateMatch {
  template: string;
  params: Record<string, string>;
  routes: OperationRoute[];
}

/** Every operation of the description, grouped by path template. */
export interface RouteTable {
  byTemplate: Map<string, { segments: SegmentMatcher[]; routes: OperationRoute[] }>;
  byOperationId: Map<string, OperationRoute>;
}

/** Compiles the description's path templates once. */
export function compileRoutes(document: OpenApiDocument): RouteTable {
  const table: RouteTable = { byTemplate: new Map(), byOperationId: new Map() };
  for (const [template, item] of Object.entries(document.paths)) {
    const segments = splitPath(template).map(compileSegment);
    const routes: OperationRoute[] = [];
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (operation === undefined) continue;
      const route = { method, template, operation, segments };
      routes.push(route);
      table.byOperationId.set(operation.operationId, route);
    }
    table.byTemplate.set(template, { segments, routes });
  }
  return table;
}

/**
 * The templates a concrete path fits, most specific first: where two templates both fit, the one
 * with a literal segment at the first place they differ wins (`…/actions/secrets/public-key` over
 * `…/actions/secrets/{secret_name}`), as GitHub's router does.
 */
export function matchTemplates(table: RouteTable, path: string): TemplateMatch[] {
  const parts = splitPath(path);
  const exact = collectMatches(table, parts, false);
  // A client may leave the slashes of a file path, ref or branch unencoded; only then may such a
  // trailing parameter take the rest of the path.
  return exact.length > 0 ? exact : collectMatches(table, parts, true);
}

function collectMatches(table: RouteTable, parts: string[], greedyTail: boolean): TemplateMatch[] {
  const found: { match: TemplateMatch; weights: number[] }[] = [];
  for (const [template, { segments, routes }] of table.byTemplate) {
    const candidate = greedyTail ? joinTail(parts, segments) : parts;
    const params = candidate === undefined ? undefined : matchSegments(segments, candidate);
    if (params !== undefined) found.push({ match: { template, params, routes }, weights: segments.map((s) => s.weight) });
  }
  found.sort((a, b) => compareWeights(b.weights, a.weights));
  return found.map((f) => f.match);
}

const SLASHED_PARAMS = new Set(["path", "ref", "branch", "basehead"]);

function joinTail(parts: string[], segments: SegmentMatcher[]): string[] | undefined {
  const last = segments.at(-1);
  const name = last?.params[0];
  if (last?.weight !== 0 || name === undefined || !SLASHED_PARAMS.has(name) || parts.length <= segments.length) return undefined;
  const head = parts.slice(0, segments.length - 1);
  return [...head, parts.slice(segments.length - 1).join("/")];
}

function splitPath(path: string): string[] {
  const trimmed = path.replace(/^\/+/, "").replace(/\/+$/, "");
  return trimmed === "" ? [] : trimmed.split("/");
}

function compileSegment(segment: string): SegmentMatcher {
  const params: string[] = [];
  let source = "";
  let last = 0;
  for (const found of segment.matchAll(/\{([^}]+)\}/g)) {
    source += escapeRegExp(segment.slice(last, found.index));
    source += "(.+?)";
    params.push(found[1] ?? "");
    last = found.index + found[0].length;
  }
  source += escapeRegExp(segment.slice(last));
  const weight = params.length === 0 ? 2 : source === "(.+?)" ? 0 : 1;
  return { pattern: new RegExp(`^${source}$`), params, weight };
}

function matchSegments(segments: SegmentMatcher[], parts: string[]): Record<string, string> | undefined {
  if (segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, segment] of segments.entries()) {
    const found = segment.pattern.exec(parts[index] ?? "");
    if (found === null) return undefined;
    for (const [position, name] of segment.params.entries()) params[name] = safeDecode(found[position + 1] ?? "");
  }
  return params;
}

function compareWeights(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

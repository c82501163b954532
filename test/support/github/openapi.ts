import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import formatsPlugin from "ajv-formats";
import { compileRoutes, matchTemplates, type OperationRoute, type RouteTable } from "./match-route.js";
import {
  isReference,
  loadGitHubDescription,
  resolveReference,
  type JsonSchema,
  type OpenApiDocument,
  type OpenApiMediaType,
  type OpenApiParameter,
  type OpenApiResponse,
} from "./openapi-document.js";

/** A request as the GitHub fake saw it; `path` carries no API base path and no query string. */
export interface GitHubRequestShape {
  method: string;
  path: string;
  query?: Record<string, string | string[]>;
  body?: unknown;
  headers?: Record<string, string | string[] | undefined>;
}

/** The operation a request or route resolved to, with its decoded path parameters. */
export interface GitHubOperationMatch {
  operationId: string;
  method: string;
  template: string;
  params: Record<string, string>;
}

/** Thrown when a request breaks GitHub's REST contract; `problems` lists every reason. */
export class GitHubContractError extends Error {
  constructor(
    readonly request: string,
    readonly problems: string[],
    readonly operationId?: string,
  ) {
    super(`GitHub API contract: ${request}${operationId ? ` (${operationId})` : ""}: ${problems.join("; ")}`);
    this.name = "GitHubContractError";
  }
}

const COMPONENTS_ID = "https://api.github.com/openapi/components.json";

interface Validators {
  document: OpenApiDocument;
  routes: RouteTable;
  body: Ajv;
  params: Ajv;
  bodyCache: Map<string, ValidateFunction | null>;
  paramCache: Map<string, { path: ValidateFunction; query: ValidateFunction; parameters: OpenApiParameter[] }>;
}

let validators: Validators | undefined;

function getValidators(): Validators {
  if (validators !== undefined) return validators;
  const document = loadGitHubDescription();
  const body = new Ajv({ strict: false, allErrors: true });
  // Query and path values arrive as strings; coercion checks them against the declared types.
  const params = new Ajv({ strict: false, allErrors: true, coerceTypes: "array" });
  for (const ajv of [body, params]) {
    formatsPlugin.default(ajv);
    ajv.addFormat("repo.nwo", /^[^/\s]+\/[^/\s]+$/);
  }
  validators = { document, routes: compileRoutes(document), body, params, bodyCache: new Map(), paramCache: new Map() };
  return validators;
}

let componentSchemas: { $id: string; components: { schemas: unknown } } | undefined;
const withComponents = new WeakSet<Ajv>();

/** Compiles a schema, registering the shared component schemas first if it refers to them. */
function compileWith(ajv: Ajv, schema: JsonSchema): ValidateFunction {
  const rewritten = withComponentIds(schema);
  if (!withComponents.has(ajv) && JSON.stringify(rewritten).includes(COMPONENTS_ID)) {
    componentSchemas ??= { $id: COMPONENTS_ID, components: { schemas: typeNullables(getValidators().document.components.schemas) } };
    ajv.addSchema(componentSchemas);
    withComponents.add(ajv);
  }
  return ajv.compile(rewritten);
}

/**
 * Resolves a method and a concrete path (or a path template, whose `{param}`s then stay as written)
 * to the operation of GitHub's REST description. Throws a GitHubContractError for an unknown path,
 * or a method the path does not have.
 */
export function findGitHubOperation(method: string, path: string): GitHubOperationMatch {
  const { routes } = getValidators();
  const verb = method.toLowerCase();
  const label = `${method.toUpperCase()} ${path}`;
  const candidates = matchTemplates(routes, path);
  if (candidates.length === 0) {
    throw new GitHubContractError(label, ["no such path in GitHub's REST description (api.github.com)"]);
  }
  for (const candidate of candidates) {
    const route = candidate.routes.find((r) => r.method === verb);
    if (route) return { operationId: route.operation.operationId, method: verb, template: candidate.template, params: candidate.params };
  }
  const offered = candidates.map((c) => `${c.template} has ${c.routes.map((r) => r.method.toUpperCase()).join(", ")}`);
  throw new GitHubContractError(label, [`method ${method.toUpperCase()} not allowed: ${offered.join("; ")}`]);
}

/**
 * Checks one request against GitHub's REST description: the operation exists, path and query
 * parameters are known and well-typed, required query parameters are there, and a JSON body
 * validates against the operation's request schema. Objects the description declares inline are
 * treated as closed, because GitHub silently ignores misspelt body fields. Returns the operation
 * (its `operationId`, template and path parameters); throws a GitHubContractError naming every
 * problem.
 */
export function validateGitHubRequest(request: GitHubRequestShape): GitHubOperationMatch {
  const match = findGitHubOperation(request.method, request.path);
  const { routes } = getValidators();
  const route = routes.byOperationId.get(match.operationId);
  if (route === undefined) throw new Error(`operation ${match.operationId} vanished from the route table`);
  const problems = [
    ...checkParameters(route, match.params, request.query ?? {}),
    ...checkBody(route, request.body, contentType(request.headers)),
  ];
  if (problems.length > 0) {
    throw new GitHubContractError(`${request.method.toUpperCase()} ${request.path}`, problems, match.operationId);
  }
  return match;
}

function checkParameters(route: OperationRoute, pathParams: Record<string, string>, query: Record<string, string | string[]>): string[] {
  const compiled = compileParameters(route);
  const problems: string[] = [];
  const declared = new Map(compiled.parameters.filter((p) => p.in === "query").map((p) => [p.name, p]));
  for (const name of Object.keys(query)) {
    if (!declared.has(name)) {
      const known = [...declared.keys()];
      problems.push(`unknown query parameter "${name}" (known: ${known.length > 0 ? known.join(", ") : "none"})`);
    }
  }
  for (const parameter of declared.values()) {
    if (parameter.required && !(parameter.name in query)) problems.push(`missing required query parameter "${parameter.name}"`);
  }
  const knownQuery = Object.fromEntries(Object.entries(query).filter(([name]) => declared.has(name)));
  if (!compiled.query(structuredClone(knownQuery))) problems.push(...describeErrors("query", compiled.query.errors));
  if (!compiled.path(structuredClone(pathParams))) problems.push(...describeErrors("path", compiled.path.errors));
  return problems;
}

function compileParameters(route: OperationRoute) {
  const state = getValidators();
  const id = route.operation.operationId;
  const existing = state.paramCache.get(id);
  if (existing) return existing;
  const parameters = (route.operation.parameters ?? []).map((p) => resolveReference<OpenApiParameter>(state.document, p));
  const objectOf = (where: OpenApiParameter["in"]) => ({
    type: "object",
    properties: Object.fromEntries(
      parameters.filter((p) => p.in === where).map((p) => [p.name, oneOfAsAnyOf(typeNullables(p.schema ?? {}))]),
    ),
  });
  const compiled = {
    parameters,
    path: compileWith(state.params, objectOf("path")),
    query: compileWith(state.params, objectOf("query")),
  };
  state.paramCache.set(id, compiled);
  return compiled;
}

function checkBody(route: OperationRoute, body: unknown, type: string | undefined): string[] {
  const requestBody = route.operation.requestBody;
  const empty = body === undefined || body === null || body === "" || (isPlainObject(body) && Object.keys(body).length === 0);
  if (requestBody === undefined) {
    return empty ? [] : ["this operation takes no request body, but one was sent"];
  }
  if (body === undefined || body === null || body === "") {
    return requestBody.required ? ["missing required request body"] : [];
  }
  if (type !== undefined && !/json/i.test(type)) return []; // raw uploads (text, octet-stream) carry no schema to check
  const validate = compileBody(route);
  if (validate === null || validate(body)) return [];
  return describeErrors("body", validate.errors);
}

function compileBody(route: OperationRoute): ValidateFunction | null {
  const state = getValidators();
  const id = route.operation.operationId;
  const existing = state.bodyCache.get(id);
  if (existing !== undefined) return existing;
  const schema = route.operation.requestBody?.content["application/json"]?.schema;
  const compiled = schema === undefined ? null : compileWith(state.body, closeInlineObjects(typeNullables(schema)));
  state.bodyCache.set(id, compiled);
  return compiled;
}

/** Rewrites `#/components/...` references so they resolve against the registered components. */
function withComponentIds(schema: JsonSchema): JsonSchema {
  return JSON.parse(JSON.stringify(schema), (key, value: unknown) =>
    key === "$ref" && typeof value === "string" && value.startsWith("#/") ? `${COMPONENTS_ID}${value}` : value,
  ) as JsonSchema;
}

/**
 * ajv honours OpenAPI's `nullable` only beside a `type`; elsewhere (next to `allOf`, `oneOf`) the
 * description means "or null", which is what this spells out.
 */
function typeNullables<T>(schema: T): T {
  return JSON.parse(JSON.stringify(schema), (_key, value: unknown) => {
    if (!isPlainObject(value) || value.nullable !== true || "type" in value) return value;
    const { nullable: _nullable, ...rest } = value;
    return { anyOf: [{ type: "null" }, rest] };
  }) as T;
}

/**
 * Parameter values are strings coerced to the declared type, so "42" fits both members of a
 * `oneOf: [integer, string]` (workflow_id); for parameters, one fitting member is enough.
 */
function oneOfAsAnyOf(schema: JsonSchema): JsonSchema {
  return JSON.parse(JSON.stringify(schema).replaceAll('"oneOf":', '"anyOf":')) as JsonSchema;
}

/**
 * Marks inline object schemas `additionalProperties: false` where the description leaves it open,
 * so a misspelt field fails. Members of `allOf` stay open: each sees only part of the properties.
 */
function closeInlineObjects(schema: JsonSchema): JsonSchema {
  if (isReference(schema)) return schema;
  const result: JsonSchema = { ...schema };
  if (isPlainObject(result.properties)) {
    result.properties = Object.fromEntries(
      Object.entries(result.properties).map(([name, child]) => [name, isPlainObject(child) ? closeInlineObjects(child) : child]),
    );
    const combined = "allOf" in result || "anyOf" in result || "oneOf" in result;
    if (!("additionalProperties" in result) && !combined) result.additionalProperties = false;
  }
  if (isPlainObject(result.items)) result.items = closeInlineObjects(result.items);
  for (const key of ["anyOf", "oneOf"] as const) {
    const members = result[key];
    if (Array.isArray(members)) result[key] = members.map((m: unknown) => (isPlainObject(m) ? closeInlineObjects(m) : m));
  }
  return result;
}

function describeErrors(where: string, errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => {
    const at = `${where}${error.instancePath}`;
    const params = error.params as Record<string, unknown>;
    if (error.keyword === "additionalProperties") return `${at} has unknown property "${String(params.additionalProperty)}"`;
    if (error.keyword === "enum") return `${at} ${error.message} (${JSON.stringify(params.allowedValues)})`;
    return `${at} ${error.message ?? error.keyword}`;
  });
}

/**
 * A deep copy of the example response GitHub documents for an operation, for fakes to answer with
 * realistic bodies. Without `status`, the first documented 2xx status that has an example is used;
 * without `exampleName`, the `default` example (or the first one). Throws when there is none.
 */
export function exampleResponse(operationId: string, status?: string, exampleName?: string): unknown {
  const found = findExample(operationId, status, exampleName);
  if (found === undefined) {
    const statuses = documentedStatuses(operationId).join(", ");
    throw new Error(`GitHub documents no example for ${operationId}${status ? ` status ${status}` : ""}${exampleName ? ` named ${exampleName}` : ""} (statuses: ${statuses})`);
  }
  return structuredClone(found.body);
}

/**
 * The documented status and example body for an operation's first 2xx response: the answer a
 * fake gives when a test did not say. `body` is undefined for responses without content (204).
 */
export function defaultSuccess(operationId: string): { status: number; body: unknown } {
  const statuses = documentedStatuses(operationId).filter((s) => /^2\d\d$/.test(s));
  for (const status of statuses) {
    const found = findExample(operationId, status);
    if (found) return { status: Number(status), body: structuredClone(found.body) };
  }
  const first = statuses[0];
  if (first === undefined) throw new Error(`GitHub documents no success response for ${operationId}`);
  return { status: Number(first), body: undefined };
}

/** The response statuses GitHub documents for an operation, as strings ("200", "404", …). */
export function documentedStatuses(operationId: string): string[] {
  return Object.keys(operationRoute(operationId).operation.responses);
}

function findExample(operationId: string, status: string | undefined, exampleName?: string): { body: unknown } | undefined {
  const { document } = getValidators();
  const responses = operationRoute(operationId).operation.responses;
  const statuses = status === undefined ? Object.keys(responses).filter((s) => /^2\d\d$/.test(s)) : [status];
  for (const code of statuses) {
    const entry = responses[code];
    if (entry === undefined) continue;
    const media = firstJsonContent(resolveReference<OpenApiResponse>(document, entry));
    if (media === undefined) continue;
    if (media.examples) {
      const names = Object.keys(media.examples);
      const name = exampleName ?? (names.includes("default") ? "default" : names[0]);
      const example = name === undefined ? undefined : media.examples[name];
      if (example !== undefined) return { body: resolveReference<{ value?: unknown }>(document, example).value };
    }
    if (media.example !== undefined && exampleName === undefined) return { body: media.example };
  }
  return undefined;
}

function firstJsonContent(response: OpenApiResponse): OpenApiMediaType | undefined {
  const entry = Object.entries(response.content ?? {}).find(([type]) => /json/i.test(type));
  return entry?.[1];
}

function operationRoute(operationId: string): OperationRoute {
  const route = getValidators().routes.byOperationId.get(operationId);
  if (route === undefined) throw new Error(`GitHub's REST description has no operation "${operationId}"`);
  return route;
}

function contentType(headers: GitHubRequestShape["headers"]): string | undefined {
  if (headers === undefined) return undefined;
  const entry = Object.entries(headers).find(([name]) => name.toLowerCase() === "content-type")?.[1];
  return Array.isArray(entry) ? entry[0] : entry;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

import { pino } from "pino";

type Serialized = Record<string, unknown>;

/**
 * How errors are logged. Probot logs a rejected delivery's error with the event attached, payload and
 * all (once more inside an AggregateError): an unsigned 1 MB request would write megabytes. Errors are
 * logged without the event's payload, and an Octokit error keeps its request's method and URL and its
 * response's status, not their bodies.
 */
export function serializeError(error: unknown): unknown {
  return scrub(pino.stdSerializers.err(error as Error) as unknown, 0);
}

/** The serializers every envbranch logger uses. */
export const logSerializers = { err: serializeError };

function scrub(value: unknown, depth: number): unknown {
  if (!isObject(value) || depth > 4) return value;
  const { event, request, response, aggregateErrors, errors, cause, ...rest } = value;
  const out: Serialized = { ...rest };
  if (isObject(event)) out.event = { id: event.id, name: event.name };
  if (isObject(request)) out.request = { method: request.method, url: request.url };
  if (isObject(response)) out.response = { status: response.status, url: response.url };
  if (Array.isArray(aggregateErrors)) out.aggregateErrors = aggregateErrors.slice(0, 10).map((e) => scrub(e, depth + 1));
  if (Array.isArray(errors)) out.errors = errors.slice(0, 10).map((e) => scrub(e, depth + 1));
  if (cause !== undefined) out.cause = scrub(cause, depth + 1);
  return out;
}

function isObject(value: unknown): value is Serialized {
  return typeof value === "object" && value !== null;
}

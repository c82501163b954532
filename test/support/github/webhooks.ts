import { createHmac, randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import type { EmitterWebhookEvent, WebhookEventName } from "@octokit/webhooks/types";

/** The payload type Probot hands to handlers of `event`. */
export type WebhookPayload<E extends WebhookEventName> = EmitterWebhookEvent<E>["payload"];

interface WebhookDefinition {
  name: string;
  examples: unknown[];
}

let definitions: WebhookDefinition[] | undefined;

function loadDefinitions(): WebhookDefinition[] {
  definitions ??= createRequire(import.meta.url)("@octokit/webhooks-examples") as WebhookDefinition[];
  return definitions;
}

/**
 * A deep copy of the first recorded example payload of `event` (from @octokit/webhooks-examples)
 * that satisfies `predicate`, to change per test case. Throws, listing what exists, when none does.
 */
export function loadExample<E extends WebhookEventName>(event: E, predicate?: (payload: WebhookPayload<E>) => boolean): WebhookPayload<E> {
  const examples = loadDefinitions().find((d) => d.name === event)?.examples ?? [];
  const fits = (payload: unknown) => predicate === undefined || predicate(payload as WebhookPayload<E>);
  const found = examples.find(fits);
  if (found === undefined) {
    throw new Error(`@octokit/webhooks-examples has no ${event} example${predicate ? " matching the predicate" : ""} (it has ${examples.length})`);
  }
  return structuredClone(found) as WebhookPayload<E>;
}

/** The event `probot.receive` takes, with a fresh delivery id unless one is given. */
export function webhookEvent<E extends WebhookEventName>(name: E, payload: WebhookPayload<E>, id: string = randomUUID()): EmitterWebhookEvent<E> {
  return { id, name, payload } as EmitterWebhookEvent<E>;
}

/** The `x-hub-signature-256` header value GitHub sends for `body` under `secret`. */
export function signPayload(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/**
 * POSTs a webhook delivery to a running app the way GitHub does (JSON body, event, delivery id and
 * signature headers). `signature` overrides the computed one, for forged-delivery tests.
 */
export async function deliverWebhook(
  url: string,
  delivery: { name: string; payload: unknown; secret: string; id?: string; signature?: string },
): Promise<Response> {
  const body = JSON.stringify(delivery.payload);
  return fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": delivery.name,
      "x-github-delivery": delivery.id ?? randomUUID(),
      "x-hub-signature-256": delivery.signature ?? signPayload(body, delivery.secret),
    },
    body,
  });
}

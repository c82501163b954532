import { deliverWebhook } from "../../support/github/webhooks.js";

/** What the app answered to a delivery. */
export interface DeliveryResult {
  status: number;
  body: string;
}

/**
 * Delivers a webhook to a running app as GitHub does: the JSON payload POSTed to the app's webhook
 * URL (Probot's is `/api/github/webhooks`) with `x-github-event`, a fresh `x-github-delivery` and
 * the sha256 HMAC signature of the body under `secret`.
 */
export async function deliver(webhookUrl: string, event: string, payload: unknown, secret: string): Promise<DeliveryResult> {
  const response = await deliverWebhook(webhookUrl, { name: event, payload, secret });
  return { status: response.status, body: await response.text() };
}

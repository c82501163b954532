import { createHmac } from "node:crypto";
import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { DELIVERY_CASES, type DeliveryBody, type DeliveryCase, type PayloadBase, type Signature } from "../fixtures/hostile/deliveries.js";
import { TEST_WEBHOOK_SECRET, type TestServer } from "../support/github/test-probot.js";
import { deliverWebhook, loadExample, signPayload } from "../support/github/webhooks.js";
import { commentPayload, deletePayload, pushPayload, workflowRunPayload } from "../support/app-under-test.js";
import type { MockGitHub } from "../support/github/mock-github.js";
import { DEFAULT_HEAD, RepoFake } from "../support/repo-fake.js";
import { rawTestConfig } from "../support/test-config.js";
import { expectAlive, freshInstallationId, isEscapedError, Tally, useHostileServer } from "./hostile-harness.js";

const { server, gh } = useHostileServer();
const tally = new Tally("malformed or forged deliveries");

describe("a malformed or forged delivery, over HTTP", () => {
  it("covers at least thirty cases", () => {
    expect(DELIVERY_CASES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(DELIVERY_CASES.map((c) => [`${c.name} → ${c.status} (${c.answeredBy})`, c] as const))("%s, no GitHub call", async (_, c) => {
    const mock = gh();
    const world = offerDispatchingWorld(mock);
    const body = buildBody(c.body, freshInstallationId());
    const logsFrom = server().logs.length;
    const rssBefore = process.memoryUsage().rss;
    const status = await send(server(), c, body);
    const rssGrowthMb = Math.round((process.memoryUsage().rss - rssBefore) / 1e6);
    const padded = "padToBytes" in c.body ? c.body.padToBytes : undefined;
    tally.delivered += 1;
    tally.unexpectedDispatches += world.dispatches.length;
    if (mock.requests.length > 0) tally.count("cases that called GitHub");
    tally.count("errors caught by the app's one error path", server().logs.slice(logsFrom).filter(isEscapedError).length);
    if (padded) tally.count(`MB more RSS after the ${Math.round(body.length / 1e6)} MB body`, rssGrowthMb);

    expect(status, c.why).toBe(c.status);
    await expectAlive(server(), tally, logsFrom, { allowEscapedErrors: true });
    expect(mock.requests.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect(() => mock.assertDone(), "every offered answer stays unused").toThrow(/got 0/);
    expect(({} as Record<string, unknown>).polluted, "Object.prototype stays clean").toBeUndefined();
    // The body is held a few times over (client, socket chunks, string, parsed payload); not per handler.
    if (padded) expect(rssGrowthMb).toBeLessThan((16 * padded) / 1e6);
  });
});

describe("the logs of a forged delivery", () => {
  it("never hold its body: an unsigned request cannot make the app write megabytes", async () => {
    const mock = gh();
    const payload = pushPayload("env-alice", DEFAULT_HEAD);
    if (payload.head_commit) payload.head_commit.message = "M".repeat(1_000_000);
    const logsFrom = server().logs.length;
    const { status } = await deliverWebhook(server().webhookUrl, { name: "push", payload, secret: "not-the-secret" });
    const written = server()
      .logs.slice(logsFrom)
      .reduce((sum, line) => sum + JSON.stringify(line).length, 0);
    tally.count("log bytes written for a forged 1 MB delivery", written);
    expect(status).toBe(400);
    mock.assertDone();
    expect(written).toBeLessThan(64 * 1024);
  });
});

/**
 * GitHub as it would answer a well-formed push to env-alice, all the way to the dispatch, so that a
 * delivery the app wrongly accepts shows how far it gets. The answers are offered, not expected: a
 * correct app uses none: the test asserts that no request arrived, then that assertDone (which also
 * marks the fake as checked for cleanupGitHubMocks) lists the offered answers as unused.
 */
function offerDispatchingWorld(mock: MockGitHub): RepoFake {
  const fake = new RepoFake(mock);
  mock.installationToken({ persist: true });
  fake.expectConfig(rawTestConfig(), 4);
  fake.expectBranches(["env-alice"]);
  fake.expectCheckRunLookup(2);
  fake.expectCheckRunCreate(2);
  fake.expectDeploymentCreate();
  fake.expectDispatch();
  fake.expectCheckRunUpdate(2);
  return fake;
}

/** The request body a case describes, as text. */
function buildBody(body: DeliveryBody, installationId: number): string {
  if ("raw" in body) return body.raw;
  if ("nestedArrays" in body) return "[".repeat(body.nestedArrays) + "]".repeat(body.nestedArrays);
  const payload = basePayload(body.base, installationId);
  for (const [path, value] of Object.entries(body.set ?? {})) setAt(payload, path, value);
  for (const path of body.unset ?? []) setAt(payload, path, undefined);
  let text = JSON.stringify(payload);
  if (body.padToBytes) {
    (payload.head_commit as { message: string }).message = "M".repeat(Math.max(0, body.padToBytes - text.length));
    text = JSON.stringify(payload);
  }
  return body.extraJson ? `{${body.extraJson},${text.slice(1)}` : text;
}

function basePayload(base: PayloadBase, installationId: number): Record<string, unknown> {
  const installation = { id: installationId, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" };
  const payload: Record<string, unknown> = (() => {
    switch (base) {
      case "push-env-alice":
        return pushPayload("env-alice", DEFAULT_HEAD);
      case "tag-push":
        return { ...pushPayload("env-alice", DEFAULT_HEAD), ref: "refs/tags/v1" };
      case "delete-env-alice":
        return deletePayload("env-alice");
      case "comment-apply":
        return commentPayload("/envbranch apply");
      case "workflow-run":
        return workflowRunPayload(31, "alice-apply-1000-c59e2a23", "success");
      case "ping":
        return loadExample("ping");
    }
  })() as unknown as Record<string, unknown>;
  return { ...payload, installation };
}

/** Sets (or, for undefined, removes) the value at a dotted path of plain objects. */
function setAt(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  if (keys.some((k) => k === "__proto__" || k === "constructor" || k === "prototype")) throw new Error(`refusing to write through ${path}`);
  const last = keys.pop() ?? "";
  let node = target;
  for (const key of keys) node = node[key] as Record<string, unknown>;
  if (value === undefined) delete node[last];
  else node[last] = value;
}

function signatureHeaders(signature: Signature, body: string): Record<string, string> {
  const hex = signPayload(body, TEST_WEBHOOK_SECRET).slice("sha256=".length);
  const sha1 = createHmac("sha1", TEST_WEBHOOK_SECRET).update(body).digest("hex");
  switch (signature) {
    case "valid":
      return { "x-hub-signature-256": `sha256=${hex}` };
    case "none":
      return {};
    case "wrong-secret":
      return { "x-hub-signature-256": signPayload(body, "not-the-secret") };
    case "zeros":
      return { "x-hub-signature-256": `sha256=${"0".repeat(64)}` };
    case "other-body":
      return { "x-hub-signature-256": signPayload(`${body} `, TEST_WEBHOOK_SECRET) };
    case "sha1-only":
      return { "x-hub-signature": `sha1=${sha1}` };
    case "sha1-as-sha256":
      return { "x-hub-signature-256": `sha256=${sha1}` };
    case "uppercase-hex":
      return { "x-hub-signature-256": `sha256=${hex.toUpperCase()}` };
    case "bare-hex":
      return { "x-hub-signature-256": hex };
    case "empty":
      return { "x-hub-signature-256": "" };
    case "doubled":
      return { "x-hub-signature-256": `sha256=${hex}, sha256=${hex}` };
  }
}

/** The headers a case sends: GitHub's, then the case's changes. */
function requestHeaders(c: DeliveryCase, body: string): Record<string, string> {
  const headers: Record<string, string | null> = {
    "content-type": "application/json",
    "x-github-event": c.event === undefined ? "push" : c.event,
    "x-github-delivery": `hostile-${tally.delivered}`,
    ...signatureHeaders(c.signature ?? "valid", body),
    ...c.headers,
  };
  return Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => e[1] !== null));
}

/** Sends the case and returns the HTTP status the sender got. */
async function send(target: TestServer, c: DeliveryCase, body: string): Promise<number> {
  const url = `${target.webhookUrl}${c.pathSuffix ?? ""}`;
  const headers = requestHeaders(c, body);
  const transport = c.transport ?? "fetch";
  if (transport === "fetch") {
    const method = c.method ?? "POST";
    const response = await fetch(url, { method, headers, ...(method === "GET" || method === "HEAD" ? {} : { body }) });
    await response.arrayBuffer();
    return response.status;
  }
  const { pathname } = new URL(url);
  const bytes = Buffer.from(body, "utf8");
  const head = Buffer.from(
    [`${c.method ?? "POST"} ${pathname} HTTP/1.1`, "host: 127.0.0.1", "connection: close", ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), `content-length: ${bytes.length}`, "", ""].join("\r\n"),
    "utf8",
  );
  const request =
    transport === "socket-garbage"
      ? Buffer.from("\u0000\u0001\u0002 GARBAGE\r\n\r\n", "latin1")
      : Buffer.concat([head, transport === "socket-short-body" ? bytes.subarray(0, bytes.length >> 1) : bytes]);
  const answer = await exchange(new URL(url), request);
  const status = /^HTTP\/1\.1 (\d{3}) /.exec(answer);
  if (!status) throw new Error(`no HTTP status line in the answer: ${JSON.stringify(answer.slice(0, 200))}`);
  return Number(status[1]);
}

/** Writes raw bytes to the server, half-closes, and collects everything it answers until it closes. */
function exchange(url: URL, request: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.end(request));
    let answer = "";
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => (answer += chunk));
    socket.on("error", reject);
    socket.on("close", () => resolve(answer));
    socket.setTimeout(15_000, () => socket.destroy(new Error("the server did not answer within 15 s")));
  });
}

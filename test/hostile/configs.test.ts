import { describe, expect, it } from "vitest";
import { CONFIG_CASES, VALID_CONFIG, type ConfigCase } from "../fixtures/hostile/configs.js";
import { TEST_WEBHOOK_SECRET } from "../support/github/test-probot.js";
import { deliverWebhook } from "../support/github/webhooks.js";
import { pushPayload } from "../support/app-under-test.js";
import { DEFAULT_HEAD, RepoFake } from "../support/repo-fake.js";
import { DISPATCH, expectAlive, freshInstallationId, Tally, useHostileServer } from "./hostile-harness.js";

const { server, gh } = useHostileServer();
const tally = new Tally("bad configs");

type CheckRunBody = { conclusion?: string; output: { title: string; summary: string } };

/** The file's text: written out, or generated after the valid config. */
function configText(text: ConfigCase["text"]): string {
  if (typeof text === "string") return text;
  if ("unknownKeys" in text) return VALID_CONFIG + Array.from({ length: text.unknownKeys }, (_, i) => `unknown_${i}: x\n`).join("");
  if ("paddedBytes" in text) return `${VALID_CONFIG}padding: ${"p".repeat(text.paddedBytes)}\n`;
  return `${VALID_CONFIG}? ${"k".repeat(text.keyLength)}\n: 1\n`;
}

describe("a push to env-alice under a broken .github/envbranch.yml, over HTTP", () => {
  it("covers at least twenty configs", () => {
    expect(CONFIG_CASES.length).toBeGreaterThanOrEqual(20);
  });

  it.each(CONFIG_CASES.map((c) => [c.name, c] as const))("%s: one failed check run naming every problem, no dispatch", async (_, c) => {
    const mock = gh();
    const fake = new RepoFake(mock);
    const installationId = freshInstallationId();
    mock.installationToken({ installationId });
    // Probot's config loader reads the file, then the app reads the raw text again to find lines.
    fake.expectConfig(configText(c.text), 2);
    const create = fake.expectCheckRunCreate();
    const payload = pushPayload("env-alice", DEFAULT_HEAD);
    payload.installation = { id: installationId, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" };
    const logsFrom = server().logs.length;

    const response = await deliverWebhook(server().webhookUrl, { name: "push", payload, secret: TEST_WEBHOOK_SECRET });
    tally.delivered += 1;
    tally.unexpectedDispatches += mock.count(DISPATCH);
    const body = create.calls[0]?.body as CheckRunBody | undefined;
    if (body?.conclusion === "failure" && /has \d+ problems?$/.test(body.output.title)) tally.count("failed check runs listing the problems");

    expect(response.status).toBe(200);
    await expectAlive(server(), tally, logsFrom);
    mock.assertDone();
    expect(body?.conclusion).toBe("failure");
    const count = c.count ?? c.problems.length;
    expect(body?.output.title).toMatch(count === "some" ? /^\.github\/envbranch\.yml has \d+ problems?$/ : new RegExp(`^\\.github/envbranch\\.yml has ${count} problems?$`));
    for (const problem of c.problems) expect(body?.output.summary).toContain(problem);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { ALICE, HIDDEN_REPO, startEnvironmentsWorld, type EnvironmentsWorld } from "./environments/environments-world.js";
import { CookieJar, get, signIn } from "./environments/sign-in.js";

let world: EnvironmentsWorld | undefined;
afterEach(async () => {
  // Every request the page made was within GitHub's contract and authenticated as GitHub requires.
  expect(world?.fake.violations).toEqual([]);
  await world?.close();
  world = undefined;
});

interface ApiBody {
  login: string;
  repositories: Array<{ repository: string; problem: string | null }>;
  environments: Array<{ repository: string; branch: string; state: string; url: string | null; run: { url: string } | null; pusher: string | null }>;
}

async function api(jar: CookieJar, url: string): Promise<ApiBody> {
  const response = await get(jar, url);
  expect(response.status).toBe(200);
  return (await response.json()) as ApiBody;
}

describe("the environments page against the fake GitHub", () => {
  it("signs a user in through GitHub's OAuth round trip and shows only what their own token lists", async () => {
    world = await startEnvironmentsWorld();
    const { fake, server } = world;
    expect(await (await fetch(`${server.url}/environments`)).text()).toContain('href="/environments/login"');
    expect((await fetch(`${server.url}/api/environments`)).status).toBe(401);

    const { jar, authorize, callback, done } = await signIn(server.url, ALICE);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${fake.webUrl}/login/oauth/authorize`);
    expect(authorize.searchParams.get("client_id")).toBe(fake.oauthClient.clientId);
    expect(authorize.searchParams.get("redirect_uri")).toBe(`${server.url}/environments/callback`);
    expect(authorize.searchParams.get("state")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(callback.searchParams.get("state")).toBe(authorize.searchParams.get("state"));
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe("/environments");
    expect(fake.signIns).toEqual([{ login: ALICE, redirectUri: `${server.url}/environments/callback`, exchanged: true }]);

    const session = jar.setCookies.find((c) => c.startsWith("envbranch_session="));
    expect(session).toMatch(/^envbranch_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=28800; HttpOnly; SameSite=Lax$/);
    // The user's token is GitHub's `ghu_…`: it appears in no cookie and no log line.
    expect(jar.setCookies.join("\n")).not.toContain("ghu_");
    expect(JSON.stringify(server.logs)).not.toMatch(/ghu_|fake-client-secret/);

    const body = await api(jar, `${server.url}/api/environments`);
    expect(body.login).toBe(ALICE);
    expect(body.repositories.map((r) => r.repository)).toEqual(["acme/site", "octo-org/shop"]);
    expect(body.environments.map((e) => [e.repository, e.branch, e.state]).sort()).toEqual([
      ["acme/site", "env-preview", "destroyed"],
      ["octo-org/shop", "env-alice", "plan-waiting"],
      ["octo-org/shop", "env-staging", "applied"],
    ]);
    expect(body.environments.find((e) => e.branch === "env-staging")).toMatchObject({ url: "https://staging.example.test/", pusher: "carol", run: { url: expect.stringContaining("/octo-org/shop/runs/") } });

    const html = await (await get(jar, `${server.url}/environments`)).text();
    expect(html).toContain(`href="${fake.webUrl}/octo-org/shop/tree/env-staging"`);
    expect(html).toContain('<span class="state s-plan-waiting">plan waiting for approval</span>');
    expect(html).not.toContain("secret");

    const applied = await api(jar, `${server.url}/api/environments?state=applied`);
    expect(applied.environments.map((e) => e.branch)).toEqual(["env-staging"]);
    const acme = await api(jar, `${server.url}/api/environments?owner=ACME`);
    expect(acme.environments.map((e) => e.branch)).toEqual(["env-preview"]);
  });

  it("never reads a repository of the same installation that the user cannot see, even when asked for it by name", async () => {
    world = await startEnvironmentsWorld();
    const { fake, server } = world;
    const { jar } = await signIn(server.url, ALICE);
    const before = fake.requests.length;
    const asked = await api(jar, `${server.url}/api/environments?repository=${HIDDEN_REPO}`);
    expect(asked).toMatchObject({ repositories: [], environments: [] });
    await api(jar, `${server.url}/api/environments`);
    expect(fake.requests.slice(before).filter((r) => r.path.startsWith(`/repos/${HIDDEN_REPO}`))).toEqual([]);

    // Bob, its admin, sees it; alice's page is unchanged.
    const bob = await signIn(server.url, "bob");
    expect((await api(bob.jar, `${server.url}/api/environments`)).environments.map((e) => [e.repository, e.branch])).toEqual([[HIDDEN_REPO, "env-hidden"]]);
  });

  it("reads each repository once a minute however often the page is loaded", async () => {
    world = await startEnvironmentsWorld();
    const { fake, server } = world;
    const { jar } = await signIn(server.url, ALICE);
    await api(jar, `${server.url}/api/environments`);
    const before = fake.requests.length;
    for (let i = 0; i < 5; i += 1) await api(jar, `${server.url}/api/environments`);
    await get(jar, `${server.url}/environments`);
    expect(fake.requests.slice(before)).toEqual([]);

    world.advance(60_000);
    await api(jar, `${server.url}/api/environments`);
    const again = fake.requests.slice(before);
    expect(again.filter((r) => r.operationId === "apps/list-installations-for-authenticated-user")).toHaveLength(1);
    expect(new Set(again.filter((r) => r.operationId === "git/list-matching-refs").map((r) => r.path))).toEqual(new Set(["/repos/acme/site/git/matching-refs/heads%2Fenv-", "/repos/octo-org/shop/git/matching-refs/heads%2Fenv-"]));
  });

  it("ends the session when GitHub refuses the user's token, and asks them to sign in again", async () => {
    world = await startEnvironmentsWorld();
    const { fake, server } = world;
    const { jar } = await signIn(server.url, ALICE);
    await api(jar, `${server.url}/api/environments`);
    fake.revokeUserTokens(ALICE);
    // Until the minute is up, the repositories her token listed are still the ones shown.
    expect((await api(jar, `${server.url}/api/environments`)).environments).toHaveLength(3);
    world.advance(60_000);
    expect((await get(jar, `${server.url}/api/environments`)).status).toBe(401);
    expect(await (await get(jar, `${server.url}/environments`)).text()).toContain("Sign in with GitHub");
  });

  it("marks its cookies Secure and sends GitHub back over https when a proxy says the page is https", async () => {
    world = await startEnvironmentsWorld();
    const { server } = world;
    const host = new URL(server.url).host;
    const response = await fetch(`${server.url}/environments/login`, { redirect: "manual", headers: { "x-forwarded-proto": "https", "x-forwarded-host": "envbranch.example.com" } });
    expect(response.headers.get("set-cookie")).toMatch(/^envbranch_oauth_state=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=600; HttpOnly; SameSite=Lax; Secure$/);
    expect(new URL(response.headers.get("location") ?? "").searchParams.get("redirect_uri")).toBe("https://envbranch.example.com/environments/callback");
    const plain = await fetch(`${server.url}/environments/login`, { redirect: "manual" });
    expect(plain.headers.get("set-cookie")).not.toContain("Secure");
    expect(new URL(plain.headers.get("location") ?? "").searchParams.get("redirect_uri")).toBe(`http://${host}/environments/callback`);
  });

  it("refuses a callback whose state was not sent to this browser, or was used already", async () => {
    world = await startEnvironmentsWorld();
    const { server } = world;
    const { jar, callback } = await signIn(server.url, ALICE);
    const replayed = await get(jar, callback.toString());
    expect(replayed.status).toBe(400);
    // Another browser (no state cookie) bringing a fresh code and state is refused too.
    const started = await get(new CookieJar(), `${server.url}/environments/login`);
    const state = new URL(started.headers.get("location") ?? "").searchParams.get("state") ?? "";
    const stranger = await get(new CookieJar(), `${server.url}/environments/callback?code=abc&state=${state}`);
    expect(stranger.status).toBe(400);
    expect(await stranger.text()).toContain("could not be checked");
    expect(world.fake.signIns).toHaveLength(1);
    const declined = await get(new CookieJar(), `${server.url}/environments/callback?error=access_denied&state=${state}`);
    expect(await declined.text()).toContain("The sign-in was cancelled on GitHub.");
  });

  it("signs out: the session ends on the server, not only in the browser", async () => {
    world = await startEnvironmentsWorld();
    const { server } = world;
    const { jar } = await signIn(server.url, ALICE);
    const cookie = jar.header();
    const out = await fetch(`${server.url}/environments/logout`, { method: "POST", redirect: "manual", headers: { cookie } });
    expect(out.status).toBe(302);
    expect((await fetch(`${server.url}/api/environments`, { headers: { cookie } })).status).toBe(401);
  });

  it("says how to enable itself when the app has no OAuth client", async () => {
    world = await startEnvironmentsWorld({ oauth: false });
    const { server } = world;
    const page = await fetch(`${server.url}/environments`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("GITHUB_CLIENT_ID");
    expect((await fetch(`${server.url}/api/environments`)).status).toBe(503);
    const login = await fetch(`${server.url}/environments/login`, { redirect: "manual" });
    expect(login.headers.get("location")).toBe("/environments");
  });
});

import { describe, expect, it } from "vitest";
import type { EnvironmentRecord } from "../../../app/decisions/environments-model.js";
import { environmentRows, readFilter } from "../../../app/web/environment-filter.js";
import { renderEnvironmentsPage, renderSetupPage, renderSignInPage, type EnvironmentsView } from "../../../app/web/environments-html.js";
import type { RepositoryEnvironments } from "../../../app/web/repository-environments.js";
import type { VisibleRepository } from "../../../app/web/user-repositories.js";

const SHOP: VisibleRepository = { installationId: 1, owner: "octo-org", name: "shop", fullName: "octo-org/shop", url: "https://github.com/octo-org/shop" };
const SITE: VisibleRepository = { installationId: 2, owner: "acme", name: "site", fullName: "acme/site", url: "https://github.com/acme/site" };
const HOSTILE = 'env-<script>alert("x")</script>';

function record(over: Partial<EnvironmentRecord> = {}): EnvironmentRecord {
  return {
    branch: "env-staging",
    slug: "staging",
    githubEnvironment: "env-staging",
    state: "applied",
    head: "a".repeat(40),
    applied: { sha: "a".repeat(40), at: "2026-11-22T10:00:00Z" },
    pusher: "carol",
    url: "https://staging.example.test/",
    run: { url: "https://github.com/octo-org/shop/runs/7", title: "Applied: 3 to add, 0 to change, 0 to destroy" },
    plan: { add: 3, change: 0, destroy: 0 },
    pullRequests: [{ number: 12, base: "env-staging", title: "Bigger", url: "https://github.com/octo-org/shop/pull/12" }],
    activityAt: "2026-11-22T10:00:00Z",
    ...over,
  };
}

function view(read: RepositoryEnvironments[], query = ""): EnvironmentsView {
  const filter = readFilter(new URLSearchParams(query));
  return { login: "alice", visible: [SITE, SHOP], filter, read, leftOut: 0, rows: environmentRows(read, filter) };
}

/** WCAG's contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

describe("the environments page's HTML", () => {
  it("escapes a hostile branch name everywhere it appears, in text and in links", () => {
    const html = renderEnvironmentsPage(view([{ repository: SHOP, environments: [record({ branch: HOSTILE, githubEnvironment: HOSTILE, pusher: "<img src=x onerror=alert(1)>" })], problem: null }]));
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).toContain("env-&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;");
    expect(html).toContain(`href="https://github.com/octo-org/shop/tree/env-%3Cscript%3Ealert(%22x%22)%3C/script%3E"`);
  });

  it("links only http(s) URLs: a javascript: deployment URL is shown as text", () => {
    const html = renderEnvironmentsPage(view([{ repository: SHOP, environments: [record({ url: "javascript:alert(1)" })], problem: null }]));
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain("open · ");
  });

  it("links each environment into GitHub: branch, applied commit, deployment, run and pull requests", () => {
    const html = renderEnvironmentsPage(view([{ repository: SHOP, environments: [record()], problem: null }]));
    for (const href of [
      "https://github.com/octo-org/shop",
      "https://github.com/octo-org/shop/tree/env-staging",
      `https://github.com/octo-org/shop/commit/${"a".repeat(40)}`,
      "https://staging.example.test/",
      "https://github.com/octo-org/shop/deployments/env-staging",
      "https://github.com/octo-org/shop/runs/7",
      "https://github.com/octo-org/shop/pull/12",
    ]) {
      expect(html).toContain(`href="${href}"`);
    }
    expect(html).toContain('<span class="counts"><a href="https://github.com/octo-org/shop/runs/7">+3 ~0 -0</a></span>');
  });

  it("shows a destroyed environment's branch without a link: the branch is gone", () => {
    const html = renderEnvironmentsPage(view([{ repository: SHOP, environments: [record({ state: "destroyed", head: null, url: null })], problem: null }]));
    expect(html).toContain("<code>env-staging</code>");
    expect(html).not.toContain("/tree/env-staging");
  });

  it("is a GET form with a label for every control and the chosen filters selected", () => {
    const html = renderEnvironmentsPage(view([], "repository=octo-org/shop&owner=ACME&state=failed"));
    expect(html).toMatch(/<form class="filters" method="get" action="\/environments"/);
    for (const name of ["repository", "owner", "state"]) {
      expect(html).toContain(`<label for="f-${name}">`);
      expect(html).toContain(`<select id="f-${name}" name="${name}">`);
    }
    expect(html).toContain('<option value="octo-org/shop" selected>');
    expect(html).toContain('<option value="acme" selected>');
    expect(html).toContain('<option value="failed" selected>failed</option>');
    expect(html).toContain("No environments match.");
  });

  it("has a caption and column headers, and on a phone stacks each row with its column names", () => {
    const html = renderEnvironmentsPage(view([{ repository: SHOP, environments: [record(), record({ branch: "env-b", state: "failed" })], problem: null }]));
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain("<caption>2 environments, newest activity first</caption>");
    expect(html.match(/<th scope="col">/g)).toHaveLength(8);
    expect(html).toContain('<td data-label="State"><span class="state s-failed">failed</span></td>');
    expect(html).toMatch(/@media \(max-width:40rem\)\{[^}]*display:block/);
    expect(html).toContain('td::before{content:attr(data-label) ": "');
    expect(html).toMatch(/:focus-visible[^{]*\{outline:3px solid/);
  });

  it("colours every state badge, the text and the links with a contrast of at least 4.5:1", () => {
    const html = renderEnvironmentsPage(view([]));
    const pairs = [...html.matchAll(/\{background:(#[0-9a-f]{6});color:(#[0-9a-f]{6})\}/g)].map((m) => [m[1], m[2]] as [string, string]);
    expect(pairs.length).toBeGreaterThanOrEqual(5);
    pairs.push(["#ffffff", "#1f2328"], ["#ffffff", "#0550ae"], ["#ffffff", "#57606a"]);
    for (const [background, color] of pairs) expect(contrast(background, color), `${color} on ${background}`).toBeGreaterThanOrEqual(4.5);
  });

  it("says which repositories could not be read, but not those without envbranch", () => {
    const html = renderEnvironmentsPage(view([
      { repository: SHOP, environments: [], problem: "invalid config" },
      { repository: SITE, environments: [], problem: "not set up" },
    ]));
    expect(html).toContain("its .github/envbranch.yml is invalid");
    expect(html).not.toContain("acme/site</a>:");
  });

  it("offers sign-in, escaping the reason a sign-in failed, and says how to enable the page without an OAuth client", () => {
    expect(renderSignInPage()).toContain('<a href="/environments/login">Sign in with GitHub</a>');
    expect(renderSignInPage("<b>no</b>")).toContain("&#60;b&#62;no&#60;/b&#62;");
    const setup = renderSetupPage();
    expect(setup).toContain("GITHUB_CLIENT_ID");
    expect(setup).toContain("/environments/callback");
  });
});

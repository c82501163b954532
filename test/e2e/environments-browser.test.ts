import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALICE, HIDDEN_REPO, startEnvironmentsWorld, type EnvironmentsWorld } from "./environments/environments-world.js";

/**
 * The environments page in a real browser: Debian's chromium (which .ci/run installs) driven by
 * playwright-core, against the app and the fake GitHub. Skipped, saying why, only where there is no
 * chromium to drive.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const REPORTS = fileURLToPath(new URL("../../reports/", import.meta.url));
const missing = existsSync(CHROMIUM) ? null : `no chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
if (missing) console.warn(`environments browser test skipped: ${missing}`);

describe.skipIf(missing !== null)("the environments page in chromium", () => {
  let world: EnvironmentsWorld;
  let browser: Browser;

  beforeAll(async () => {
    world = await startEnvironmentsWorld();
    // As root (CI containers) chromium refuses to start without --no-sandbox.
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  });

  afterAll(async () => {
    await browser?.close();
    expect(world?.fake.violations).toEqual([]);
    await world?.close();
  });

  it("signs in through GitHub, shows three environments in two repositories, filters by state, and reads well on a phone", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${world.server.url}/environments`);
    await page.getByRole("link", { name: "Sign in with GitHub" }).click();
    await page.getByLabel("Username").fill(ALICE);
    await page.getByRole("button", { name: "Authorize" }).click();
    await page.waitForURL(`${world.server.url}/environments`);

    const table = page.getByRole("table");
    await expect.poll(() => table.locator("caption").textContent()).toBe("3 environments, newest activity first");
    const rows = await table.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].slice(0, 3).map((td) => td.textContent?.trim() ?? "")));
    expect(rows.sort()).toEqual([
      ["acme/site", "env-preview", "destroyed"],
      ["octo-org/shop", "env-alice", "plan waiting for approval"],
      ["octo-org/shop", "env-staging", "applied"],
    ]);
    expect(await page.content()).not.toContain(HIDDEN_REPO);
    expect(await page.getByRole("link", { name: "env-staging" }).getAttribute("href")).toBe(`${world.fake.webUrl}/octo-org/shop/tree/env-staging`);
    mkdirSync(REPORTS, { recursive: true });
    await page.screenshot({ path: `${REPORTS}environments-page.png`, fullPage: true });

    // The filters are a plain GET form: choosing a state and submitting reloads with it.
    await page.getByLabel("State").selectOption("applied");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/state=applied/);
    expect(await table.locator("tbody tr").count()).toBe(1);
    expect(await table.locator("caption").textContent()).toBe("1 environment, newest activity first");

    // The keyboard reaches the controls, and the focused one shows it.
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement;
      return { tag: element.tagName, outline: getComputedStyle(element).outlineStyle };
    });
    expect(focused).toEqual({ tag: "BUTTON", outline: "solid" });

    // On a phone the table stacks into rows: nothing scrolls sideways.
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`${world.server.url}/environments`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: `${REPORTS}environments-page-phone.png`, fullPage: true });
    await context.close();
  });
});

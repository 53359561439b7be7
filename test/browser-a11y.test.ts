// The archive pages in headless Chromium: axe-core finds no serious or critical violations
// (light and dark), nothing is fetched from elsewhere, pages read without JavaScript, narrow
// screens do not scroll sideways, and print hides the chrome.
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import {
  BROWSER_FOUND,
  CHROMIUM,
  IN_CI,
  launchChromium,
  RUN_BROWSER_TESTS,
  warnWhenSkipped,
} from "./helpers/chromium.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFromArchive } from "../src/build/index.ts";
import { startStaticServer, type StaticServer } from "../src/cli/static-server.ts";
import { fixtureArchive } from "./helpers/archive.ts";

warnWhenSkipped("browser-a11y");
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const SEEDS = join(import.meta.dirname, "..", "seeds");
const BASE = "/archive/";

const PAGES = {
  home: "",
  forum: "crossfit-discussion-board/nutrition/",
  thread: "crossfit-discussion-board/injuries/back-spasms-from-running-6faad58c/",
  "thread page 2": "crossfit-discussion-board/injuries/back-spasms-a1b2c3d4/page/2/",
  "hostile thread": "crossfit-discussion-board/nutrition/back-spasms-0f1e2d3c/",
  author: "authors/steven-low/",
  "guest author": "authors/wanderer/",
  similar: "similar/",
  "similar in a forum": "similar/crossfit-discussion-board/injuries/",
  about: "about/",
};

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
}

describe("archive pages in Chromium", () => {
  it.runIf(IN_CI)("has a browser in CI", () => {
    expect(BROWSER_FOUND, `Chromium missing at ${CHROMIUM}`).toBe(true);
  });

  describe.runIf(RUN_BROWSER_TESTS)("with the fixture archive", () => {
    let dir = "";
    let server: StaticServer | undefined;
    let browser: Browser | undefined;
    const foreign: string[] = [];

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), "fa-browser-"));
      await buildFromArchive(fixtureArchive(), { input: SEEDS, output: dir, baseUrl: BASE, progress: "none" });
      server = await startStaticServer(dir, BASE);
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    async function open(
      path: string,
      options: Parameters<Browser["newContext"]>[0] = {},
    ): Promise<{ page: Page; context: BrowserContext }> {
      const context = await browser!.newContext(options);
      const page = await context.newPage();
      page.on("request", (req) => {
        if (!req.url().startsWith(server!.url.replace(BASE, "/"))) foreign.push(req.url());
      });
      const response = await page.goto(server!.url + path);
      expect(response?.status(), path).toBe(200);
      return { page, context };
    }

    async function axe(page: Page): Promise<string[]> {
      await page.addScriptTag({ path: AXE });
      const result = (await page.evaluate(() =>
        (window as unknown as { axe: { run(): Promise<unknown> } }).axe.run(),
      )) as AxeResult;
      if (process.env.AXE_VERBOSE)
        console.log(
          page.url(),
          result.violations.map((v) => `${v.id}:${v.impact}`),
        );
      return result.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(", ")}`);
    }

    for (const scheme of ["light", "dark"] as const) {
      it(`has no serious or critical axe violations (${scheme})`, async () => {
        const found: Record<string, string[]> = {};
        for (const [name, path] of Object.entries(PAGES)) {
          // axe is injected as an inline script, which the pages' Content-Security-Policy forbids.
          const { page, context } = await open(path, { colorScheme: scheme, bypassCSP: true });
          const violations = await axe(page);
          if (violations.length) found[name] = violations;
          await context.close();
        }
        expect(found).toEqual({});
      });
    }

    it("requests nothing from outside the archive's own origin", () => {
      expect(foreign).toEqual([]);
    });

    it("reads without JavaScript", async () => {
      const { page, context } = await open(PAGES.thread, { javaScriptEnabled: false });
      expect(await page.locator("article.post").count()).toBe(10);
      expect(await page.locator("#post-3 figure.quote a").first().getAttribute("href")).toBe(
        `${BASE}${PAGES.thread}#post-2`,
      );
      await context.close();
    });

    it("fits a narrow phone screen without sideways scrolling", async () => {
      for (const path of [PAGES.home, PAGES.forum, PAGES.thread, PAGES.author]) {
        const { page, context } = await open(path, { viewport: { width: 360, height: 740 } });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, path).toBeLessThanOrEqual(0);
        await context.close();
      }
    });

    it("switches to dark colours and hides navigation when printed", async () => {
      const { page, context } = await open(PAGES.thread, { colorScheme: "dark" });
      const darkBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      await page.emulateMedia({ colorScheme: "light" });
      const lightBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(darkBg).not.toBe(lightBg);
      await page.emulateMedia({ media: "print" });
      expect(await page.locator(".site-header nav").isVisible()).toBe(false);
      expect(await page.locator("#post-1").isVisible()).toBe(true);
      await context.close();
    });

    it("follows a quote link to the quoted post on another page", async () => {
      const { page, context } = await open(PAGES["thread page 2"]);
      await page.locator("#post-44 figure.quote a").first().click();
      await page.waitForURL(/#post-3$/);
      expect(new URL(page.url()).pathname).toBe(`${BASE}crossfit-discussion-board/injuries/back-spasms-a1b2c3d4/`);
      expect(await page.locator("#post-3").isVisible()).toBe(true);
      await context.close();
    });
  });
});

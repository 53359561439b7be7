// An owner's site in headless Chromium: with a custom accent colour (and the dark one derived from
// it), a logo and German words, axe-core finds no serious or critical violations, light or dark;
// the colours are the configured ones; the German search page speaks German.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFromArchive } from "../src/build/index.ts";
import { startStaticServer, type StaticServer } from "../src/cli/static-server.ts";
import {
  BROWSER_FOUND,
  CHROMIUM,
  IN_CI,
  launchChromium,
  RUN_BROWSER_TESTS,
  warnWhenSkipped,
} from "./helpers/chromium.ts";
import { fixtureArchive } from "./helpers/archive.ts";

warnWhenSkipped("browser-a11y-owner");
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const BASE = "/archiv/";
const ACCENT = "#b0306a"; // a raspberry red: 5.2:1 on the darkest light background (#f0eee7)

const PAGES = {
  home: "",
  forum: "crossfit-discussion-board/nutrition/",
  thread: "crossfit-discussion-board/injuries/back-spasms-from-running-6faad58c/",
  "thread page 2": "crossfit-discussion-board/injuries/back-spasms-a1b2c3d4/page/2/",
  author: "authors/steven-low/",
  similar: "similar/",
  search: "search/",
  page: "impressum/",
};

describe("an owner's site in Chromium", () => {
  it.runIf(IN_CI)("has a browser in CI", () => {
    expect(BROWSER_FOUND, `Chromium missing at ${CHROMIUM}`).toBe(true);
  });

  describe.runIf(RUN_BROWSER_TESTS)("German, with a custom accent colour and a logo", () => {
    let input = "";
    let output = "";
    let server: StaticServer | undefined;
    let browser: Browser | undefined;

    beforeAll(async () => {
      input = await mkdtemp(join(tmpdir(), "fa-owner-a11y-in-"));
      output = await mkdtemp(join(tmpdir(), "fa-owner-a11y-out-"));
      await mkdir(join(input, "assets"));
      await mkdir(join(input, "pages"));
      await writeFile(
        join(input, "assets", "logo.svg"),
        '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8" fill="#b0306a"/></svg>',
      );
      await writeFile(
        join(input, "pages", "impressum.md"),
        "---\ntitle: Impressum\n---\n# Impressum\n\nWer wir sind.\n",
      );
      await writeFile(
        join(input, "forum-archive.config.json"),
        JSON.stringify({ title: "Mein Forenarchiv", language: "de", logo: "assets/logo.svg", accentColor: ACCENT }),
      );
      await buildFromArchive(fixtureArchive(), { input, output, baseUrl: BASE, progress: "none" });
      server = await startStaticServer(output, BASE);
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      for (const dir of [input, output]) if (dir) await rm(dir, { recursive: true, force: true });
    });

    async function open(
      path: string,
      options: Parameters<Browser["newContext"]>[0] = {},
    ): Promise<{ page: Page; context: BrowserContext }> {
      const context = await browser!.newContext(options);
      const page = await context.newPage();
      const response = await page.goto(server!.url + path);
      expect(response?.status(), path).toBe(200);
      return { page, context };
    }

    for (const scheme of ["light", "dark"] as const) {
      it(`has no serious or critical axe violations (${scheme})`, async () => {
        const found: Record<string, string[]> = {};
        for (const [name, path] of Object.entries(PAGES)) {
          const { page, context } = await open(path, { colorScheme: scheme, bypassCSP: true });
          await page.addScriptTag({ path: AXE });
          const result = (await page.evaluate(() =>
            (window as unknown as { axe: { run(): Promise<unknown> } }).axe.run(),
          )) as {
            violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[];
          };
          const serious = result.violations
            .filter((v) => v.impact === "serious" || v.impact === "critical")
            .map((v) => `${v.id} (${v.impact}) at ${v.nodes.map((n) => JSON.stringify(n.target)).join(", ")}`);
          if (serious.length) found[name] = serious;
          await context.close();
        }
        expect(found).toEqual({});
      });
    }

    it("colours links with the configured accent in light mode, and a lighter one in dark mode", async () => {
      const { page, context } = await open(PAGES.forum, { colorScheme: "light" });
      const link = page.locator("table.threads tbody th a").first();
      expect(await link.evaluate((a) => getComputedStyle(a).color)).toBe("rgb(176, 48, 106)");
      await page.emulateMedia({ colorScheme: "dark" });
      const dark = await link.evaluate((a) => getComputedStyle(a).color);
      expect(dark).not.toBe("rgb(176, 48, 106)");
      expect(
        await page.locator(".site-name img").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
      ).toBe(true);
      await context.close();
    });

    it("answers a search in German", async () => {
      const { page, context } = await open(`${PAGES.search}?q=kein-solches-wort`);
      await page.waitForFunction(() =>
        /Keine Beiträge passen/.test(document.getElementById("search-status")?.textContent ?? ""),
      );
      await context.close();
      const { page: found, context: second } = await open(`${PAGES.search}?q=spasms`, {});
      await found.waitForFunction(() => /passen zu/.test(document.getElementById("search-status")?.textContent ?? ""));
      expect(await found.locator("#search-status").textContent()).toMatch(
        /^\d+ Beiträge? in \d+ Themen? passen zu spasms\.$/,
      );
      // Dates as the site writes them (the catalogue's short month names and its time), each thread's forum named.
      expect(await found.locator(".search-meta").first().textContent()).toMatch(
        /^Beitrag #\d+ von .+, \d+\. (Jan\.|Feb\.|März|Apr\.|Mai|Juni|Juli|Aug\.|Sept\.|Okt\.|Nov\.|Dez\.) \d{4}, \d\d:\d\d$/,
      );
      expect(await found.locator(".search-forum").first().textContent()).toMatch(/^in (Injuries|Nutrition)$/);
      await second.close();
    });
  });
});

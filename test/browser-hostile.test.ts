// The archive of the hostile dumps (test/fixtures/hostile/) in headless Chromium: every page is
// opened and nothing of the dumps runs (no dialog, no error, window.__pwned never set) and no
// request leaves the site. The search page runs with a hostile query and with one that finds
// the hostile threads, so its result rendering meets the dump text too. The payloads in the
// dumps set window.__pwned or call alert(): either would show here.
import "./helpers/html-reader.ts";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type Page } from "playwright-core";
import {
  BROWSER_FOUND,
  CHROMIUM,
  IN_CI,
  launchChromium,
  RUN_BROWSER_TESTS,
  warnWhenSkipped,
  watchDialogsAndCsp,
} from "./helpers/chromium.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { archiveOf } from "../src/archive/load.ts";
import { buildFromArchive } from "../src/build/index.ts";
import { parseDumps } from "../src/parse/index.ts";
import { CSP_HEADER } from "../src/site/security.ts";
import { startStaticServer, type StaticServer } from "../src/cli/static-server.ts";
import { listFiles, urlOfFile } from "./helpers/site-check.ts";

warnWhenSkipped("browser-hostile");
const HOSTILE_DIR = join(import.meta.dirname, "fixtures", "hostile");
const BASE = "/archive/";
const MARKUP_TITLE = "<script>window.__pwned='title'</script> {{ 7*7 }} {% raw %} spasms";

interface Watch {
  dialogs: string[];
  errors: string[];
  requests: string[];
}

describe("hostile archive in Chromium", () => {
  it.runIf(IN_CI)("has a browser in CI", () => {
    expect(BROWSER_FOUND, `Chromium missing at ${CHROMIUM}`).toBe(true);
  });

  describe.runIf(RUN_BROWSER_TESTS)("with the hostile dumps", () => {
    let dir = "";
    let server: StaticServer | undefined;
    let browser: Browser | undefined;
    let origin = "";
    let pages: string[] = [];

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), "fa-hostile-browser-"));
      const files = (await readdir(HOSTILE_DIR)).filter((f) => /\.(txt|html)$/.test(f)).sort();
      const parsed = parseDumps(
        await Promise.all(
          files.map(async (file) => ({ file, bytes: new Uint8Array(await readFile(join(HOSTILE_DIR, file))) })),
        ),
      );
      await buildFromArchive(archiveOf(parsed.threads, parsed.warnings, parsed.failures), {
        input: HOSTILE_DIR,
        output: dir,
        baseUrl: BASE,
        progress: "none",
      });
      server = await startStaticServer(dir, BASE);
      origin = new URL(server.url).origin;
      pages = (await listFiles(dir)).filter((f) => f.endsWith(".html")).map((f) => urlOfFile(BASE, f));
      browser = await launchChromium();
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    /** A page whose dialogs, errors and requests are recorded; requests off the site are refused. */
    async function watched(): Promise<{ page: Page; watch: Watch; close: () => Promise<void> }> {
      const context = await browser!.newContext();
      const requests: string[] = [];
      await context.route("**/*", (route) => {
        const url = route.request().url();
        requests.push(url);
        return new URL(url).origin === origin ? route.continue() : route.abort();
      });
      const page = await context.newPage();
      // CSP reports (an inline script or handler the policy stopped: there should be none to stop)
      // are read by pwned() below.
      const { dialogs } = await watchDialogsAndCsp(page);
      const watch: Watch = { dialogs, errors: [], requests };
      page.on("pageerror", (error) => watch.errors.push(String(error)));
      page.on("console", (message) => {
        if (message.type() === "error") watch.errors.push(message.text());
      });
      return { page, watch, close: () => context.close() };
    }

    const pwned = (page: Page) =>
      page.evaluate(() => {
        const w = window as unknown as { __pwned?: unknown; __violations?: string[] };
        return { pwned: w.__pwned ?? null, violations: w.__violations ?? [] };
      });

    it("opens every page: no script of the dumps runs, nothing leaves the site", async () => {
      expect(pages.length).toBeGreaterThan(15);
      const { page, watch, close } = await watched();
      const found: Record<string, unknown> = {};
      for (const path of pages) {
        const response = await page.goto(origin + path);
        expect(response?.status(), path).toBe(200);
        // The preview server sends what _headers asks a host for; the page's <meta> says the same.
        expect(response?.headers()["content-security-policy"], path).toBe(CSP_HEADER);
        await page.waitForLoadState("load");
        // Hovering and clicking would fire onmouseover/onclick handlers, had any been made.
        for (const selector of [".author-title", ".crumbs li", ".lead", "h1"]) {
          const target = page.locator(selector).first();
          if ((await target.count()) > 0) await target.hover({ timeout: 2000 }).catch(() => {});
        }
        const state = await pwned(page);
        // Every link, as the browser resolved it, is http(s): no javascript:, data: or vbscript: to click.
        const oddLinks = await page.evaluate(() =>
          [...document.links].map((a) => a.href).filter((href) => !/^https?:/.test(href)),
        );
        if (state.pwned !== null || state.violations.length > 0 || oddLinks.length > 0)
          found[path] = { ...state, oddLinks };
      }
      await close();
      expect(found).toEqual({});
      expect(watch.dialogs).toEqual([]);
      expect(watch.errors).toEqual([]);
      expect(watch.requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
      expect(watch.requests.length).toBeGreaterThanOrEqual(pages.length);
    });

    it("asks hosts for the headers under the base URL", async () => {
      expect(await readFile(join(dir, "_headers"), "utf8")).toBe(
        `${BASE}*\n  Content-Security-Policy: ${CSP_HEADER}\n  X-Content-Type-Options: nosniff\n`,
      );
    });

    it("shows the markup of a dump as text on the thread page", async () => {
      const { page, watch, close } = await watched();
      const thread = pages.find((p) => p.includes("/script-window-pwned-title-script-"))!;
      await page.goto(origin + thread);
      expect(await page.locator("h1").textContent()).toBe(MARKUP_TITLE);
      expect(await page.locator("main img, main svg, main iframe, main style, main script, main b").count()).toBe(0);
      expect(
        await page.evaluate(() => document.querySelectorAll("[onerror],[onload],[onclick],[onmouseover]").length),
      ).toBe(0);
      // The only links out are the dump's http(s) links; following none of them here.
      const external = await page.evaluate(
        (o) =>
          [...document.querySelectorAll("a[href]")]
            .map((a) => (a as HTMLAnchorElement).href)
            .filter((h) => !h.startsWith(o)),
        origin,
      );
      expect(external.sort()).toEqual([
        "http://example.net/sig",
        "http://example.org/ok?a=1&b=2",
        "http://www.example.com/page",
        "https://example.org/search?q=",
      ]);
      expect((await pwned(page)).pwned).toBeNull();
      await close();
      expect(watch.dialogs).toEqual([]);
    });

    it("runs a hostile query on the search page as text", async () => {
      const { page, watch, close } = await watched();
      const query = `<img src=x onerror=alert(1)><script>window.__pwned='q'</script>`;
      await page.goto(`${origin}${BASE}search/?q=${encodeURIComponent(query)}`);
      await page.waitForFunction(() => {
        const text = document.getElementById("search-status")?.textContent ?? "";
        return text !== "" && !/Searching/.test(text);
      });
      expect(await page.inputValue("#search-q")).toBe(query);
      expect(await page.title()).toContain(query);
      const status = (await page.locator("#search-status").textContent()) ?? "";
      expect(status.length).toBeGreaterThan(0);
      expect(
        await page
          .locator("#search-status img, #search-status script, #search-results img, #search-results script")
          .count(),
      ).toBe(0);
      if (await page.locator("#search-status q").count())
        expect(await page.locator("#search-status q").textContent()).toBe(query);
      expect((await pwned(page)).pwned).toBeNull();
      await close();
      expect(watch.dialogs).toEqual([]);
      expect(watch.errors).toEqual([]);
      expect(watch.requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
    });

    it("renders results from the hostile threads as text", async () => {
      const { page, watch, close } = await watched();
      // "spasms": the title of the markup thread (and its replies' "Re:" titles), its first post, and
      // the unicode thread's "back\u200bspasms" title, whichever lunr's tokenizer makes of that.
      await page.goto(`${origin}${BASE}search/?q=spasms`);
      await page.waitForSelector(".search-thread");
      const titles = await page.locator(".search-thread h2").allTextContents();
      expect(titles).toContain(MARKUP_TITLE);
      const metas = await page.locator(".search-meta").allTextContents();
      expect(metas.some((m) => m.includes("by <img src=x onerror=alert(1)>,"))).toBe(true);
      const snippets = (await page.locator(".search-snippet").allTextContents()).join("\n");
      expect(snippets).toContain(`"><script>window.__pwned='description'</script> My lower back`);
      expect(
        await page
          .locator("#search-results img, #search-results script, #search-results svg, #search-results b")
          .count(),
      ).toBe(0);
      // "more matching posts" lists, where they exist, render through the same code.
      const more = page.locator(".search-more summary");
      if (await more.count()) {
        await more.first().click();
        await page.waitForSelector(".search-more .search-post");
      }
      const hrefs = await page
        .locator("#search-results a")
        .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
      for (const href of hrefs) expect(new URL(href).origin).toBe(origin);
      // Following a result stays on the site and runs nothing.
      await page.locator(".search-thread h2 a", { hasText: "window.__pwned='title'" }).click();
      await page.waitForURL((url) => url.pathname.includes("/script-window-pwned-title-script-"));
      expect((await pwned(page)).pwned).toBeNull();
      await close();
      expect(watch.dialogs).toEqual([]);
      expect(watch.errors).toEqual([]);
      expect(watch.requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
    });

    /** Left edges on screen of the first `a` and first `b` in the text after `marker` inside `selector`. */
    const leftOf = (page: Page, selector: string, marker: string, a: string, b: string) =>
      page.evaluate(
        ({ selector, marker, a, b }) => {
          const root = document.querySelector(selector)!;
          const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const text = node.textContent ?? "";
            const at = text.indexOf(marker);
            if (at < 0) continue;
            const x = (i: number) => {
              const range = document.createRange();
              range.setStart(node!, i);
              range.setEnd(node!, i + 1);
              return range.getBoundingClientRect().left;
            };
            return { a: x(text.indexOf(a, at)), b: x(text.indexOf(b, at)) };
          }
          throw new Error(`no "${marker}" in ${selector}`);
        },
        { selector, marker, a, b },
      );

    it("keeps a right-to-left override in a name from reversing the site's words after it", async () => {
      const { page, close } = await watched();
      const thread = pages.find((p) => p.includes("/back-spasms-txt-exe-"))!;
      await page.goto(origin + thread);
      // #2 quotes #1 by "Ali\u202egnp.exe": the caption reads "Quote from Ali…, post #1", left to right after the name.
      const caption = await leftOf(page, "#post-2 figure.quote figcaption", "post #1", "p", "#");
      expect(caption.a).toBeLessThan(caption.b);
      await page.goto(`${origin}${BASE}search/?q=inside`);
      await page.waitForSelector(".search-meta");
      const meta = await leftOf(page, ".search-meta", "Jul 2009", "J", "9");
      expect(meta.a).toBeLessThan(meta.b);
      await close();
    });

    it("finds the CJK and emoji thread and shows it as written", async () => {
      const { page, watch, close } = await watched();
      // "BOM\ufeffinside" in #1 of hostile-unicode.txt: U+FEFF counts as white space, so "inside" is a word.
      await page.goto(`${origin}${BASE}search/?q=inside`);
      await page.waitForSelector(".search-thread");
      expect(await page.locator(".search-thread h2").allTextContents()).toEqual([
        "背中のけいれん 💪🏽 back\u200bspasms \u202etxt.exe\u202c",
      ]);
      expect(await page.locator(".search-meta").first().textContent()).toContain("by Ali\u202egnp.exe,");
      expect(await page.locator(".search-snippet").first().textContent()).toContain(
        "zero\u200bwidth, BOM\ufeffinside, right-to-left \u202efdp.exe\u202c and emoji 🏋️‍♀️💪🏽👨‍👩‍👧‍👦.",
      );
      await close();
      expect(watch.dialogs).toEqual([]);
      expect(watch.errors).toEqual([]);
    });
  });
});

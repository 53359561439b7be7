// The search page in a real browser, on the sample archive built under a base URL: type
// "hip flexors", find the sample thread, click through to the post's anchor; bad syntax,
// no results, the back button and the no-JavaScript message.
import { createRequire } from "node:module";
import { readFile, mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type Page } from "playwright-core";
import { launchChromium, RUN_BROWSER_TESTS, warnWhenSkipped } from "./helpers/chromium.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFromInput, buildFromArchive } from "../src/build/index.ts";
import { FIXTURE, fixtureArchive } from "./helpers/archive.ts";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
warnWhenSkipped("search-browser");

const SEEDS = fileURLToPath(new URL("../seeds", import.meta.url));
const BASE = "/arch/";
const TYPES: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".json": "application/json",
  ".css": "text/css",
  ".xml": "application/xml",
};

/** Serves dir under base, as a static host would (folder → index.html); counts requests. */
function serve(dir: string, requests: string[], base = BASE): Promise<{ server: Server; origin: string }> {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    requests.push(path);
    if (!path.startsWith(base)) return void res.writeHead(404).end();
    let file = normalize(join(dir, path.slice(base.length)));
    if (!file.startsWith(dir)) return void res.writeHead(403).end();
    if (path.endsWith("/")) file = join(file, "index.html");
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve({ server, origin: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}` });
    }),
  );
}

/** Types a query into the search page and waits until the status says how it went. */
async function search(page: Page, q: string): Promise<void> {
  await page.fill("#search-q", q);
  await page.press("#search-q", "Enter");
  await page.waitForFunction(() => {
    const text = document.getElementById("search-status")!.textContent ?? "";
    return text !== "" && !/Searching/.test(text);
  });
}

describe.runIf(RUN_BROWSER_TESTS)("search page in Chromium", () => {
  let dir = "";
  let server: Server | undefined;
  let origin = "";
  let browser: Browser | undefined;
  const requests: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "search-browser-"));
    await buildFromInput({ input: SEEDS, output: dir, baseUrl: BASE, progress: "none" });
    ({ server, origin } = await serve(dir, requests));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function open(path: string, javaScriptEnabled = true): Promise<Page> {
    const context = await browser!.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => void (m.type() === "error" && errors.push(m.text())));
    await page.goto(origin + path);
    (page as Page & { errors?: string[] }).errors = errors;
    return page;
  }

  it("loads no lunr on other pages, nor on the search page before the reader searches", async () => {
    requests.length = 0;
    const home = await open(BASE);
    await home.waitForLoadState("networkidle");
    const search = await open(`${BASE}search/`);
    await search.waitForLoadState("networkidle");
    expect(requests.filter((r) => r.includes("lunr") || r.endsWith(".json"))).toEqual([]);
    await home.context().close();
    await search.context().close();
  });

  it("finds the sample thread for 'hip flexors' and lands on a post that says it", async () => {
    const page = await open(`${BASE}search/`);
    await search(page, "hip flexors");
    expect(new URL(page.url()).search).toBe("?q=hip+flexors");
    const thread = page.locator(".search-thread", { hasText: "Back spasms from running" });
    await expect(thread.count()).resolves.toBe(1);
    // Its forum, from the dump's breadcrumb (… > Injuries), linked to the thread address's parent folder.
    const forum = thread.locator(".search-forum a");
    await expect(forum.textContent()).resolves.toBe("Injuries");
    await expect(forum.getAttribute("href")).resolves.toBe("/arch/crossfit-discussion-board/injuries/");
    // Read from the dump: posts #4 (lines 80-111), #6 (135-156) and #8 (173-188) say
    // "hip flexor(s)" in their own words; #5 and #10 only quote them, and quotes are not indexed.
    const links = await thread
      .locator(".search-posts")
      .first()
      .locator(":scope > .search-post a")
      .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute("href")));
    const thread_ = "/arch/crossfit-discussion-board/injuries/back-spasms-from-running-";
    expect(links.every((href) => href!.startsWith(thread_))).toBe(true);
    expect(links.map((href) => href!.replace(/^.*#/, "#")).sort()).toEqual(["#post-4", "#post-6", "#post-8"]);
    const marks = await thread.locator("mark").allTextContents();
    expect(marks.map((m) => m.toLowerCase())).toContain("flexors");
    expect(marks.map((m) => m.toLowerCase())).toContain("hip");

    // "hip" alone: #5 (line 133, "ankle on hip") and #9 (line 219, "the hips and pelvis") are the
    // thread's two other matching posts, listed when "2 more matching posts" opens.
    await thread.locator(".search-more summary").click();
    await page.waitForSelector(".search-more .search-post");
    const moreLinks = await thread
      .locator(".search-more .search-post a")
      .evaluateAll((as) => as.map((a) => a.getAttribute("href")!.replace(/^.*#/, "#")));
    expect(moreLinks.sort()).toEqual(["#post-5", "#post-9"]);

    const first = thread.locator(".search-posts").first().locator(".search-post a").first();
    const target = (await first.getAttribute("href"))!.replace(/^.*#/, "");
    await first.click();
    await page.waitForURL((url) => url.hash === `#${target}`);
    expect(new URL(page.url()).pathname).toMatch(
      /^\/arch\/crossfit-discussion-board\/injuries\/back-spasms-from-running-[0-9a-f]{8}\/$/,
    );
    const ownWords = await page.evaluate((id) => {
      const body = document.getElementById(id)!.querySelector(".post-body")!.cloneNode(true) as Element;
      body.querySelectorAll(".quote").forEach((q) => q.remove());
      return body.textContent ?? "";
    }, target);
    expect(ownWords.toLowerCase()).toContain("hip flexor");

    // Back to the results, as the history left them.
    await page.goBack();
    await page.waitForSelector(".search-thread");
    expect(await page.inputValue("#search-q")).toBe("hip flexors");
    expect((page as Page & { errors?: string[] }).errors).toEqual([]);
    await page.context().close();
  });

  it("explains a query lunr cannot read, and says when nothing matches", async () => {
    const page = await open(`${BASE}search/`);
    await search(page, "foo:");
    const status = page.locator("#search-status");
    await expect(status.textContent()).resolves.toMatch(/could not be read.*unrecognised field 'foo'/);
    await search(page, "~");
    await expect(status.textContent()).resolves.toMatch(/could not be read/);
    await search(page, "zyzzyvaquux");
    await expect(status.textContent()).resolves.toMatch(/No posts match/);
    expect(await page.locator(".search-thread").count()).toBe(0);

    // Back twice: the error query again, then "foo:" — from the address bar, not memory.
    await page.goBack();
    await page.waitForFunction(() =>
      /could not be read/.test(document.getElementById("search-status")!.textContent ?? ""),
    );
    expect(await page.inputValue("#search-q")).toBe("~");
    await page.context().close();
  });

  it("runs a shared ?q= link on load", async () => {
    const page = await open(`${BASE}search/?q=${encodeURIComponent("title:spasms")}`);
    await page.waitForSelector(".search-thread");
    expect(await page.locator(".search-thread h2").allTextContents()).toEqual(["Back spasms from running"]);
    await page.context().close();
  });

  it("searches a shared link's ~6 as ~2 and says so (a wider fuzzy search froze the tab)", async () => {
    const page = await open(`${BASE}search/?q=${encodeURIComponent("spasms~6")}`);
    await page.waitForSelector(".search-thread");
    expect(await page.locator(".search-thread h2").allTextContents()).toContain("Back spasms from running");
    expect(await page.locator("#search-status").textContent()).toContain(
      "~ allows at most 2 letters off: searched as ~2.",
    );
    await page.context().close();
  });

  it("without JavaScript says search needs it and links to the forum indexes", async () => {
    const page = await open(`${BASE}search/`, false);
    const text = await page.locator("main").textContent();
    expect(text).toContain("Search needs JavaScript");
    const link = page.locator("main a", { hasText: "forum indexes" });
    expect(await link.getAttribute("href")).toBe(BASE);
    await page.context().close();
  });
});

// The site helper's hand-made archive at the root URL: 52 "Meal plan question" threads
// (paging), a post by "<img src=x onerror=alert(1)>" saying "<script>alert('x')</script>
// & friends" (data stays text), a German thread (German stemming), a date left as written.
describe.runIf(RUN_BROWSER_TESTS)("search page on the fixture archive", () => {
  let dir = "";
  let server: Server | undefined;
  let origin = "";
  let browser: Browser | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "search-fixture-"));
    await buildFromArchive(fixtureArchive(), { input: SEEDS, output: dir, baseUrl: "/", progress: "none" });
    ({ server, origin } = await serve(dir, [], "/"));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("pages through results, with the page in the address and the back button", async () => {
    const page = await (await browser!.newContext()).newPage();
    await page.goto(`${origin}/search/`);
    await search(page, "meal");
    // Each of the 52 filler threads asks "How many blocks for meal N?": 52 threads, 10 a page.
    await expect(page.locator("#search-status").textContent()).resolves.toContain("52 threads");
    expect(await page.locator(".search-thread").count()).toBe(10);
    await page.click("#search-pages a[rel=next]");
    await page.waitForURL((url) => url.search === "?q=meal&page=2");
    await page.waitForFunction(() => document.querySelector(".search-threads")?.getAttribute("start") === "11");
    expect(await page.locator(".search-thread").count()).toBe(10);
    await page.goBack();
    await page.waitForFunction(() => document.querySelector(".search-threads")?.getAttribute("start") === "1");
    const direct = await (await browser!.newContext()).newPage();
    await direct.goto(`${origin}/search/?q=meal&page=6`);
    await direct.waitForSelector(".search-thread");
    expect(await direct.locator(".search-thread").count()).toBe(2);
    await page.context().close();
    await direct.context().close();
  });

  it("has no serious or critical axe violations with results, open lists and paging, light and dark", async () => {
    const found: Record<string, string[]> = {};
    for (const colorScheme of ["light", "dark"] as const) {
      // axe is injected as an inline script, which the pages' Content-Security-Policy forbids.
      const page = await (await browser!.newContext({ colorScheme, bypassCSP: true })).newPage();
      // "meal": 52 threads (paging); "reply": the 45-post thread's "Reply number N." posts (a "more" list).
      await page.goto(`${origin}/search/?q=${encodeURIComponent("meal reply")}`);
      await page.waitForSelector(".search-thread");
      await page.locator(".search-more summary").first().click();
      await page.waitForSelector(".search-more .search-post");
      expect(await page.locator("#search-pages a[rel=next]").count()).toBe(1);
      await page.addScriptTag({ path: AXE });
      const result = (await page.evaluate(() =>
        (window as unknown as { axe: { run(): Promise<unknown> } }).axe.run(),
      )) as {
        violations: { id: string; impact: string; nodes: { target: unknown }[] }[];
      };
      const serious = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      if (serious.length)
        found[colorScheme] = serious.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(", ")}`);
      await page.context().close();
    }
    expect(found).toEqual({});
  });

  it("shows hostile names and text as text", async () => {
    const page = await (await browser!.newContext()).newPage();
    const dialogs: string[] = [];
    page.on("dialog", (d) => void (dialogs.push(d.message()), d.dismiss()));
    await page.goto(`${origin}/search/`);
    await search(page, "friends");
    const post = page.locator(".search-post").first();
    await expect(post.locator(".search-meta").textContent()).resolves.toContain("by <img src=x onerror=alert(1)>,");
    await expect(post.locator(".search-snippet").textContent()).resolves.toContain("<script>alert('x')</script> &");
    expect(await page.locator("#search-results img, #search-results script").count()).toBe(0);
    expect(dialogs).toEqual([]);
    await page.context().close();
  });

  it("stems German words and shows an unreadable date as the dump wrote it", async () => {
    const page = await (await browser!.newContext()).newPage();
    await page.goto(`${origin}/search/?q=tannenzweig`);
    await page.waitForSelector(".search-thread");
    // "Mit Tannenzweigen." is post #2 of the roses thread, by a guest, dated "Gestern, 14:03".
    expect(await page.locator(".search-thread h2").allTextContents()).toEqual([FIXTURE.roses.title]);
    await expect(page.locator(".search-post mark").allTextContents()).resolves.toEqual(["Tannenzweigen"]);
    await expect(page.locator(".search-meta").textContent()).resolves.toBe("Post #2 by Wanderer, Gestern, 14:03");
    expect(await page.locator(".search-post a").getAttribute("href")).toBe(`${FIXTURE.roses.url}#post-2`);
    await page.context().close();
  });
});

// Reading the archive in Chromium at desktop (1280×800) and phone (390×844) sizes (issue 17): no
// page kind scrolls sideways, the navigation links exist and lead to pages that exist, quoted-by
// links point at the posts that quote, search results name their forum, and the new pages have no
// serious axe violations.
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFromArchive } from "../src/build/index.ts";
import { startStaticServer, type StaticServer } from "../src/cli/static-server.ts";
import { fixtureArchive, FIXTURE, summarise } from "./helpers/archive.ts";
import { launchChromium, RUN_BROWSER_TESTS, warnWhenSkipped } from "./helpers/chromium.ts";

warnWhenSkipped("browser-reading");
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const SEEDS = join(import.meta.dirname, "..", "seeds");
const BASE = "/archive/";
const INJURIES = "crossfit-discussion-board/injuries/";
const NUTRITION = "crossfit-discussion-board/nutrition/";
const RUNNING = FIXTURE.running.url.slice(1);
const SPASMS_A = FIXTURE.spasmsA.url.slice(1);

/** One page of every kind the site writes. */
const PAGE_KINDS: Record<string, string> = {
  home: "",
  forum: NUTRITION,
  "forum page 2": `${NUTRITION}page/2/`,
  "forum by replies": `${NUTRITION}by-replies/`,
  "forum by title": `${NUTRITION}by-title/page/2/`,
  thread: RUNNING,
  "thread page 2": `${SPASMS_A}page/2/`,
  "hostile thread": FIXTURE.spasmsB.url.slice(1),
  "German thread": FIXTURE.roses.url.slice(1),
  author: "authors/steven-low/",
  "author page 2": "authors/steven-low/page/2/",
  authors: "authors/",
  "authors by name": "authors/by_name/",
  similar: "similar/",
  "similar in a forum": `similar/${INJURIES}`,
  "similar across forums": "similar/across-the-archive/",
  search: "search/?q=meal",
  about: "about/",
};

const SIZES = [
  { name: "desktop", viewport: { width: 1280, height: 800 } },
  { name: "phone", viewport: { width: 390, height: 844 } },
];

describe.runIf(RUN_BROWSER_TESTS)("reading the archive in Chromium", () => {
  let dir = "";
  let server: StaticServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "fa-reading-"));
    await buildFromArchive(fixtureArchive(), { input: SEEDS, output: dir, baseUrl: BASE, progress: "none" });
    server = await startStaticServer(dir, BASE);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function open(path: string, options: Parameters<Browser["newContext"]>[0] = {}): Promise<Page> {
    const context = await browser!.newContext(options);
    const page = await context.newPage();
    const response = await page.goto(server!.url + path);
    expect(response?.status(), path).toBe(200);
    return page;
  }

  /** Hrefs of the elements `selector` finds, as absolute URLs. */
  const hrefs = (page: Page, selector: string) =>
    page.locator(selector).evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));

  async function status(page: Page, url: string): Promise<number> {
    const response = await page.request.get(url.replace(/#.*$/, ""));
    return response.status();
  }

  for (const size of SIZES) {
    it(`scrolls no page kind sideways (${size.name}, ${size.viewport.width}×${size.viewport.height})`, async () => {
      const overflowing: Record<string, number> = {};
      for (const [name, path] of Object.entries(PAGE_KINDS)) {
        const page = await open(path, { viewport: size.viewport });
        if (name === "search") await page.waitForSelector(".search-thread");
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (overflow > 0) overflowing[name] = overflow;
        await page.context().close();
      }
      expect(overflowing).toEqual({});
    });
  }

  it("stacks a forum's thread list on a phone: title above starter, replies and last post", async () => {
    const page = await open(NUTRITION, { viewport: { width: 390, height: 844 } });
    const row = page.locator("table.threads tbody tr").first();
    const title = await row.locator("th").boundingBox();
    const starter = await row.locator("td").first().boundingBox();
    const lastPost = await row.locator("td.last-post").boundingBox();
    expect(starter!.y).toBeGreaterThanOrEqual(title!.y + title!.height - 1);
    expect(lastPost!.x + lastPost!.width).toBeLessThanOrEqual(390);
    // The cells say what they are once the column headings are hidden.
    const replies = await row.locator("td.num").evaluate((td) => getComputedStyle(td, "::after").content);
    expect(replies).toBe('" reply"');
    await page.context().close();
  });

  it("starts a thread's first post in the top half of a phone screen", async () => {
    const page = await open(RUNNING, { viewport: { width: 390, height: 844 } });
    const top = await page
      .locator("article.post")
      .first()
      .evaluate((el) => el.getBoundingClientRect().top);
    expect(top).toBeLessThan(844 / 2);
    await page.context().close();
  });

  it("gives the search box 16 px text and 44 px targets", async () => {
    const page = await open("search/", { viewport: { width: 390, height: 844 } });
    const box = await page.locator("#search-q").evaluate((el) => ({
      font: parseFloat(getComputedStyle(el).fontSize),
      height: el.getBoundingClientRect().height,
    }));
    expect(box.font).toBeGreaterThanOrEqual(16);
    expect(box.height).toBeGreaterThanOrEqual(44);
    const button = await page.locator(".search-form button").boundingBox();
    expect(button!.height).toBeGreaterThanOrEqual(44);
    await page.context().close();
  });

  it("ends a thread with its pager, the way back to its forum and the threads before and after it", async () => {
    // Injuries holds two threads: "Back Spasms" (started July 2008) and "Back spasms from running" (May 2009).
    const first = await open(`${SPASMS_A}page/2/`);
    expect(await first.locator("nav.pager").count()).toBe(2);
    expect(await hrefs(first, ".thread-nav .back-to-forum a")).toEqual([`${server!.url}${INJURIES}`]);
    expect(await first.locator(".thread-nav .older-thread").count()).toBe(0);
    expect(await hrefs(first, ".thread-nav .newer-thread a")).toEqual([`${server!.url}${RUNNING}`]);
    const later = await open(RUNNING);
    expect(await hrefs(later, ".thread-nav .older-thread a")).toEqual([`${server!.url}${SPASMS_A}`]);
    expect(await later.locator(".thread-nav .newer-thread").count()).toBe(0);
    for (const url of [
      ...(await hrefs(first, ".thread-nav a, nav.pager a")),
      ...(await hrefs(later, ".thread-nav a")),
    ]) {
      expect(await status(first, url), url).toBe(200);
    }
    await first.context().close();
    await later.context().close();
  });

  it("shows similar threads on a thread's last page only", async () => {
    // The sample thread (one page) has the forum's own "Similar Threads" list; "Back Spasms" has two pages.
    const running = await open(RUNNING);
    expect(await running.locator("section.similar").count()).toBe(1);
    const page1 = await open(SPASMS_A);
    expect(await page1.locator("section.similar").count()).toBe(0);
    await running.context().close();
    await page1.context().close();
  });

  it("links each quoted post to the posts quoting it, and those quote it back", async () => {
    // Post 44 (page 2) quotes post 3 (page 1) and post 42 (page 2).
    const page = await open(SPASMS_A);
    expect(await hrefs(page, "#post-3 .quoted-by a")).toEqual([`${server!.url}${SPASMS_A}page/2/#post-44`]);
    expect(await page.locator("#post-2 .quoted-by").count()).toBe(0);
    await page.locator("#post-3 .quoted-by a").click();
    await page.waitForURL(/page\/2\/#post-44$/);
    const quoteLinks = await hrefs(page, "#post-44 figure.quote a");
    expect(quoteLinks).toContain(`${server!.url}${SPASMS_A}#post-3`);
    expect(quoteLinks).toContain(`${server!.url}${SPASMS_A}page/2/#post-42`);
    expect(await hrefs(page, "#post-42 .quoted-by a")).toEqual([`${server!.url}${SPASMS_A}page/2/#post-44`]);
    // The sample thread's chain: 3 quotes 2, 4 quotes 3, 5 quotes 4, 9 quotes 1, 10 quotes 8.
    const running = await open(RUNNING);
    const quotedBy = await running
      .locator(".quoted-by")
      .evaluateAll((ps) => ps.map((p) => `${p.closest("article")!.id}: ${p.textContent!.replace(/\s+/g, " ").trim()}`));
    expect(quotedBy).toEqual([
      "post-1: Quoted by #9",
      "post-2: Quoted by #3",
      "post-3: Quoted by #4",
      "post-4: Quoted by #5",
      "post-8: Quoted by #10",
    ]);
    await page.context().close();
    await running.context().close();
  });

  it("gives every post a permalink, and a copy button when scripts run", async () => {
    const withScript = await open(RUNNING, { permissions: ["clipboard-read", "clipboard-write"] });
    expect(await hrefs(withScript, "#post-7 a.permalink")).toEqual([`${server!.url}${RUNNING}#post-7`]);
    await withScript.locator("#post-7 button.copy-link").click();
    await expect.poll(() => withScript.locator("#post-7 button.copy-link").textContent()).toBe("Link copied");
    expect(await withScript.evaluate(() => navigator.clipboard.readText())).toBe(`${server!.url}${RUNNING}#post-7`);
    const without = await open(RUNNING, { javaScriptEnabled: false });
    expect(await without.locator("a.permalink").count()).toBe(10);
    expect(await without.locator("button.copy-link").count()).toBe(0);
    await withScript.context().close();
    await without.context().close();
  });

  it("sorts a forum's threads on pages of their own, each listing the same threads", async () => {
    const page = await open(NUTRITION);
    const sorts = await hrefs(page, ".sort-links a");
    expect(sorts).toEqual([NUTRITION, `${NUTRITION}by-replies/`, `${NUTRITION}by-title/`].map((p) => server!.url + p));
    const titles = new Set<string>();
    for (const url of [`${NUTRITION}by-title/`, `${NUTRITION}by-title/page/2/`]) {
      const sorted = await open(url);
      for (const t of await sorted.locator("table.threads tbody th").allTextContents()) titles.add(t);
      await sorted.context().close();
    }
    // 52 "Meal plan question N" threads and "Back Spasms": 53 in all, "Back Spasms" first by title.
    expect(titles.size).toBe(53);
    const byTitle = await open(`${NUTRITION}by-title/`);
    expect(await byTitle.locator("table.threads tbody th").first().textContent()).toBe("Back Spasms");
    expect(await byTitle.locator('.sort-links a[aria-current="page"]').textContent()).toBe("Title");
    await byTitle.context().close();
    await page.context().close();
  });

  it("lists authors by posts and by name, each linking to its page, with breadcrumbs on author pages", async () => {
    const page = await open("authors/");
    const names = await page.locator("table.authors tbody th").allTextContents();
    const counts = (await page.locator("table.authors tbody td").allTextContents()).map((c) =>
      Number(c.replace(/,/g, "")),
    );
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    for (const url of await hrefs(page, "table.authors a")) expect(await status(page, url), url).toBe(200);
    const byName = await open("authors/by_name/");
    const sortedNames = await byName.locator("table.authors tbody th").allTextContents();
    expect([...sortedNames].sort()).toEqual([...names].sort());
    expect(sortedNames).toEqual(
      [...sortedNames].sort((a, b) =>
        a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0,
      ),
    );
    const author = await open("authors/steven-low/");
    expect(await hrefs(author, ".crumbs a")).toEqual([server!.url, `${server!.url}authors/`]);
    expect(await author.locator(".site-header nav a", { hasText: "Authors" }).getAttribute("href")).toBe(
      `${BASE}authors/`,
    );
    for (const url of (await hrefs(author, ".excerpts a")).slice(0, 5))
      expect(await status(author, url), url).toBe(200);
    await page.context().close();
    await byName.context().close();
    await author.context().close();
  });

  it("shows each forum's last post on the home page", async () => {
    const page = await open("");
    const injuries = page.locator("table.forums tbody tr", { hasText: "Injuries" });
    // Injuries: "Back Spasms" ends in July 2008, "Back spasms from running" with post #10 on 20 Dec 2009.
    expect(await injuries.locator(".last-post a").first().textContent()).toBe("Back spasms from running");
    const link = await hrefs(page, "table.forums .last-post a");
    for (const url of link) expect(await status(page, url), url).toBe(200);
    await page.context().close();
  });

  it("names each search result's forum, linking to it", async () => {
    const page = await open(`search/?q=${encodeURIComponent("spasms")}`);
    await page.waitForSelector(".search-thread");
    const results = await page.locator(".search-thread").evaluateAll((items) =>
      items.map((li) => ({
        thread: new URL((li.querySelector("h2 a") as HTMLAnchorElement).href).pathname,
        forum: li.querySelector(".search-forum")?.textContent,
        href: (li.querySelector(".search-forum a") as HTMLAnchorElement | null)?.href,
      })),
    );
    const expected: Record<string, [string, string]> = {
      [FIXTURE.running.url]: ["Injuries", INJURIES],
      [FIXTURE.spasmsA.url]: ["Injuries", INJURIES],
      [FIXTURE.spasmsB.url]: ["Nutrition", NUTRITION],
    };
    expect(results.length).toBeGreaterThan(0);
    expect(results.map((r) => r.thread).sort()).toEqual(
      Object.keys(expected)
        .map((u) => BASE + u.slice(1))
        .sort(),
    );
    for (const r of results) {
      const [forum, url] = expected[`/${r.thread.slice(BASE.length)}`]!;
      expect(r.forum).toBe(`in ${forum}`);
      expect(r.href).toBe(server!.url + url);
    }
    await page.context().close();
  });

  it("has no serious or critical axe violations on the new pages (light and dark)", async () => {
    const found: Record<string, string[]> = {};
    const pages = [
      "authors",
      "authors by name",
      "forum by replies",
      "similar across forums",
      "thread page 2",
      "search",
    ];
    for (const scheme of ["light", "dark"] as const) {
      for (const name of pages) {
        // axe is injected as an inline script, which the pages' Content-Security-Policy forbids.
        const page = await open(PAGE_KINDS[name]!, {
          colorScheme: scheme,
          bypassCSP: true,
          viewport: { width: 390, height: 844 },
        });
        if (name === "search") await page.waitForSelector(".search-thread mark");
        await page.addScriptTag({ path: AXE });
        const result = (await page.evaluate(() =>
          (window as unknown as { axe: { run(): Promise<unknown> } }).axe.run(),
        )) as {
          violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[];
        };
        const serious = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
        if (serious.length)
          found[`${name} (${scheme})`] = serious.map(
            (v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(", ")}`,
          );
        await page.context().close();
      }
    }
    expect(found).toEqual({});
  });
});

// A 400-post thread: ten pages, more than the pager shows, so nav.js adds a "Go to page" box.
describe.runIf(RUN_BROWSER_TESTS)("jumping to a page of a long thread", () => {
  let dir = "";
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  const base = FIXTURE.spasmsA;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "fa-jump-"));
    const posts = Array.from({ length: 400 }, (_, i) => ({ ...base.posts[0]!, number: i + 1 }));
    const big = { ...base, posts };
    await buildFromArchive(
      { threads: [big], ...summarise([big]), warnings: [], failures: [] },
      { input: SEEDS, output: dir, baseUrl: BASE, progress: "none" },
    );
    server = await startStaticServer(dir, BASE);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("goes to the page typed, and without scripts the pager's links remain", async () => {
    const page = await (await browser!.newContext()).newPage();
    await page.goto(`${server!.url}${base.url.slice(1)}`);
    const box = page.locator("nav.pager form.jump").first();
    await box.getByLabel("Go to page").fill("7");
    await box.getByRole("button", { name: "Go" }).click();
    await page.waitForURL(`${server!.url}${base.url.slice(1)}page/7/`);
    expect(await page.locator("article.post").first().getAttribute("id")).toBe("post-241");
    const plain = await (await browser!.newContext({ javaScriptEnabled: false })).newPage();
    await plain.goto(`${server!.url}${base.url.slice(1)}`);
    expect(await plain.locator("form.jump").count()).toBe(0);
    expect(await plain.locator("nav.pager").first().locator("a", { hasText: "10" }).count()).toBe(1);
    await page.context().close();
    await plain.context().close();
  });
});

// The site's pure pieces: escaping renderer, paths under a base URL, dates, the page arrays
// (pagination, sitemap split, absent clusters), Markdown pages, the preview server, progress lines.
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Archive, Block, Thread } from "../src/model.ts";
import { buildFromArchive } from "../src/build/index.ts";
import { serveSite } from "../src/cli/commands/serve.ts";
import {
  dateValue,
  documentTitle,
  formatCount,
  formatDate,
  formatMonth,
  isIsoDate,
  TITLE_MAX,
} from "../src/site/format.ts";
import { loadMarkdownPages, pageUrlFromSlug } from "../src/site/pages.ts";
import { chunk, normaliseBaseUrl, pagePath, permalinkFor, withBase } from "../src/site/paths.ts";
import { createProgress } from "../src/build/progress.ts";
import { escapeHtml, excerpt, isSafeHref, renderBlocks } from "../src/site/render.ts";
import { fileForPath, startStaticServer } from "../src/cli/static-server.ts";
import { buildFullSiteData, isSafeSitePath } from "../src/site/view/index.ts";
import { FIXTURE, fixtureArchive, summarise } from "./helpers/archive.ts";
import { checkLinks, listFiles } from "./helpers/site-check.ts";

describe("renderBlocks", () => {
  it("escapes every character of dump text that HTML treats as markup", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const html = renderBlocks([{ type: "paragraph", inlines: [{ type: "text", text }] }]);
        const inner = html.slice("<p>".length, -"</p>".length).replace(/<br>\n/g, "\n");
        expect(inner).not.toMatch(/[<>"']/);
        expect(inner.replace(/&(lt|gt|quot|#39|amp);/g, "")).not.toContain("&");
      }),
    );
  });

  it("links only http(s) URLs and marks truncated ones as text", () => {
    const blocks: Block[] = [
      {
        type: "paragraph",
        inlines: [
          { type: "link", href: "javascript:alert(1)", text: "js" },
          { type: "link", href: "data:text/html,<b>", text: "data" },
          { type: "link", href: "https://example.org/?a=1&b=2", text: "ok" },
          {
            type: "link",
            href: "http://www.youtube.com/watch?v=ybsaH...eature=related",
            text: "http://www.youtube.com/watch?v=ybsaH...eature=related",
            truncated: true,
          },
        ],
      },
    ];
    const html = renderBlocks(blocks);
    expect(html).toContain('<a href="https://example.org/?a=1&amp;b=2" rel="nofollow ugc noopener">ok</a>');
    expect(html).not.toContain("javascript:");
    expect(html).not.toContain('href="data:');
    expect(html.match(/<a /g)?.length).toBe(1);
    expect(html).toContain(
      '<span class="link-truncated">http://www.youtube.com/watch?v=ybsaH...eature=related<span class="mark">',
    );
    expect(isSafeHref("HTTPS://EXAMPLE.ORG")).toBe(true);
    expect(isSafeHref("/relative")).toBe(false);
  });

  it("renders nested quotes, linking and naming the quoted post", () => {
    const html = renderBlocks(
      [
        {
          type: "quote",
          postNumber: 2,
          blocks: [
            { type: "quote", author: "A", blocks: [{ type: "paragraph", inlines: [{ type: "text", text: "x" }] }] },
          ],
        },
      ],
      { post: (n) => (n === 2 ? { href: "/t/#post-2", author: "Steven Low" } : undefined) },
    );
    expect(html).toBe(
      '<figure class="quote"><figcaption>Quote from <a href="/t/#post-2"><bdi>Steven Low</bdi>, post #2</a></figcaption><blockquote>' +
        '<figure class="quote"><figcaption>Quote from <bdi>A</bdi></figcaption><blockquote><p>x</p></blockquote></figure></blockquote></figure>',
    );
  });

  it("cuts excerpts on a word boundary", () => {
    expect(excerpt("one two three four", 9)).toBe("one two…");
    expect(excerpt("  short\n text ", 50)).toBe("short text");
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });
});

describe("paths", () => {
  it("puts every path under the base URL exactly once", () => {
    expect(normaliseBaseUrl("")).toBe("/");
    expect(normaliseBaseUrl("archive")).toBe("/archive/");
    expect(normaliseBaseUrl("//a/b//")).toBe("/a/b/");
    expect(withBase("/", "/t/#post-2")).toBe("/t/#post-2");
    expect(withBase("/archive/", "/t/")).toBe("/archive/t/");
    expect(withBase("/archive/", "/")).toBe("/archive/");
    expect(pagePath("/t/", 1)).toBe("/t/");
    expect(pagePath("/t/", 3)).toBe("/t/page/3/");
    expect(permalinkFor("/t/page/3/")).toBe("t/page/3/index.html");
    expect(permalinkFor("/")).toBe("index.html");
    expect(chunk([], 40)).toEqual([[]]);
    expect(chunk([1, 2, 3], 2)).toEqual([[1, 2], [3]]);
  });
});

describe("format", () => {
  it("shows the forum's wall-clock time whatever the machine's zone", () => {
    expect(formatDate("2009-05-09T09:27:00-07:00")).toBe("9 May 2009, 09:27");
    expect(formatDate("2009-12-20")).toBe("20 Dec 2009");
    expect(formatDate("Gestern, 14:03")).toBe("Gestern, 14:03");
    expect(isIsoDate("Gestern, 14:03")).toBe(false);
    expect(isIsoDate("2009-05-09T09:27:00-07:00")).toBe(true);
    expect(formatMonth("2008-04")).toBe("Apr 2008");
    expect(formatCount(12221)).toBe("12,221");
    expect(formatCount(52)).toBe("52");
  });

  it("orders dates without an offset the same on every machine", () => {
    expect(dateValue("2009-12-20T10:00")).toBe(Date.UTC(2009, 11, 20, 10, 0));
    expect(dateValue("2009-12-20T10:00:00-07:00")).toBe(Date.UTC(2009, 11, 20, 17, 0));
    expect(dateValue("Gestern, 14:03")).toBe(Number.NEGATIVE_INFINITY);
  });

  it("keeps document titles within the limit, dropping the site name first", () => {
    expect(documentTitle("Back spasms", "CrossFit Discussion Board archive")).toBe(
      "Back spasms · CrossFit Discussion Board archive",
    );
    expect(documentTitle("", "Forum archive")).toBe("Forum archive");
    const long = "Lower back spasms when running long distances after deadlifting heavy the day before";
    // 44 + 3 + 33 = 80 characters with the site name: the site name goes.
    expect(documentTitle("Lower back spasms when running every morning", "CrossFit Discussion Board archive")).toBe(
      "Lower back spasms when running every morning",
    );
    expect(documentTitle(long, "x").length).toBeLessThanOrEqual(TITLE_MAX);
    // Counted as written in HTML: "'" is "&#39;" (5 characters), so this 68-character title loses the site name.
    expect(documentTitle("Golfer's elbow from pull-ups", "Iron Commons Discussion Board archive")).toBe(
      "Golfer's elbow from pull-ups",
    );
    const quotes = documentTitle("'".repeat(30), "x");
    expect(quotes.length * 5).toBeLessThanOrEqual(TITLE_MAX + 5);
    expect(documentTitle(long, "x")).toMatch(/^Lower back spasms when running long distances after deadlifting…$/);
  });
});

describe("buildFullSiteData", () => {
  it("splits the sitemap into an index over files of at most the limit", () => {
    const view = buildFullSiteData(fixtureArchive(), { baseUrl: "/", pages: [], sitemapLimit: 50 });
    const total = view.sitemaps.reduce((n, s) => n + s.entries.length, 0);
    expect(view.sitemaps.length).toBe(Math.ceil(total / 50));
    expect(view.sitemaps.every((s) => s.entries.length <= 50)).toBe(true);
    expect(view.sitemapIndexPages).toEqual([{ permalink: "sitemap.xml", files: view.sitemaps }]);
    expect(view.sitemaps[0]?.permalink).toBe("sitemap-1.xml");
    const single = buildFullSiteData(fixtureArchive(), { baseUrl: "/", pages: [] });
    expect(single.sitemaps.map((s) => s.permalink)).toEqual(["sitemap.xml"]);
    expect(single.sitemapIndexPages).toEqual([]);
  });

  it("writes no cluster pages and no cluster links when the archive has none", () => {
    const view = buildFullSiteData(fixtureArchive({ clusters: false }), { baseUrl: "/", pages: [] });
    expect(view.clusters).toBeNull();
    expect(view.clusterIndexPages).toEqual([]);
    expect(view.clusterPages).toEqual([]);
    expect(view.nav.map((n) => n.url)).not.toContain("/similar/");
    expect(view.forumPages.every((p) => p.clusterUrl === undefined)).toBe(true);
  });

  it("does not depend on the order of the input threads", () => {
    const archive = fixtureArchive();
    const reversed = {
      ...archive,
      threads: [...archive.threads].reverse(),
      forums: [...archive.forums].reverse(),
      authors: [...archive.authors].reverse(),
    };
    expect(JSON.stringify(buildFullSiteData(reversed, { baseUrl: "/" }))).toBe(
      JSON.stringify(buildFullSiteData(archive, { baseUrl: "/" })),
    );
  });

  it("leaves out pages whose URL is unusable or taken, and says why", () => {
    const archive = fixtureArchive();
    const [first, second] = archive.threads;
    const evil = { ...second!, id: "e", url: "/../../etc/" };
    const twin = { ...second!, id: "f", url: first!.url };
    const view = buildFullSiteData(
      { ...archive, threads: [...archive.threads, evil, twin] },
      {
        baseUrl: "/",
        pages: [{ title: "Clash", url: "/authors/steven-low/", html: "", file: "pages/clash.md" }],
      },
    );
    expect(view.problems.map((p) => p.reason)).toEqual([
      `thread "${second!.title}" left out: unusable URL "/../../etc/"`,
      `thread "${second!.title}" left out: its URL ${first!.url} is already used by thread "${first!.title}"`,
      'page "Clash" left out: its URL /authors/steven-low/ is already used by author page of Steven Low',
    ]);
    expect(view.threadPages.filter((p) => p.thread.url === first!.url).length).toBe(1);
    expect(view.markdownPages).toEqual([]);
    expect(isSafeSitePath("/a/b-1/")).toBe(true);
    for (const bad of ["/a/./", "a/", "/a", "/a//b/", "/a\\b/", "/a b/", "/a?x/"])
      expect(isSafeSitePath(bad), bad).toBe(false);
  });

  it("gives sites and categories unique fragment ids even when their names slug alike", () => {
    const { roses } = FIXTURE;
    const a = {
      ...roses,
      id: "a1",
      site: "Сад",
      breadcrumbs: ["Сад", "Растения", "Розы"],
      forum: { name: "Розы" },
      url: "/sad/rozy/a-a1/",
    };
    const b = {
      ...roses,
      id: "b2",
      site: "Форум",
      breadcrumbs: ["Форум", "Растения", "Розы"],
      forum: { name: "Розы" },
      url: "/forum/rozy/b-b2/",
    };
    const view = buildFullSiteData(
      { threads: [a, b], ...summarise([a, b]), warnings: [], failures: [] },
      { baseUrl: "/" },
    );
    const ids = view.home.sites.flatMap((s) => [s.id, ...s.categories.map((c) => c.id)]);
    expect(new Set(ids).size).toBe(4);
    const crumbsOf = (id: string) => view.threadPages.find((p) => p.thread.id === id)?.crumbs.map((c) => c.url);
    const [siteA, siteB] = view.home.sites;
    expect(crumbsOf("a1")).toEqual([`/#${siteA!.id}`, `/#${siteA!.categories[0]!.id}`, "/sad/rozy/"]);
    expect(crumbsOf("b2")).toEqual([`/#${siteB!.id}`, `/#${siteB!.categories[0]!.id}`, "/forum/rozy/"]);
  });

  it("splits cluster pages 25 clusters a page, each index link pointing at the right page", () => {
    const archive = fixtureArchive();
    const ids = archive.threads.map((t) => t.id);
    // Each group spans two forums (Rosen and another), as the "across the archive" pages require.
    const clusters = Array.from({ length: 30 }, (_, i) => ({
      id: `k${String(i).padStart(2, "0")}`,
      label: [`term${i}`],
      threadIds: [FIXTURE.roses.id, ids[i % (ids.length - 1)]!],
    }));
    const view = buildFullSiteData({ ...archive, clusters }, { baseUrl: "/" });
    expect(view.clusterPages.map((p) => p.url)).toEqual([
      "/similar/across-the-archive/",
      "/similar/across-the-archive/page/2/",
    ]);
    expect(view.clusterPages.map((p) => p.clusters.length)).toEqual([25, 5]);
    const links = view.clusters!.groups[0]!.clusters.map((c) => c.href);
    expect(links[24]).toBe("/similar/across-the-archive/#cluster-k24");
    expect(links[25]).toBe("/similar/across-the-archive/page/2/#cluster-k25");
  });

  it("shows on the across-the-archive page only groups that span forums", () => {
    const archive = fixtureArchive();
    const injuries = { site: "CrossFit Discussion Board", name: "Injuries" };
    // running and spasmsA are both in Injuries; spasmsB is in Nutrition.
    const inOneForum = { id: "c-one", label: ["back"], threadIds: [FIXTURE.running.id, FIXTURE.spasmsA.id] };
    const acrossTwo = { id: "c-two", label: ["spasms"], threadIds: [FIXTURE.spasmsA.id, FIXTURE.spasmsB.id] };
    const perForum = { ...inOneForum, id: "c-one-injuries", forum: injuries };
    const onlyOneForum = buildFullSiteData({ ...archive, clusters: [inOneForum, perForum] }, { baseUrl: "/" });
    expect(onlyOneForum.clusterPages.map((p) => p.url)).toEqual(["/similar/crossfit-discussion-board/injuries/"]);
    const both = buildFullSiteData({ ...archive, clusters: [inOneForum, acrossTwo, perForum] }, { baseUrl: "/" });
    const across = both.clusterPages.find((p) => p.url === "/similar/across-the-archive/")!;
    expect(across.clusters.map((c) => c.id)).toEqual(["c-two"]);
  });

  it("pages a 400-post thread into ten pages with a windowed pager", () => {
    const base = FIXTURE.spasmsA;
    const posts = Array.from({ length: 400 }, (_, i) => ({ ...base.posts[0]!, number: i + 1 }));
    const big = { ...base, posts };
    const view = buildFullSiteData(
      { threads: [big], ...summarise([big]), warnings: [], failures: [] },
      { baseUrl: "/" },
    );
    expect(view.threadPages.length).toBe(10);
    const numbers = (i: number) => view.threadPages[i]!.pager.links.map((l) => (l ? l.n : "…"));
    expect(numbers(0)).toEqual([1, 2, 3, 4, "…", 10]);
    expect(numbers(4)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, "…", 10]);
    expect(numbers(9)).toEqual([1, "…", 7, 8, 9, 10]); // three either side of the current page
    expect(view.threadPages[4]!.pager.prev).toBe(`${base.url}page/4/`);
    expect(view.threadPages[4]!.posts[0]!.number).toBe(161);
    expect(view.threadPages[9]!.pager.next).toBeUndefined();
  });

  it("uses absolute URLs in sitemap and feed when the site URL is known", () => {
    const view = buildFullSiteData(fixtureArchive(), { baseUrl: "/archive/", siteUrl: "https://example.org/" });
    expect(view.sitemaps[0]?.entries[0]?.loc).toBe("https://example.org/archive/");
    expect(view.feed.entries[0]?.url).toMatch(/^https:\/\/example\.org\/archive\//);
  });
});

describe("Markdown pages", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "fa-pages-"));
    await writeFile(join(dir, "about.md"), "---\ntitle: About\npermalink: about\n---\n# Hi\n\nSome *text*.\n");
    await writeFile(join(dir, "b.md"), "---\ntitle: Clash\npermalink: /about/\n---\nx\n");
    await writeFile(join(dir, "help.md"), "No front matter.\n");
    await writeFile(join(dir, "sneaky.md"), "---\ntitle: Up\npermalink: ../../etc\n---\nx\n");
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("reads title and permalink from front matter, and refuses a taken permalink", async () => {
    const { pages, failures } = await loadMarkdownPages(dir);
    expect(pages.map((p) => [p.title, p.url])).toEqual([
      ["About", "/about/"],
      ["help", "/help/"],
      ["Up", "/etc/"],
    ]);
    expect(pages[0]?.html).toContain("<em>text</em>");
    expect(failures).toEqual([
      { file: join(dir, "b.md"), reason: "permalink /about/ is already used by another page" },
    ]);
    expect(pageUrlFromSlug("a/../b")).toBe("/a/b/");
    // An ampersand or a space would need escaping in the permalink and the link: slugs need none.
    expect(pageUrlFromSlug("Q&A/Take down")).toBe("/q-and-a/take-down/");
    expect(await loadMarkdownPages(join(dir, "missing"))).toEqual({ pages: [], failures: [] });
  });
});

describe("preview server", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "fa-serve-"));
    await mkdir(join(dir, "t"));
    await writeFile(join(dir, "index.html"), "<p>home</p>");
    await writeFile(join(dir, "t", "index.html"), "<p>thread</p>");
    await writeFile(join(dir, "404.html"), "<p>missing</p>");
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("maps URLs under the base URL to files and nothing outside the folder", () => {
    expect(fileForPath(dir, "/archive/", "/archive/t/")).toBe(join(dir, "t", "index.html"));
    expect(fileForPath(dir, "/archive/", "/elsewhere/")).toBeUndefined();
    expect(fileForPath(dir, "/", "/../../etc/passwd")).toBeUndefined();
    expect(fileForPath(dir, "/", "/%2e%2e/%2e%2e/etc/passwd")).toBeUndefined();
  });

  it("serves pages, redirects folders without a slash and answers 404 with the 404 page", async () => {
    const server = await startStaticServer(dir, "/archive/");
    try {
      const home = await fetch(server.url);
      expect(home.status).toBe(200);
      expect(await home.text()).toBe("<p>home</p>");
      const folder = await fetch(`${server.url}t`, { redirect: "manual" });
      expect(folder.status).toBe(301);
      expect(folder.headers.get("location")).toBe("/archive/t/");
      const missing = await fetch(`${server.url}nope/`);
      expect(missing.status).toBe(404);
      expect(await missing.text()).toBe("<p>missing</p>");
    } finally {
      await server.close();
    }
  });
});

describe("progress", () => {
  it("prints plain lines when not on a terminal", () => {
    let out = "";
    const stream = new Writable({
      write(chunk, _enc, done) {
        out += String(chunk);
        done();
      },
    }) as unknown as NodeJS.WriteStream;
    const progress = createProgress("lines", stream);
    progress.start("Writing pages", 20);
    for (let i = 0; i < 20; i++) progress.tick(`p${i}`);
    progress.stop();
    const lines = out.trim().split("\n");
    expect(lines[0]).toBe("Writing pages: 20 to do");
    expect(lines.at(-1)).toBe("Writing pages: 20/20 done");
    expect(lines.length).toBeLessThanOrEqual(12);
  });
});

describe("rebuilding into the same folder", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "fa-rebuild-"));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("removes the pages of a thread that is gone, and nothing it did not write", async () => {
    const { running, spasmsB } = FIXTURE;
    const archiveOf = (threads: Thread[]): Archive => ({ threads, ...summarise(threads), warnings: [], failures: [] });
    const out = join(dir, "out");
    const options = { input: join(dir, "no-input"), output: out, baseUrl: "/", progress: "none" as const };
    await buildFromArchive(archiveOf([running, spasmsB]), options);
    await writeFile(join(out, "keep-me.txt"), "the archivist's own file");
    const before = await listFiles(out);
    expect(before).toContain("crossfit-discussion-board/nutrition/back-spasms-0f1e2d3c/index.html");
    expect(before).toContain("crossfit-discussion-board/nutrition/index.html");

    const summary = await buildFromArchive(archiveOf([running]), options);
    const after = await listFiles(out);
    expect(after).not.toContain("crossfit-discussion-board/nutrition/back-spasms-0f1e2d3c/index.html");
    expect(after).not.toContain("crossfit-discussion-board/nutrition/index.html");
    expect(after.some((f) => f.startsWith("crossfit-discussion-board/nutrition/"))).toBe(false);
    expect(after).toContain("keep-me.txt");
    expect(after).toContain("crossfit-discussion-board/injuries/back-spasms-from-running-6faad58c/index.html");
    expect(summary.staleRemoved).toBeGreaterThanOrEqual(3); // thread, forum, the author page of the hostile poster
    const { problems } = await checkLinks(out, "/");
    expect(problems).toEqual([]);
  });
});

describe("serveSite", () => {
  it("builds, serves under the base URL, and stops on abort", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fa-servesite-"));
    const controller = new AbortController();
    let url = "";
    const log = console.log;
    console.log = () => {};
    try {
      const serving = serveSite({
        input: join(import.meta.dirname, "..", "seeds"),
        output: dir,
        baseUrl: "/archive/",
        port: 0,
        progress: "none",
        signal: controller.signal,
        onReady: (u) => {
          url = u;
        },
      });
      while (!url) await new Promise((r) => setTimeout(r, 20));
      const home = await fetch(url);
      expect(home.status).toBe(200);
      expect(await home.text()).toContain('href="/archive/about/"');
      controller.abort();
      await serving;
    } finally {
      console.log = log;
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("building without search", () => {
  it("writes no search page, index or link", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fa-nosearch-"));
    try {
      const threads = [FIXTURE.running];
      const summary = await buildFromArchive(
        { threads, ...summarise(threads), warnings: [], failures: [] },
        { input: join(dir, "none"), output: dir, baseUrl: "/", progress: "none", search: false },
      );
      expect(summary.searchFiles).toBe(0);
      const files = await listFiles(dir);
      expect(files.filter((f) => f.startsWith("search/"))).toEqual([]);
      expect(files).toContain("index.html");
      expect((await checkLinks(dir, "/")).problems).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("machine dates of a dump without a time zone", () => {
  it("carry a zone in the sitemap and the feed (read as UTC, like the site's own date order)", async () => {
    const { readFileSync } = await import("node:fs");
    const { parseDumps } = await import("../src/parse/index.ts");
    const { archiveOf } = await import("../src/archive/load.ts");
    // no-footer.txt has no "All times are" line and no front matter: its dates have no offset.
    const archive = archiveOf(
      parseDumps([{ file: "no-footer.txt", bytes: readFileSync("test/fixtures/no-footer.txt") }]).threads,
    );
    expect(archive.threads[0]!.posts[0]!.postedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    const view = buildFullSiteData(archive, { baseUrl: "/" });
    const lastmods = view.sitemaps.flatMap((sitemap) =>
      sitemap.entries.flatMap((entry) => (entry.lastmod ? [entry.lastmod] : [])),
    );
    expect(lastmods.length).toBeGreaterThan(0);
    for (const value of [
      ...lastmods,
      view.feed.updated,
      ...view.feed.entries.flatMap((entry) => [entry.published, entry.updated]),
    ]) {
      expect(value).toMatch(/(?:Z|[+-]\d{2}:\d{2})$/);
    }
  });
});

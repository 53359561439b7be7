// The site built from the hand-made fixture archive (test/helpers/archive.ts): pages, links,
// pagination, quotes across pages, escaping, similar threads, clusters; with and without a base URL.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFromArchive, type BuildSummary } from "../src/build/index.ts";
import { FIXTURE, fixtureArchive } from "./helpers/archive.ts";
import { checkLinks, listFiles, loadPage, validateAllHtml } from "./helpers/site-check.ts";

const SEEDS = join(import.meta.dirname, "..", "seeds");
let root: string;
let plain: string;
let prefixed: string;
let summary: BuildSummary;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "fa-site-"));
  plain = join(root, "plain");
  prefixed = join(root, "prefixed");
  summary = await buildFromArchive(fixtureArchive(), { input: SEEDS, output: plain, baseUrl: "/", progress: "none" });
  await buildFromArchive(fixtureArchive(), {
    input: SEEDS,
    output: prefixed,
    baseUrl: "/archive/",
    siteUrl: "https://example.org",
    progress: "none",
  });
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

const RUNNING = "crossfit-discussion-board/injuries/back-spasms-from-running-6faad58c/index.html";
const LONG = "crossfit-discussion-board/injuries/back-spasms-a1b2c3d4/";
const HOSTILE = "crossfit-discussion-board/nutrition/back-spasms-0f1e2d3c/index.html";

describe("site from the fixture archive", () => {
  it("summarises what it built, listing failures with their reason", () => {
    expect(summary.threads).toBe(56);
    expect(summary.posts).toBe(10 + 45 + 2 + 52 * 2 + 2);
    expect(summary.authors).toBe(8);
    expect(summary.warnings).toBe(1);
    expect(summary.failures).toEqual([{ file: "empty.txt", reason: "no posts found" }]);
    expect(summary.pagesWritten).toBeGreaterThan(56);
  });

  it("writes the search page and its index", async () => {
    expect(summary.searchFiles).toBeGreaterThan(0);
    expect(await listFiles(plain)).toContain("search/index.html");
  });

  it("links every internal link to an existing file and anchor, without a base URL", async () => {
    const { problems, checked } = await checkLinks(plain, "/");
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(1000);
  });

  it("links every internal link under /archive/ when built with that base URL", async () => {
    const { problems, checked } = await checkLinks(prefixed, "/archive/");
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(1000);
    const $ = await loadPage(prefixed, RUNNING);
    expect($('a[href="/archive/authors/steven-low/"]').length).toBeGreaterThan(0);
    expect($("figure.quote figcaption a").first().attr("href")).toBe(
      "/archive/crossfit-discussion-board/injuries/back-spasms-from-running-6faad58c/#post-2",
    );
  });

  it("uses the site URL for canonical links, sitemap, feed and robots.txt when given", async () => {
    const $ = await loadPage(prefixed, RUNNING);
    expect($('link[rel="canonical"]').attr("href")).toBe(
      "https://example.org/archive/crossfit-discussion-board/injuries/back-spasms-from-running-6faad58c/",
    );
    const sitemap = await readFile(join(prefixed, "sitemap.xml"), "utf8");
    expect(sitemap).toContain("<loc>https://example.org/archive/</loc>");
    expect(await readFile(join(prefixed, "robots.txt"), "utf8")).toContain(
      "Sitemap: https://example.org/archive/sitemap.xml",
    );
    expect(await readFile(join(prefixed, "feed.xml"), "utf8")).toContain(
      '<link rel="self" href="https://example.org/archive/feed.xml"/>',
    );
    const plainPage = await loadPage(plain, RUNNING);
    expect(plainPage('link[rel="canonical"]').length).toBe(0);
    expect(plainPage('meta[name="description"]').attr("content")).toMatch(/^My lowere back starts to spasm/);
  });

  it("passes html-validate on every page", async () => {
    const { errors, pages } = await validateAllHtml(plain);
    expect(errors).toEqual([]);
    expect(pages).toBeGreaterThan(56);
  });

  it("renders a post with its author card, date, permalink anchor, signature and edit note", async () => {
    const $ = await loadPage(plain, RUNNING);
    expect($("h1").text()).toBe("Back spasms from running");
    expect(
      $("article.post")
        .map((_, el) => $(el).attr("id"))
        .get(),
    ).toEqual(Array.from({ length: 10 }, (_, i) => `post-${i + 1}`));
    const p2 = $("#post-2");
    expect(p2.find(".author-name a").attr("href")).toBe("/authors/steven-low/");
    expect(p2.find(".author-title").text()).toBe("Member");
    expect(p2.find(".author-facts").text()).toContain("Sep 2005");
    expect(p2.find(".author-facts").text()).toContain("silver spring maryland");
    expect(p2.find(".author-facts").text()).toContain("12,221");
    expect(p2.find("time").attr("datetime")).toBe("2009-05-09T09:57:00-07:00");
    expect(p2.find('a[href="#post-2"]').text()).toBe("#2");
    expect(p2.find(".signature").text()).toContain("Posts are NOT medical, training, nutrition info");
    expect(p2.find(".post-body").text()).not.toContain("Posts are NOT medical");
    const p9 = $("#post-9");
    expect(p9.find(".edit-note").text()).toContain("Last edited by Brian Strump");
    expect(p9.find(".edit-note").text()).toContain("added last sentence");
    expect(p9.find(".edit-note time").attr("datetime")).toBe("2009-12-20T07:25:00-07:00");
  });

  it("shows truncated links as marked text, never as links", async () => {
    const $ = await loadPage(plain, RUNNING);
    const truncated = $("#post-6 .link-truncated");
    expect(truncated.text()).toContain("http://www.youtube.com/watch?v=ybsaH...eature=related");
    expect(truncated.find(".mark").length).toBe(1);
    expect($('a[href*="youtube"]').length).toBe(0);
  });

  it("links quotes to the quoted post on the page it lives on", async () => {
    const page1 = await loadPage(plain, `${LONG}index.html`);
    const page2 = await loadPage(plain, `${LONG}page/2/index.html`);
    expect(page1("article.post").length).toBe(40);
    expect(page2("article.post").length).toBe(5);
    expect(page2("article.post").first().attr("id")).toBe("post-41");
    const links = page2("#post-44 figure.quote figcaption a")
      .map((_, el) => page2(el).attr("href"))
      .get();
    expect(links).toEqual([`/${LONG}#post-3`, `/${LONG}page/2/#post-42`]);
    // Page links, stable URLs.
    expect(page1('.pager a[href="/' + LONG + 'page/2/"]').length).toBeGreaterThan(0);
    expect(page2('.pager a[aria-current="page"]').first().text()).toBe("2");
  });

  it("gives two threads with the same title their own pages", async () => {
    const files = await listFiles(plain);
    expect(files).toContain(`${LONG}index.html`);
    expect(files).toContain(HOSTILE);
  });

  it("escapes dump text and makes only http(s) links", async () => {
    const $ = await loadPage(plain, HOSTILE);
    expect($("#post-2 .post-body p").first().text()).toBe("<script>alert('x')</script> & friends");
    expect(
      $("script")
        .map((_, s) => $(s).attr("src"))
        .get(),
    ).toEqual(["/assets/nav.js"]);
    expect($('a[href^="javascript:"]').length).toBe(0);
    expect($("#post-2 .post-body").text()).toContain("Click here or a real link");
    expect($("#post-2 .post-body a").attr("href")).toBe('https://example.org/a?b=1&c="2"');
    expect($("#post-2 .author-name").text()).toBe("<img src=x onerror=alert(1)>");
    expect($("#post-2 img").length).toBe(0);
    expect($("#post-2 figure.quote figcaption").first().text()).toBe("Quote from <b>Nobody</b>");
    expect($("#post-2 figure.quote figcaption a").length).toBe(0);
  });

  it("renders computed and listed similar threads, marking the overlap", async () => {
    const $ = await loadPage(plain, RUNNING);
    const computed = $(".similar-computed li");
    expect(computed.length).toBe(2);
    expect(computed.eq(0).find("a").attr("href")).toBe(`/${LONG}`);
    expect(computed.eq(0).text()).toContain("also listed by the forum");
    expect(computed.eq(1).text()).not.toContain("also listed by the forum");
    const listed = $(".similar-listed li");
    expect(listed.length).toBe(2);
    expect(listed.eq(0).find("a").attr("href")).toBe(`/${LONG}`);
    expect(listed.eq(1).find("a").length).toBe(0);
    expect(listed.eq(1).text()).toContain("Back inflammation spasms");
    expect(listed.eq(1).text()).toContain("not in this archive");
    expect(listed.eq(1).text()).toContain("Dan Patrick");
    expect(listed.eq(1).text()).toContain("Injuries");
    expect(listed.eq(1).find("time").attr("datetime")).toBe("2007-07-29T10:26:00-07:00");
  });

  it("lists a forum's threads newest last post first, 50 a page", async () => {
    const injuries = await loadPage(plain, "crossfit-discussion-board/injuries/index.html");
    const rows = injuries("table.threads tbody tr");
    expect(rows.length).toBe(2);
    expect(rows.eq(0).find("th a").text()).toBe("Back spasms from running");
    expect(rows.eq(0).find("td").eq(0).text()).toBe("Kieran Barry");
    expect(rows.eq(0).find("td").eq(1).text()).toBe("9");
    expect(rows.eq(0).find("td").eq(2).text()).toContain("Steven Low");
    expect(rows.eq(1).find("td").eq(1).text()).toBe("44");
    expect(injuries('a[href="/similar/crossfit-discussion-board/injuries/"]').length).toBe(1);

    const nutrition1 = await loadPage(plain, "crossfit-discussion-board/nutrition/index.html");
    const nutrition2 = await loadPage(plain, "crossfit-discussion-board/nutrition/page/2/index.html");
    expect(nutrition1("table.threads tbody tr").length).toBe(50);
    expect(nutrition2("table.threads tbody tr").length).toBe(3);
    // The two-post thread of January 2007 is the newest in Nutrition (the others are from 2006).
    expect(nutrition1("table.threads tbody tr th a").first().attr("href")).toBe(
      `/${HOSTILE.replace("index.html", "")}`,
    );
    expect(nutrition1('main a[href^="/similar/"]').length).toBe(0);
  });

  it("shows the forum tree and latest threads on the home page", async () => {
    const $ = await loadPage(plain, "index.html");
    expect(
      $(".forum-tree h2")
        .map((_, el) => $(el).text())
        .get(),
    ).toEqual(["CrossFit Discussion Board", "Garten Forum"]);
    expect(
      $(".category h3")
        .map((_, el) => $(el).text())
        .get(),
    ).toEqual(["Fuel", "In Sickness and In Health", "Pflanzen"]);
    const injuries = $('table.forums a[href="/crossfit-discussion-board/injuries/"]').closest("tr");
    expect(injuries.find("td").eq(0).text()).toBe("2");
    expect(injuries.find("td").eq(1).text()).toBe("55");
    expect($('a[href="/similar/"]').length).toBeGreaterThan(0);
    // Newest last post first, 15 of them; the garden thread's last post has an unreadable date ("Gestern"), so it sorts as oldest.
    const latest = $("table.threads tbody tr th a")
      .map((_, el) => $(el).text())
      .get();
    expect(latest[0]).toBe("Back spasms from running");
    expect(latest[1]).toBe("Back Spasms");
    expect(latest.length).toBe(15);
    expect(latest).not.toContain("Rosen & Frost: überwintern?");
  });

  it("gathers an author's posts newest first with the profile", async () => {
    const $ = await loadPage(plain, "authors/steven-low/index.html");
    expect($("h1").text()).toBe("Steven Low");
    expect($(".profile").text()).toContain("12,221");
    expect($(".profile").text()).toContain("67");
    // Posts as excerpts: thread and number, date and forum, the start of the post.
    const first = $(".excerpts li").first();
    expect(first.find(".excerpt-head a").attr("href")).toBe(`/${RUNNING.replace("index.html", "")}#post-10`);
    expect(first.find(".excerpt-head a").text()).toBe("Back spasms from running, #10");
    expect(first.find(".excerpt-text").text()).toMatch(/^Page 3 and 4 here:/);
    expect($(".excerpts li").length).toBe(50);
    expect($("article.post, .signature").length).toBe(0);
    expect(
      $(".crumbs a")
        .map((_, a) => $(a).attr("href"))
        .get(),
    ).toEqual(["/", "/authors/"]);
    const page2 = await loadPage(plain, "authors/steven-low/page/2/index.html");
    expect(page2(".excerpts li").length).toBe(17);
    const guest = await loadPage(plain, "authors/wanderer/index.html");
    expect(guest(".profile").text()).toContain("Guest (unregistered)");
    expect(guest(".excerpts li").first().find(".excerpt-meta").text()).toContain("Gestern, 14:03");
  });

  it("renders clusters: a small /similar/ index, a page per forum and one across the archive", async () => {
    const index = await loadPage(plain, "similar/index.html");
    expect(
      index(".cluster-group h2 a")
        .map((_, el) => index(el).attr("href"))
        .get(),
    ).toEqual(["/similar/across-the-archive/", "/similar/crossfit-discussion-board/injuries/"]);
    expect(
      index(".cluster-index a")
        .map((_, el) => index(el).attr("href"))
        .get(),
    ).toEqual([
      "/similar/across-the-archive/#cluster-c-spasms",
      "/similar/crossfit-discussion-board/injuries/#cluster-c-injuries-back",
    ]);
    // Named by the group's most central thread; its telling words ("spasms", "back") are in that title.
    expect(index(".cluster-index li").first().text()).toBe("Back spasms from running · 3 threads");
    const across = await loadPage(plain, "similar/across-the-archive/index.html");
    expect(across("#cluster-c-spasms li > a").length).toBe(3);
    const forum = await loadPage(plain, "similar/crossfit-discussion-board/injuries/index.html");
    expect(
      forum("#cluster-c-injuries-back li > a")
        .map((_, el) => forum(el).attr("href"))
        .get(),
    ).toEqual([
      "/crossfit-discussion-board/injuries/back-spasms-from-running-6faad58c/",
      "/crossfit-discussion-board/injuries/back-spasms-a1b2c3d4/",
    ]);
  });

  it("ships the Markdown about page, linked from every page's header", async () => {
    const $ = await loadPage(plain, "about/index.html");
    expect($("h1").text()).toBe("About this archive");
    for (const rel of ["index.html", RUNNING, "404.html", "authors/steven-low/index.html"]) {
      const page = await loadPage(plain, rel);
      expect(page('.site-header a[href="/about/"]').text()).toBe("About this archive");
    }
  });

  it("writes 404, robots.txt, a sitemap of every page and an Atom feed dated by the newest post", async () => {
    const files = await listFiles(plain);
    expect(files).toContain("404.html");
    expect(await readFile(join(plain, "robots.txt"), "utf8")).toContain("User-agent: *");
    const sitemap = await readFile(join(plain, "sitemap.xml"), "utf8");
    const locs = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    const pages = files.filter((f) => f.endsWith(".html") && f !== "404.html");
    expect(locs.length).toBe(pages.length);
    expect(locs).toContain(`/${LONG}page/2/`);
    const feed = await readFile(join(plain, "feed.xml"), "utf8");
    expect(feed).toMatch(
      /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">\n<title>[^<]+<\/title>\n<id>[^<]+<\/id>\n<updated>2011-11-02T18:15:00\+01:00<\/updated>/,
    );
    expect(feed).toContain("<title>Back spasms from running</title>");
  });

  it("keeps stylesheets local and the thread readable without scripts", async () => {
    const $ = await loadPage(plain, RUNNING);
    expect($('link[rel="stylesheet"]').attr("href")).toBe("/assets/style.css");
    // One script, the reading aids (copy a post's link, jump to a page), which the page does not need.
    expect(
      $("script")
        .map((_, s) => $(s).attr("src"))
        .get(),
    ).toEqual(["/assets/nav.js"]);
    const css = await readFile(join(plain, "assets/style.css"), "utf8");
    expect(css).toContain("prefers-color-scheme: dark");
    expect(css).toContain("@media print");
    expect(css).not.toMatch(/url\(|@import/);
  });

  it("lists attachments and shows guests without a profile", async () => {
    const $ = await loadPage(plain, "garten-forum/rosen/rosen-uberwintern-9e8d7c6b/index.html");
    expect($("#post-1 .attachments-label").text()).toBe("Angehängte Grafiken");
    expect($("#post-1 .attachments li").text()).toBe("rose-winter.jpg (42,3 KB, 17x aufgerufen)");
    expect($("#post-2 .author-title").text()).toBe("Guest");
    expect($("#post-2 .author-facts dt").length).toBe(0);
    expect($("#post-2 time").length).toBe(0);
    expect($("#post-2 .post-date").text()).toBe("Gestern, 14:03");
    expect($("#post-2 figure.quote figcaption a").attr("href")).toBe(
      "/garten-forum/rosen/rosen-uberwintern-9e8d7c6b/#post-1",
    );
  });

  it("escapes titles exactly once", async () => {
    const $ = await loadPage(plain, "garten-forum/rosen/rosen-uberwintern-9e8d7c6b/index.html");
    expect($("title").text()).toBe("Rosen & Frost: überwintern? · Forum archive");
    expect($("h1").text()).toBe("Rosen & Frost: überwintern?");
    const author = await loadPage(plain, "authors/img-src-x-onerror-alert-1/index.html");
    expect(author("title").text()).toBe("<img src=x onerror=alert(1)> · Forum archive");
  });

  it("uses the thread's own URL whatever the input order", () => {
    expect(FIXTURE.running.url).toBe("/crossfit-discussion-board/injuries/back-spasms-from-running-6faad58c/");
  });
});

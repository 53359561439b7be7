// The archive is its owner's (issue 16): a config file in the input folder, the site's words in
// the archive's language, template and asset overrides, the owner's Eleventy config, init.
import { existsSync, readdirSync } from "node:fs";
import { mkdtemp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import * as cheerio from "cheerio";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { buildFromArchive, TEMPLATES_DIR } from "../src/build/index.ts";
import { main } from "../src/cli/index.ts";
import { initProject, INIT_FILES } from "../src/cli/commands/init.ts";
import { loadProject } from "../src/config/project.ts";
import { contrastRatio, nearestPassing, LIGHT_BACKGROUNDS } from "../src/config/colors.ts";
import { archiveLanguage } from "../src/i18n/catalogue.ts";
import { fixtureArchive } from "./helpers/archive.ts";
import { listFiles, validateAllHtml } from "./helpers/site-check.ts";

const LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>';
const temps: string[] = [];
async function temp(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

async function project(files: Record<string, string>): Promise<string> {
  const dir = await temp("fa-owner-in-");
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(dir, path, ".."), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

async function build(input: string): Promise<string> {
  const output = await temp("fa-owner-out-");
  await buildFromArchive(fixtureArchive(), { input, output, baseUrl: "/", progress: "none" });
  return output;
}

describe("a German archive with a config", () => {
  let out = "";
  const html: Record<string, string> = {};
  const page = (path: string) => cheerio.load(html[path] ?? "");

  beforeAll(async () => {
    const input = await project({
      "forum-archive.config.json": JSON.stringify({
        title: "Mein Forenarchiv",
        description: "Das alte Forum & seine Themen.",
        language: "de",
        logo: "assets/logo.svg",
        accentColor: "#8a2be2",
        nav: [{ title: "Verein", url: "https://example.org/verein/" }],
      }),
      "assets/logo.svg": LOGO,
      "pages/impressum.md": "---\ntitle: Impressum\n---\nWer wir sind.\n",
    });
    out = await build(input);
    for (const file of (await listFiles(out)).filter((f) => f.endsWith(".html")))
      html[file] = await readFile(join(out, file), "utf8");
  });

  it('has lang="de", the logo, the title and German navigation on every kind of page', () => {
    const kinds = [
      "index.html",
      "404.html",
      "search/index.html",
      "impressum/index.html",
      "similar/index.html",
      "similar/crossfit-discussion-board/injuries/index.html",
      "crossfit-discussion-board/nutrition/index.html",
      "crossfit-discussion-board/nutrition/page/2/index.html",
      "crossfit-discussion-board/injuries/back-spasms-from-running-6faad58c/index.html",
      "crossfit-discussion-board/injuries/back-spasms-a1b2c3d4/page/2/index.html",
      "authors/steven-low/index.html",
      "authors/index.html",
      "authors/by_name/index.html",
      "crossfit-discussion-board/nutrition/by-replies/index.html",
      "crossfit-discussion-board/nutrition/by-title/index.html",
    ];
    for (const file of Object.keys(html)) {
      const $ = page(file);
      expect($("html").attr("lang"), file).toBe("de");
      expect($(".site-name img.site-logo").attr("src"), file).toBe("/assets/logo.svg");
      expect($(".site-name").text(), file).toBe("Mein Forenarchiv");
      expect($("title").text(), file).toMatch(/Mein Forenarchiv$/);
      expect(
        $("nav[aria-label='Website'] a")
          .map((_, a) => $(a).text())
          .get(),
        file,
      ).toEqual(["Startseite", "Impressum", "Ähnliche Themen", "Autoren", "Suche", "Verein"]);
      expect($(".skip").text(), file).toBe("Zum Inhalt springen");
      expect($(".site-footer").text(), file).toContain("Ein Archiv zum Lesen.");
    }
    for (const kind of kinds) expect(Object.keys(html), kind).toContain(kind);
    expect(existsSync(join(out, "assets", "logo.svg"))).toBe(true);
  });

  it("words thread pages in German, with German month names", () => {
    const $ = page("crossfit-discussion-board/injuries/back-spasms-from-running-6faad58c/index.html");
    expect($(".thread-meta").text()).toBe("10 Beiträge in Injuries · Zeitangaben in GMT -7");
    expect($("#post-1 .post-date").text()).toBe("9. Mai 2009, 09:27");
    // Steven Low joined 2005-09, posted 12221 times.
    const steven = $("#post-2 .author-facts");
    expect(
      steven
        .find("dt")
        .map((_, dt) => $(dt).text())
        .get(),
    ).toEqual(["Registriert seit", "Ort", "Beiträge"]);
    expect(steven.find("dd").first().text()).toBe("Sept. 2005");
    expect(steven.find("dd").last().text()).toBe("12.221");
    expect($("#post-3 figcaption").text()).toBe("Zitat von Steven Low, Beitrag #2");
    expect($("#post-9 .edit-note").text()).toBe(
      "Zuletzt bearbeitet von Brian Strump, 20. Dez. 2009, 07:25. Grund: added last sentence",
    );
    expect($("#post-6 .link-truncated .mark").text()).toBe(" (Link vom Forum gekürzt)");
    expect($("#post-2 .signature .visually-hidden").text()).toBe("Signatur von Steven Low:");
    expect($("#similar-h").text()).toBe("Ähnliche Themen");
  });

  it("words pagers, listings, author pages, search and 404 in German", () => {
    const second = page("crossfit-discussion-board/injuries/back-spasms-a1b2c3d4/page/2/index.html");
    expect(second(".pager-status").first().text()).toBe("Seite 2 von 2");
    expect(second(".pager a[rel=prev]").first().text()).toBe("Zurück");
    expect(second("title").text()).toBe("Back Spasms (Seite 2) · Mein Forenarchiv");
    const forum = page("crossfit-discussion-board/nutrition/index.html");
    expect(
      forum("table.threads thead th")
        .map((_, th) => forum(th).text())
        .get(),
    ).toEqual(["Thema", "Begonnen von", "Antworten", "Letzter Beitrag"]);
    expect(forum("table.threads caption").text()).toBe("Themen, neuester Beitrag zuerst");
    const author = page("authors/steven-low/index.html");
    expect(author(".profile dt").first().text()).toBe("Benutzertitel");
    expect(author("h2").first().text()).toBe("Beiträge, neueste zuerst");
    const home = page("index.html");
    expect(home("h2#latest-h").text()).toBe("Neueste Themen");
    expect(home("main p.lead").first().text()).toBe("Das alte Forum & seine Themen.");
    expect(home("meta[name=description]").attr("content")).toBe("Das alte Forum & seine Themen.");
    // The totals sentence, its counts in German plural forms.
    expect(home("main p.lead").eq(1).text()).toMatch(
      /^\d+ Themen und [\d.]+ Beiträge von \d+ Autoren, so erhalten, wie sie geschrieben wurden\./,
    );
    const search = page("search/index.html");
    expect(search("h1").text()).toBe("Im Archiv suchen");
    expect(JSON.parse(search("#search-results").attr("data-messages") ?? "{}").prompt).toBe(
      "Geben Sie ein oder mehrere Wörter ein und drücken Sie auf Suchen.",
    );
    expect(page("404.html")("h1").text()).toBe("Seite nicht gefunden");
  });

  it("words the reading aids under posts and threads in German", () => {
    const $ = page("crossfit-discussion-board/injuries/back-spasms-from-running-6faad58c/index.html");
    // Post 3 quotes post 2, post 9 quotes post 1.
    expect($("#post-2 .quoted-by").text()).toBe("Zitiert in #3");
    expect($("#post-1 .quoted-by").text()).toBe("Zitiert in #9");
    expect($("#post-1 a.permalink").text()).toBe("Link zu Beitrag #1");
    expect($("nav.thread-nav").attr("aria-label")).toBe("Weitere Themen");
    expect($(".back-to-forum").text()).toBe("Zurück zuInjuries");
    // "Back Spasms" in Injuries started in July 2008, this thread in May 2009; none later.
    expect($(".older-thread").text()).toBe("Älteres ThemaBack Spasms");
    expect($(".newer-thread").length).toBe(0);
    const older = page("crossfit-discussion-board/injuries/back-spasms-a1b2c3d4/page/2/index.html");
    expect(older(".newer-thread .nav-label").text()).toBe("Neueres Thema");
    // nav.js takes its words from the page.
    const words = $("article.thread");
    expect(words.attr("data-copy-link")).toBe("Link kopieren");
    expect(words.attr("data-link-copied")).toBe("Link kopiert");
    expect(words.attr("data-copy-failed")).toBe("Kopieren nicht möglich: Bitte den Link verwenden");
    expect(words.attr("data-go-to-page")).toBe("Gehe zu Seite");
    expect(words.attr("data-go")).toBe("Los");
  });

  it("words the forum orders, the home page's last posts and the phone labels in German", () => {
    const forum = page("crossfit-discussion-board/nutrition/index.html");
    expect(forum(".sort-links").attr("aria-label")).toBe("Reihenfolge der Themen");
    expect(forum(".sort-links > span").text()).toBe("Sortieren nach");
    expect(
      forum(".sort-links a")
        .map((_, a) => forum(a).text())
        .get(),
    ).toEqual(["Letzter Beitrag", "Antworten", "Titel"]);
    // Newest last post first: the Nutrition "Back Spasms", two posts (one reply), the last of 17 Jan 2007, 10:57.
    const row = forum("table.threads tbody tr").first();
    expect(row.find("th").text()).toBe("Back Spasms");
    expect(row.find("td").first().attr("data-label")).toBe("von");
    expect(row.find("td.num").attr("data-unit")).toBe("Antwort");
    expect(row.find("td.last-post").attr("data-label")).toBe("letzter Beitrag");
    expect(row.find("td.last-post").text()).toBe("17. Jan. 2007, 10:57 von <img src=x onerror=alert(1)>");
    const byReplies = page("crossfit-discussion-board/nutrition/by-replies/index.html");
    expect(byReplies("table.threads caption").text()).toBe("Themen, meiste Antworten zuerst");
    expect(byReplies("title").text()).toBe("Nutrition, nach Antworten · Mein Forenarchiv");
    const byTitle = page("crossfit-discussion-board/nutrition/by-title/index.html");
    expect(byTitle("table.threads caption").text()).toBe("Themen nach Titel, A bis Z");
    expect(byTitle("title").text()).toBe("Nutrition, nach Titel · Mein Forenarchiv");
    const home = page("index.html");
    const forums = home("table.forums").first();
    expect(
      forums
        .find("thead th")
        .map((_, th) => home(th).text())
        .get(),
    ).toEqual(["Forum", "Themen", "Beiträge", "Letzter Beitrag"]);
    // Injuries: two threads, 55 posts; its newest post is Steven Low's #10 of 20 Dec 2009.
    const injuries = home("table.forums tbody tr").filter((_, tr) => home(tr).find("th a").text() === "Injuries");
    expect(
      injuries
        .find("td.num")
        .map((_, td) => home(td).attr("data-unit"))
        .get(),
    ).toEqual(["Themen", "Beiträge"]);
    expect(injuries.find(".last-post-meta").text()).toBe("20. Dez. 2009, 08:30 von Steven Low");
    const roses = home("table.forums tbody tr").filter((_, tr) => home(tr).find("th a").text() === "Rosen");
    expect(roses.find("td.num").first().attr("data-unit")).toBe("Thema");
  });

  it("words the authors index and the author pages' excerpts in German", () => {
    const index = page("authors/index.html");
    expect(index("h1").text()).toBe("Autoren");
    expect(
      index(".crumbs li")
        .map((_, li) => index(li).text())
        .get(),
    ).toEqual(["Startseite", "Autoren"]);
    expect(index(".sort-links").attr("aria-label")).toBe("Reihenfolge der Autoren");
    expect(
      index(".sort-links a")
        .map((_, a) => index(a).text())
        .get(),
    ).toEqual(["Meiste Beiträge", "Name"]);
    expect(index("table.authors caption").text()).toBe(
      "Autoren, die mit den meisten Beiträgen in diesem Archiv zuerst",
    );
    expect(
      index("table.authors thead th")
        .map((_, th) => index(th).text())
        .get(),
    ).toEqual(["Autor", "Beiträge in diesem Archiv"]);
    const byName = page("authors/by_name/index.html");
    expect(byName("title").text()).toBe("Autoren nach Name · Mein Forenarchiv");
    expect(byName("table.authors caption").text()).toBe("Autoren nach Name");
    const author = page("authors/steven-low/index.html");
    expect(
      author(".crumbs li")
        .map((_, li) => author(li).text())
        .get(),
    ).toEqual(["Startseite", "Autoren", "Steven Low"]);
    // Steven Low's newest post: #10 of "Back spasms from running", 20 Dec 2009, 08:30.
    expect(author(".excerpt-head").first().text()).toBe("Back spasms from running, #10");
    expect(author(".excerpt-meta").first().text()).toBe("20. Dez. 2009, 08:30 in Injuries");
  });

  it("words the similar-thread groups in German", () => {
    const injuries = page("similar/crossfit-discussion-board/injuries/index.html");
    // Kieran Barry started "Back spasms from running" on 9 May 2009, 09:27; it has nine replies.
    const running = injuries(".cluster-threads li").filter(
      (_, li) => injuries(li).find("a").first().text() === "Back spasms from running",
    );
    expect(running.find(".similar-meta").text()).toBe(
      "begonnen von Kieran Barry, 9. Mai 2009, 09:27, in Injuries · 9 Antworten",
    );
    const across = page("similar/across-the-archive/index.html");
    expect(across("p.lead").text()).toBe(
      "Gruppen von Themen aus mehr als einem Forum, die dieses Archiv als verwandt erkannt hat; jede Gruppe nennt ihre Foren.",
    );
    // The spasms group: two threads in Injuries, one in Nutrition.
    expect(across(".cluster .similar-meta-inline").first().text()).toBe(
      "3 Themen · forenübergreifend: Injuries (2), Nutrition (1)",
    );
  });

  it("gives the search page's script its new words in German", () => {
    const search = page("search/index.html");
    const messages = JSON.parse(search("#search-results").attr("data-messages") ?? "{}");
    expect(messages.in).toBe("in {forum}");
    expect([messages.previous, messages.next, messages.page]).toEqual(["Zurück", "Weiter", "Seite {page} von {pages}"]);
    expect(messages["date.monthsShort"][11]).toBe("Dez.");
    expect(messages["date.dayTime"]).toBe("{date}, {time}");
  });

  it("writes the accent colour into a stylesheet every page links", async () => {
    const css = await readFile(join(out, "assets", "theme.css"), "utf8");
    expect(css).toContain(":root { --accent: #8a2be2; }");
    for (const file of Object.keys(html)) expect(page(file)("link[href='/assets/theme.css']").length, file).toBe(1);
  });

  it("passes html-validate on every page, logo included", async () => {
    const { errors, pages } = await validateAllHtml(out);
    expect(errors).toEqual([]);
    expect(pages).toBe(Object.keys(html).length);
  });

  it("keeps the feed's title in German", async () => {
    const feed = await readFile(join(out, "feed.xml"), "utf8");
    expect(feed).toContain("<title>Mein Forenarchiv: neueste Themen</title>");
  });
});

describe("template and asset overrides, and the owner's Eleventy config", () => {
  let out = "";
  beforeAll(async () => {
    const input = await project({
      // The owner's thread page: the layout templates/thread.njk renders thread pages with.
      "templates/_includes/thread-page.njk": [
        "---",
        "layout: base.njk",
        "---",
        "{% set threadPage = site.threadPage(threadStub) %}",
        '<h1 class="own">{{ threadPage.thread.title | shout }}</h1>',
        '<p class="own-count">{{ "count.posts" | t({ count: threadPage.posts.length }) }}</p>',
        "",
      ].join("\n"),
      "assets/extra.txt": "added by the owner\n",
      "eleventy.config.js": [
        "export default function (eleventyConfig) {",
        '  eleventyConfig.addFilter("shout", (s) => `${String(s).toUpperCase()}!`);',
        '  eleventyConfig.addTransform("owner-mark", function (content) {',
        '    return String(this.page.outputPath).endsWith(".html")',
        '      ? content.replace("</body>", "<!-- marked by the owner -->\\n</body>")',
        "      : content;",
        "  });",
        "}",
        "",
      ].join("\n"),
    });
    out = await build(input);
  });

  it("runs the owner's transforms on every page before it is written", async () => {
    // Thread and forum pages (rendered outside Eleventy's pagination) and the home page (by Eleventy).
    for (const page of [
      "crossfit-discussion-board/injuries/back-spasms-from-running-6faad58c/index.html",
      "crossfit-discussion-board/injuries/index.html",
      "index.html",
    ]) {
      const html = await readFile(join(out, page), "utf8");
      expect(html, page).toContain("<!-- marked by the owner -->\n</body>");
    }
    // The transform leaves what is not HTML alone.
    expect(await readFile(join(out, "feed.xml"), "utf8")).not.toContain("marked by the owner");
  });

  it("renders thread pages with the owner's template and filter", async () => {
    const $ = cheerio.load(
      await readFile(
        join(out, "crossfit-discussion-board/injuries/back-spasms-from-running-6faad58c/index.html"),
        "utf8",
      ),
    );
    expect($("h1.own").text()).toBe("BACK SPASMS FROM RUNNING!");
    expect($("p.own-count").text()).toBe("10 posts");
    expect($("article.post").length).toBe(0);
    // Other pages keep the package's templates.
    const forum = cheerio.load(await readFile(join(out, "crossfit-discussion-board/injuries/index.html"), "utf8"));
    expect(forum("table.threads").length).toBe(1);
  });

  it("copies the owner's assets beside the package's", async () => {
    expect(await readFile(join(out, "assets", "extra.txt"), "utf8")).toBe("added by the owner\n");
    expect(existsSync(join(out, "assets", "style.css"))).toBe(true);
  });

  it("removes the merged templates once rendered, leaving no empty folder behind", async () => {
    const input = await project({ "templates/_includes/extra.njk": "<p>extra</p>\n" });
    const loaded = await loadProject(input, TEMPLATES_DIR, []);
    expect(existsSync(join(loaded.templatesDir, "_includes", "extra.njk"))).toBe(true);
    await loaded.cleanUp();
    expect(existsSync(loaded.templatesDir)).toBe(false);
    // Other test files' builds may hold their own merged templates there at the same moment.
    const parent = dirname(loaded.templatesDir);
    expect(!existsSync(parent) || readdirSync(parent).length > 0).toBe(true);
  });

  it("lets an owner's asset replace the package's of the same name", async () => {
    const input = await project({ "assets/style.css": "body { color: black; }\n" });
    const replaced = await build(input);
    expect(await readFile(join(replaced, "assets", "style.css"), "utf8")).toBe("body { color: black; }\n");
  });
});

describe("a config that cannot be used", () => {
  async function failure(files: Record<string, string>): Promise<string> {
    const input = await project(files);
    const output = await temp("fa-owner-bad-");
    return buildFromArchive(fixtureArchive(), { input, output, baseUrl: "/", progress: "none" }).then(
      () => "built",
      (error: Error) => error.message,
    );
  }

  it("names an unknown key and the file", async () => {
    const message = await failure({ "forum-archive.config.json": '{ "title": "A", "titel": "B" }' });
    expect(message).toMatch(/forum-archive\.config\.json: unknown key "titel"$/);
  });

  it("names a key of the wrong type, inside lists too", async () => {
    const message = await failure({
      "forum-archive.config.json": JSON.stringify({ postsPerPage: "40", nav: [{ title: "x" }], search: "no" }),
    });
    expect(message).toContain('"postsPerPage" must be a whole number');
    expect(message).toContain('"nav[0]" needs the key "url"');
    expect(message).toContain('"search" must be a boolean');
  });

  it("refuses a base URL that cannot be used in links, as --base-url does", async () => {
    for (const baseUrl of ["/a b/../c?", "/x/../", "/a//b/"]) {
      const message = await failure({ "forum-archive.config.json": JSON.stringify({ baseUrl }) });
      expect(message, baseUrl).toMatch(/forum-archive\.config\.json: "baseUrl"/);
    }
    expect(await failure({ "forum-archive.config.json": '{ "baseUrl": "/old-forum/archive/" }' })).toBe("built");
  });

  it("names a line of JSON that does not parse", async () => {
    const message = await failure({ "forum-archive.config.json": '{\n  "title": "A",\n}\n' });
    expect(message).toMatch(/forum-archive\.config\.json:3:1: not valid JSON/);
  });

  it("checks an .mjs config the same way", async () => {
    const message = await failure({ "forum-archive.config.mjs": 'export default { title: "A", colour: "red" };\n' });
    expect(message).toMatch(/forum-archive\.config\.mjs: unknown key "colour"$/);
  });

  it("refuses two config files, naming both", async () => {
    const message = await failure({
      "forum-archive.config.json": "{}",
      "forum-archive.config.mjs": "export default {};\n",
    });
    expect(message).toMatch(
      /forum-archive\.config\.json and .*forum-archive\.config\.mjs: only one configuration file/,
    );
  });

  it("refuses an accent colour below 4.5:1 and names one that passes", async () => {
    const message = await failure({ "forum-archive.config.json": '{ "accentColor": "#ffcc00" }' });
    expect(message).toMatch(/forum-archive\.config\.json: "accentColor" #ffcc00 has a contrast of 1\.\d\d:1/);
    const suggested = /nearest colour that passes is (#[0-9a-f]{6})/.exec(message)?.[1];
    expect(suggested).toBeDefined();
    for (const background of LIGHT_BACKGROUNDS)
      expect(contrastRatio(suggested!, background)).toBeGreaterThanOrEqual(4.5);
  });

  it("refuses a logo outside the input folder and a language without a catalogue", async () => {
    expect(await failure({ "forum-archive.config.json": '{ "logo": "../logo.svg" }' })).toMatch(
      /"logo" must be a file inside the input folder/,
    );
    expect(await failure({ "forum-archive.config.json": '{ "language": "pl" }' })).toMatch(
      /"language" no catalogue for the language "pl"/,
    );
  });

  it("makes the build command fail with the message and no stack trace", async () => {
    const input = await project({ "forum-archive.config.json": '{ "titel": "B" }', "a.txt": "not a dump\n" });
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => (written.push(String(chunk)), true));
    try {
      const code = await main(["build", "--input", input, "--output", join(await temp("fa-owner-cli-"), "dist")]);
      expect(code).not.toBe(0);
    } finally {
      spy.mockRestore();
    }
    const text = written.join("");
    expect(text).toContain(`${join(input, "forum-archive.config.json")}: unknown key "titel"`);
    expect(text).not.toMatch(/\n\s+at /);
  });
});

describe("contrast", () => {
  it("computes WCAG ratios (black on white 21:1, #767676 on white 4.54:1, #777777 4.48:1)", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
    expect(contrastRatio("#777777", "#ffffff")).toBeCloseTo(4.48, 2);
  });

  it("keeps a colour that passes, and darkens one that does not", () => {
    expect(nearestPassing("#1f5fa8", "light")).toBe("#1f5fa8");
    const darker = nearestPassing("#66aaff", "light");
    expect(parseInt(darker.slice(1, 3), 16)).toBeLessThan(0x66);
  });
});

describe("the default language", () => {
  it("is the one most threads are written in, English on a tie or without a catalogue", () => {
    expect(archiveLanguage(["de", "de", "en"])).toBe("de");
    expect(archiveLanguage(["de", "en"])).toBe("en");
    expect(archiveLanguage(["fr", "fr", "de"])).toBe("fr");
    expect(archiveLanguage([undefined, "pl", "pl"])).toBe("en");
    expect(archiveLanguage([])).toBe("en");
  });
});

describe("Markdown pages in the navigation", () => {
  it("follow their front matter: order, a shorter link title, or no link", async () => {
    const input = await project({
      "pages/zeta.md": "---\ntitle: Zeta\norder: 1\n---\nZ\n",
      "pages/alpha.md": "---\ntitle: Alpha page\norder: 2\nnav: Alpha\n---\nA\n",
      "pages/hidden.md": "---\ntitle: Hidden\nnav: false\ndescription: Not in the menu.\n---\nH\n",
    });
    const out = await build(input);
    const $ = cheerio.load(await readFile(join(out, "index.html"), "utf8"));
    expect(
      $(".site-header nav a")
        .map((_, a) => $(a).text())
        .get(),
    ).toEqual(["Home", "Zeta", "Alpha", "Similar threads", "Authors", "Search"]);
    const hidden = cheerio.load(await readFile(join(out, "hidden/index.html"), "utf8"));
    expect(hidden("meta[name=description]").attr("content")).toBe("Not in the menu.");
    expect(hidden("title").text()).toMatch(/^Hidden · /);
  });
});

describe("leaving out and turning off", () => {
  it("leaves out a forum and a thread named in exclude, and similar threads when off", async () => {
    const input = await project({
      "forum-archive.config.json": JSON.stringify({
        exclude: { forums: ["Nutrition"], threads: ["/crossfit-discussion-board/injuries/back-spasms-a1b2c3d4/"] },
        similarThreads: false,
        search: false,
        postsPerPage: 5,
      }),
    });
    const out = await build(input);
    const files = await listFiles(out);
    expect(files.some((f) => f.startsWith("crossfit-discussion-board/nutrition/"))).toBe(false);
    expect(files.some((f) => f.includes("back-spasms-a1b2c3d4"))).toBe(false);
    expect(files.some((f) => f.startsWith("similar/") || f.startsWith("search/"))).toBe(false);
    // 10 posts, 5 a page.
    expect(files).toContain("crossfit-discussion-board/injuries/back-spasms-from-running-6faad58c/page/2/index.html");
    expect(files).not.toContain(
      "crossfit-discussion-board/injuries/back-spasms-from-running-6faad58c/page/3/index.html",
    );
  });
});

describe("a rebuild after the owner changes something", () => {
  it("renders the pages again in the new language, into the same folder", async () => {
    const input = await project({ "forum-archive.config.json": '{ "language": "de" }' });
    const output = await temp("fa-owner-rebuild-");
    await buildFromArchive(fixtureArchive(), { input, output, baseUrl: "/", progress: "none" });
    const thread = join(output, "crossfit-discussion-board/injuries/back-spasms-from-running-6faad58c/index.html");
    expect(
      cheerio
        .load(await readFile(thread, "utf8"))("#post-1 .post-date")
        .text(),
    ).toBe("9. Mai 2009, 09:27");
    await writeFile(join(input, "forum-archive.config.json"), '{ "language": "fr" }');
    await buildFromArchive(fixtureArchive(), { input, output, baseUrl: "/", progress: "none" });
    const $ = cheerio.load(await readFile(thread, "utf8"));
    expect($("#post-1 .post-date").text()).toBe("9 mai 2009 à 09:27");
    expect($("html").attr("lang")).toBe("fr");
    const author = cheerio.load(await readFile(join(output, "authors/steven-low/index.html"), "utf8"));
    expect(author(".profile dt").first().text()).toBe("Titre");
  });
});

describe("base and site URL", () => {
  it("come from the config unless the build's options give them", async () => {
    const input = await project({
      "forum-archive.config.json": '{ "baseUrl": "/alt/", "siteUrl": "https://example.org/x/" }',
    });
    const fromConfig = await temp("fa-owner-base-");
    await buildFromArchive(fixtureArchive(), { input, output: fromConfig, progress: "none" });
    const $ = cheerio.load(await readFile(join(fromConfig, "index.html"), "utf8"));
    expect($(".site-name a").attr("href")).toBe("/alt/");
    expect($("link[rel=canonical]").attr("href")).toBe("https://example.org/alt/");
    const given = await temp("fa-owner-base-cli-");
    await buildFromArchive(fixtureArchive(), {
      input,
      output: given,
      baseUrl: "/cli/",
      siteUrl: "https://cli.example",
      progress: "none",
    });
    const own = cheerio.load(await readFile(join(given, "index.html"), "utf8"));
    expect(own(".site-name a").attr("href")).toBe("/cli/");
    expect(own("link[rel=canonical]").attr("href")).toBe("https://cli.example/cli/");
  });
});

describe("posts per page", () => {
  it("pages threads, search result links and old-address redirects alike", async () => {
    const out = await build(await project({ "forum-archive.config.json": '{ "postsPerPage": 5 }' }));
    const manifest = JSON.parse(await readFile(join(out, "search", "manifest.json"), "utf8"));
    expect(manifest.postsPerPage).toBe(5);
    const $ = cheerio.load(
      await readFile(
        join(out, "crossfit-discussion-board/injuries/back-spasms-from-running-6faad58c/page/2/index.html"),
        "utf8",
      ),
    );
    expect(
      $("article.post")
        .map((_, a) => $(a).attr("id"))
        .get(),
    ).toEqual(["post-6", "post-7", "post-8", "post-9", "post-10"]);
  });
});

describe("forum-archive init", () => {
  it("writes a starting project that builds, and never overwrites", async () => {
    const dir = await temp("fa-init-");
    await writeFile(join(dir, "README.md"), "my own notes\n");
    const first = await initProject(dir);
    expect(first.kept).toEqual(["README.md"]);
    expect(first.written.sort()).toEqual(["forum-archive.config.mjs", "pages/about.md"]);
    expect(await readFile(join(dir, "README.md"), "utf8")).toBe("my own notes\n");
    expect(existsSync(join(dir, "dumps"))).toBe(true);
    await writeFile(join(dir, "pages", "about.md"), "changed\n");
    const second = await initProject(dir);
    expect(second.written).toEqual([]);
    expect(await readFile(join(dir, "pages", "about.md"), "utf8")).toBe("changed\n");
    // The commented config is a valid, empty configuration.
    expect(await failureOf(dir)).toBe("built");
  });

  it("keeps the config when the folder has a JSON config already", async () => {
    const dir = await temp("fa-init-json-");
    await writeFile(join(dir, "forum-archive.config.json"), "{}");
    expect((await initProject(dir)).kept).toContain("forum-archive.config.mjs");
    expect(existsSync(join(dir, "forum-archive.config.mjs"))).toBe(false);
  });

  it("explains every key of the schema in the config it writes", async () => {
    const schema = JSON.parse(
      await readFile(join(import.meta.dirname, "..", "schema", "forum-archive.config.schema.json"), "utf8"),
    );
    for (const key of Object.keys(schema.properties).filter((k) => k !== "$schema")) {
      expect(INIT_FILES["forum-archive.config.mjs"], key).toMatch(new RegExp(`// ${key.replace("$", "\\$")}:`));
    }
  });
});

async function failureOf(input: string): Promise<string> {
  const output = await temp("fa-owner-try-");
  return buildFromArchive(fixtureArchive(), { input, output, baseUrl: "/", progress: "none" }).then(
    () => "built",
    (error: Error) => error.message,
  );
}

// The redirect map from old forum addresses to archive permalinks (src/site/redirects.ts).
import "./helpers/html-reader.ts";
import { describe, expect, it } from "vitest";
import type { AuthorSummary, ForumSummary, Post, Thread } from "../src/model.ts";
import { isLiteralPath, redirectMap } from "../src/site/redirects.ts";
import { parseDumps } from "../src/parse/index.ts";
import { fixtureBytes, onlyThread, parseFixtures, sampleBytes } from "./fixtures/helpers.ts";

const post = (number: number, id?: string): Post => ({
  number,
  postedAt: "2009-01-01T00:00:00",
  postedAtText: "01-01-2009",
  author: { name: "A", hasAvatar: false },
  body: [],
  source: { file: "f.html", line: 1 },
  ...(id ? { id } : {}),
});
const thread = (url: string, source: Thread["source"], posts: Post[]): Thread => ({
  id: url,
  title: "T",
  url,
  site: "S",
  breadcrumbs: [],
  forum: { name: "F" },
  posts,
  similarListed: [],
  source,
  warnings: [],
});

describe("redirectMap", () => {
  it("maps a vBulletin 3 thread's old addresses under its board's path, posts to their anchors", () => {
    const parsed = onlyThread(parseFixtures("html/vb38-legacy.html"));
    const map = redirectMap({ threads: [parsed] });
    const to = parsed.url;
    expect(map.netlify.split("\n").filter((line) => line && !line.startsWith("#"))).toEqual([
      `/forum/showthread.php t=77 ${to} 301`,
      `/forum/showthread.php threadid=77 ${to} 301`,
      `/forum/printthread.php t=77 ${to} 301`,
      `/forum/archive/index.php/t-77.html ${to} 301`,
      ...[1001, 1002, 1003, 1004, 1005].flatMap((id, index) => [
        `/forum/showthread.php p=${id} ${to}#post-${index + 1} 301`,
        `/forum/showpost.php p=${id} ${to}#post-${index + 1} 301`,
      ]),
    ]);
    expect(map.nginx).toContain(`    "/forum/showthread.php?t=77" "${to}";\n`);
    expect(map.nginx).toContain(`    "/forum/showpost.php?p=1003" "${to}#post-3";\n`);
    expect(map.nginx.startsWith("# ")).toBe(true);
    // Not found exactly, an address is looked up by the id it starts with (friendly addresses).
    expect(map.nginx).toMatch(/map \$request_uri \$forum_archive_redirect \{\n {4}default \$forum_archive_by_id;\n/);
    expect(map.nginx).toContain(`    "/forum/ t77" "${to}";\n`);
    expect(map.conflicts).toEqual([]);
  });

  it("keeps the page's own friendly, vBSEO and vBulletin 5 paths, and vBulletin 5 node addresses", () => {
    const friendly = onlyThread(parseFixtures("html/vb42-friendly-p1.html"));
    const vbseo = onlyThread(parseFixtures("html/httrack-vb38-vbseo.html"));
    const vb5 = onlyThread(parseFixtures("html/vb55-nodes.html"));
    const map = redirectMap({ threads: [friendly, vbseo, vb5] });
    const lines = map.netlify.split("\n");
    expect(lines).toContain(`/forum/threads/2041-Chain-wear-on-winter-bikes ${friendly.url} 301`);
    expect(lines).toContain(`/forum/archive/index.php/t-2041.html ${friendly.url} 301`);
    expect(lines).toContain(`/sea-kayaking/345-tide-tables-sound.html ${vbseo.url} 301`);
    expect(lines).toContain(`/showthread.php p=6704 ${vbseo.url}#post-2 301`);
    expect(lines).toContain(`/forum/freshwater/water-quality/88120-cloudy-water-after-filter-change ${vb5.url} 301`);
    expect(lines).toContain(`/node/88127 ${vb5.url}#post-3 301`);
    expect(lines.filter((line) => line.startsWith("/node/"))).toHaveLength(4);
  });

  it("sends vBulletin 4's friendly forum and member addresses, slugged as vBulletin did, in the thread's own style", () => {
    const by = (name: string, userId: string, number: number): Post => ({
      ...post(number, String(100 + number)),
      author: { name, userId, hasAvatar: false },
    });
    const posts = [by("Alice", "1", 1), by("Bob & Co", "2", 2), by("Zoë", "3", 3)];
    const forums = [{ site: "S", name: "Übersicht & Café", url: "/s/cafe/" } as ForumSummary];
    const authors = ["Alice", "Bob & Co", "Zoë"].map((name, i) => ({ name, url: `/authors/${i}/` }) as AuthorSummary);
    const friendly = (url: string) => ({
      ...thread("/s/cafe/t-1/", { files: ["x.sql"], url, threadId: "15", forumId: "6" }, posts),
      forum: { name: "Übersicht & Café" },
    });
    const rewrite = redirectMap({
      threads: [friendly("http://forums.example.com/forum/threads/15-Caf%C3%A9-talk")],
      forums,
      authors,
    });
    const lines = rewrite.netlify.split("\n");
    expect(lines).toContain("/forum/threads/15-Caf%C3%A9-talk /s/cafe/t-1/ 301");
    // "Übersicht &amp; Café" as stored: "&" and ";" of the entity become "-", non-ASCII kept (UTF-8, encoded).
    expect(lines).toContain("/forum/forums/6-%C3%9Cbersicht-amp-Caf%C3%A9 /s/cafe/ 301");
    expect(lines).toContain("/forum/members/1-Alice /authors/0/ 301");
    expect(lines).toContain("/forum/members/2-Bob-amp-Co /authors/1/ 301");
    expect(lines).toContain("/forum/members/3-Zo%C3%AB /authors/2/ 301");
    expect(lines.some((line) => line.includes("forumdisplay.php/"))).toBe(false);
    const advanced = redirectMap({
      threads: [friendly("http://forums.example.com/forum/showthread.php/15-Caf%C3%A9-talk")],
      forums,
      authors,
    }).netlify.split("\n");
    expect(advanced).toContain("/forum/showthread.php/15-Caf%C3%A9-talk /s/cafe/t-1/ 301");
    expect(advanced).toContain("/forum/forumdisplay.php/6-%C3%9Cbersicht-amp-Caf%C3%A9 /s/cafe/ 301");
    expect(advanced).toContain("/forum/member.php/1-Alice /authors/0/ 301");
    expect(advanced.some((line) => line.includes("/members/"))).toBe(false);
    // nginx also finds any other slug, page or form by the id it starts with.
    expect(rewrite.nginx).toContain(
      '    "~^/forum/(?:threads/|showthread\\\\.php[/?])(\\\\d+)(?:[-/?&]|$)" "/forum/ t$1";\n',
    );
    expect(rewrite.nginx).toContain('    "/forum/ t15" "/s/cafe/t-1/";\n');
    expect(rewrite.nginx).toContain('    "/forum/ f6" "/s/cafe/";\n');
    expect(rewrite.nginx).toContain('    "/forum/ u3" "/authors/2/";\n');
  });

  it("tells the nginx hash bucket size a long old address needs (nginx refuses to start otherwise)", () => {
    const long = (slug: string) =>
      redirectMap({
        threads: [
          thread("/s/f/t/", { files: ["a.sql"], url: `http://x.example/forum/a/b/7-${slug}`, threadId: "7" }, []),
        ],
      }).nginx;
    // nginx needs 8 bytes + the key and 2 bytes aligned to 8 + 8 bytes: 46 bytes fit 64, 47 do not.
    const at = (length: number) => long("x".repeat(length - "/forum/a/b/7-".length));
    expect(at(46)).not.toContain("map_hash_bucket_size");
    expect(at(47)).toContain("# Some old addresses are long: in the http block, also  map_hash_bucket_size 128;");
    expect(at(200)).toContain("map_hash_bucket_size 256;");
  });

  it("finds friendly addresses in nginx by id with the patterns it writes", () => {
    const map = redirectMap({
      threads: [
        thread("/s/f/t/", { files: ["a.sql"], url: "http://x.example/forum/showthread.php?t=7", threadId: "7" }, []),
      ],
    });
    const patterns = [...map.nginx.matchAll(/^ {4}"~(.*)" "(.*)";$/gm)].map(([, pattern, value]) => ({
      regex: new RegExp(pattern!.replace(/\\\\/g, "\\")),
      value: value!,
    }));
    const idOf = (uri: string) => {
      for (const { regex, value } of patterns) {
        const match = regex.exec(uri);
        if (match) return value.replace("$1", match[1]!);
      }
      return undefined;
    };
    expect(idOf("/forum/threads/7-Some-Title")).toBe("/forum/ t7");
    expect(idOf("/forum/threads/7-Some-Title/page2")).toBe("/forum/ t7");
    expect(idOf("/forum/showthread.php/7-Some-Title")).toBe("/forum/ t7");
    expect(idOf("/forum/showthread.php?7-Some-Title&p=9")).toBe("/forum/ t7");
    expect(idOf("/forum/threads/7")).toBe("/forum/ t7");
    expect(idOf("/forum/forums/12-News")).toBe("/forum/ f12");
    expect(idOf("/forum/forumdisplay.php?12-News")).toBe("/forum/ f12");
    expect(idOf("/forum/members/5-Bob")).toBe("/forum/ u5");
    expect(idOf("/forum/member.php/5-Bob")).toBe("/forum/ u5");
    expect(idOf("/forum/member/5-bob")).toBe("/forum/ u5"); // vBulletin 5
    expect(idOf("/forum/showthread.php?t=7")).toBeUndefined(); // the exact map's
    expect(idOf("/forum/threads/77x")).toBeUndefined();
    expect(idOf("/other/threads/7-x")).toBeUndefined();
  });

  it("sends posts past the first 40 to their thread page, and applies the base URL", () => {
    const posts = Array.from({ length: 45 }, (_, index) => post(index + 1, String(500 + index)));
    const map = redirectMap(
      {
        threads: [
          thread(
            "/s/f/t-1/",
            { files: ["a.html"], url: "http://old.example/showthread.php?t=9", threadId: "9" },
            posts,
          ),
        ],
      },
      { baseUrl: "/archive/" },
    );
    // Post ids 500… are posts #1…: #40 (id 539) is the last of page 1, #41 (id 540) the first of page 2.
    expect(map.rules).toContainEqual({
      path: "/showthread.php",
      query: { name: "p", value: "539" },
      to: "/archive/s/f/t-1/#post-40",
    });
    expect(map.rules).toContainEqual({
      path: "/showthread.php",
      query: { name: "p", value: "540" },
      to: "/archive/s/f/t-1/page/2/#post-41",
    });
    expect(map.rules.find((rule) => rule.query?.value === "544")?.to).toBe("/archive/s/f/t-1/page/2/#post-45");
    expect(map.rules.find((rule) => rule.query?.name === "t")?.to).toBe("/archive/s/f/t-1/");
  });

  it("writes nothing for threads without ids, and reports addresses two threads claim", () => {
    expect(redirectMap({ threads: [thread("/s/f/a/", { files: ["a.txt"] }, [post(1)])] }).rules).toEqual([]);
    const a = thread("/s/f/a/", { files: ["a.html"], url: "http://old.example/showthread.php?t=5", threadId: "5" }, [
      post(1, "50"),
    ]);
    const b = thread("/s/f/b/", { files: ["b.html"], url: "http://old.example/showthread.php?t=5", threadId: "5" }, [
      post(1, "51"),
    ]);
    const map = redirectMap({ threads: [b, a] });
    expect(map.rules.filter((rule) => rule.query?.name === "t" && rule.path === "/showthread.php")).toEqual([
      { path: "/showthread.php", query: { name: "t", value: "5" }, to: "/s/f/a/" },
    ]);
    expect(map.conflicts).toContain("/showthread.php?t=5 is claimed by /s/f/a/ and /s/f/b/; kept for /s/f/a/");
    expect(map.rules.filter((rule) => rule.query?.name === "p").map((rule) => rule.to)).toEqual([
      "/s/f/a/#post-1",
      "/s/f/a/#post-1",
      "/s/f/b/#post-1",
      "/s/f/b/#post-1",
    ]);
  });

  it("never lets a dump's claimed address shadow the archive's own pages, nor take a path without a thread id", () => {
    // Front matter is the dump writer's word: a url pointing at the archive's author index, with no thread id.
    const noId = thread("/s/f/a/", { files: ["a.txt"], url: "https://x.example/authors/" }, [post(1)]);
    expect(redirectMap({ threads: [noId] }).rules).toEqual([]);
    // With an id, its own path is kept, unless the archive serves that path itself.
    const withId = thread("/s/f/b/", { files: ["b.html"], url: "https://x.example/threads/9-title", threadId: "9" }, [
      post(1),
    ]);
    const open = redirectMap({ threads: [withId] });
    expect(open.rules.map((rule) => rule.path)).toContain("/threads/9-title");
    const guarded = redirectMap({ threads: [withId] }, { isArchivePath: (path) => path === "/threads/9-title" });
    expect(guarded.rules.map((rule) => rule.path)).not.toContain("/threads/9-title");
    expect(guarded.conflicts).toEqual(["/threads/9-title is a page of the archive; not redirected to /s/f/b/"]);
    // A non-http(s) address gives no path of its own.
    const script = thread("/s/f/c/", { files: ["c.html"], url: "javascript:/threads/7-x", threadId: "7" }, [post(1)]);
    expect(redirectMap({ threads: [script] }).rules.some((rule) => rule.path.includes("7-x"))).toBe(false);
  });

  it("never writes rules of a page's own into _redirects: ids are numbers, paths have no white space", () => {
    // The vBulletin 3 page with its address links gone and a form field that smuggles rules.
    const html = Buffer.from(fixtureBytes("html/vb38-legacy.html"))
      .toString("utf8")
      .replace('<a href="showthread.php?t=77">', "<a>")
      .replace(
        'name="t" value="77"',
        'name="t" value="77 /* https://evil.example/:splat 301!&#10;/admin https://evil.example 200"',
      );
    const parsed = onlyThread(parseDumps([{ file: "vb38.html", bytes: html }]));
    expect(parsed.source.threadId).toBeUndefined();
    const map = redirectMap({ threads: [parsed] });
    expect(map.netlify).not.toContain("evil.example");
    // Built by hand, the same values are refused by the map itself.
    const smuggled = thread(
      "/s/f/x/",
      { files: ["x.html"], threadId: "5 /* https://evil.example 200!", url: "http://old.example/forum/a b" },
      [post(1, "9\n/x https://evil.example 301")],
    );
    const refused = redirectMap({ threads: [smuggled] });
    expect(refused.rules).toEqual([]);
    expect(refused.netlify.split("\n").filter((line) => line && !line.startsWith("#"))).toEqual([]);
    expect(refused.conflicts.length).toBeGreaterThan(0);
  });

  it("writes literal paths only: no splat, placeholder, forcing ! or control character takes over the site's routing", () => {
    expect(
      ["/forum/showthread.php", "/threads/9-title", "/a/345-x.html", "/f/%C3%BC-x"].filter(isLiteralPath),
    ).toHaveLength(4);
    for (const path of [
      "/*",
      "/search/*",
      "/threads/5-:splat",
      "/:id",
      "/x!",
      "/a b",
      "/a\tb",
      "/a\u0000",
      "/a\u007f",
      "x",
      "/a?b",
      "/a#b",
      '/a"',
      "/$x",
      "/{a}",
      "/%zz",
    ]) {
      expect(isLiteralPath(path), JSON.stringify(path)).toBe(false);
    }
  });

  it("reads the thread id and the own path from the same parsed address (a text dump's front matter)", () => {
    const dumpWith = (url: string) =>
      onlyThread(
        parseDumps([{ file: "t.txt", bytes: `---\nurl: ${url}\n---\n${new TextDecoder().decode(sampleBytes())}` }]),
      );
    // As written, the address names thread 5; read, its path is "/*" (on Cloudflare Pages a rule
    // for every address of the site) or "/search/*" (the search page's scripts and index).
    for (const url of [
      "https://forum.example/threads/5-x/../../*",
      "https://forum.example/threads/5-x/../../search/*",
    ]) {
      const parsed = dumpWith(url);
      expect(parsed.source.threadId).toBe("5");
      const map = redirectMap({ threads: [parsed] });
      expect(map.rules.map((rule) => rule.path).filter((path) => !isLiteralPath(path))).toEqual([]);
      expect(map.rules.map((rule) => rule.path)).not.toContain("/*");
      expect(map.netlify).not.toContain("*");
      expect(map.nginx).not.toContain("*");
      // The thread's own numbered addresses are still redirected, at the board's root.
      expect(map.rules).toContainEqual({ path: "/showthread.php", query: { name: "t", value: "5" }, to: parsed.url });
    }
    // A placeholder or a forcing "!" in the path the id comes from: that path is not written.
    for (const url of ["https://forum.example/threads/5-:splat", "https://forum.example/threads/5-x!"]) {
      const map = redirectMap({ threads: [dumpWith(url)] });
      expect(map.rules.some((rule) => rule.path.startsWith("/threads/"))).toBe(false);
      expect(map.netlify).not.toMatch(/:splat|!/);
      expect(map.conflicts.join("\n")).toContain("is not a plain forum address");
    }
  });

  it("never covers a page of the archive, with or without a query (Cloudflare Pages ignores queries)", () => {
    const claims = thread(
      "/s/f/b/",
      { files: ["b.html"], url: "https://x.example/search/showthread.php?t=9", threadId: "9" },
      [post(1, "90")],
    );
    const map = redirectMap({ threads: [claims] }, { isArchivePath: (path) => path === "/search/showthread.php" });
    expect(map.rules.filter((rule) => rule.path === "/search/showthread.php")).toEqual([]);
    expect(map.conflicts).toContain("/search/showthread.php?t=9 is a page of the archive; not redirected to /s/f/b/");
  });
});

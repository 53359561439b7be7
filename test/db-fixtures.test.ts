// The fixture board (test/fixtures/db, data-common.sql) read from its three dumps: vBulletin 3.8
// utf8 without prefix, 3.8 latin1 with prefix forum_ dumped in latin1, 4.2 latin1 tables holding
// UTF-8 with prefix vb_, gzip'd. Expectations are written from the fixture's SQL.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFromInput } from "../src/build/index.ts";
import { readDatabaseInput, type DatabaseRead } from "../src/input/vbulletin-db/index.ts";
import type { Post, Thread } from "../src/model.ts";
import { NEVER_PUBLISHED } from "./fixtures/db/secrets.ts";
import { listFiles } from "./helpers/site-check.ts";

const FIXTURES = join(import.meta.dirname, "fixtures", "db");
const DUMPS = ["vb38-utf8.sql", "vb38-latin1.sql", "vb42-latin1-utf8bytes.sql.gz"];

const reads = new Map<string, DatabaseRead>();
const plain = (threads: Thread[]) =>
  JSON.stringify(
    threads.map((thread) => ({ ...thread, posts: thread.posts.map((post) => ({ ...post })) })),
    (key, value) => (key === "source" ? undefined : value),
  );

beforeAll(async () => {
  for (const dump of DUMPS) reads.set(dump, await readDatabaseInput({ file: join(FIXTURES, dump) }));
});

const threads = () => reads.get("vb38-utf8.sql")!.threads;
const thread = (title: string) => threads().find((candidate) => candidate.title === title)!;
const post = (id: string): Post =>
  threads()
    .flatMap((candidate) => candidate.posts)
    .find((candidate) => candidate.id === id)!;

describe("a vBulletin board from its dumps", () => {
  it("all three dumps give the same threads (charsets, prefixes, 3.8 and 4.2 attachments)", () => {
    const expected = plain(threads());
    for (const dump of DUMPS.slice(1)) expect(plain(reads.get(dump)!.threads)).toBe(expected);
    expect(DUMPS.map((dump) => reads.get(dump)!.prefix)).toEqual(["", "forum_", "vb_"]);
  });

  it("warns, naming the table, where latin1 tables hold UTF-8", () => {
    expect(reads.get("vb38-utf8.sql")!.warnings).toEqual([]);
    expect(reads.get("vb38-latin1.sql")!.warnings).toEqual([]);
    const tables = reads
      .get("vb42-latin1-utf8bytes.sql.gz")!
      .warnings.map((warning) => /table (\S+) is latin1 but holds UTF-8/.exec(warning.message)?.[1]);
    expect(tables).toEqual(["vb_forum", "vb_post", "vb_thread", "vb_user", "vb_userfield"]);
  });

  it("publishes only the threads guests could read, in their forums and breadcrumbs", () => {
    expect(threads().map((t) => [t.title, t.forum.name, t.breadcrumbs, t.source.threadId])).toEqual([
      ["Welcome to the forums", "General Discussion", ["Example Forums", "Main Category", "General Discussion"], "10"],
      [
        'Help: Everything "BBCode"',
        "General Discussion",
        ["Example Forums", "Main Category", "General Discussion"],
        "11",
      ],
      ["Café talk", "Übersicht & Café", ["Example Forums", "Main Category", "Übersicht & Café"], "15"],
    ]);
    expect(thread("Café talk").url).toMatch(/^\/example-forums\/uebersicht-and-cafe\/cafe-talk-[0-9a-f]{8}\/$/);
    expect(thread("Welcome to the forums").forum.description).toBe('Talk about "anything"');
  });

  it("keeps visible posts with their ids, numbered by date; dates in the board's zone (GMT -5)", () => {
    const welcome = thread("Welcome to the forums");
    expect(welcome.posts.map((p) => [p.number, p.id, p.postedAt])).toEqual([
      [1, "100", "2009-05-09T11:27:00-05:00"],
      [2, "101", "2009-05-09T12:27:00-05:00"],
      [3, "102", "2009-05-09T13:27:00-05:00"],
      [4, "105", "2009-05-09T16:27:00-05:00"],
    ]);
    expect(welcome.timezone).toEqual({ label: "GMT -5", offsetMinutes: -300 });
    expect(welcome.source.url).toBe("http://forums.example.com/forum/showthread.php?t=10");
  });

  it("author cards: titles (own, group, ladder, custom as text), join month, public location only, posts, avatar; guests", () => {
    expect(post("100").author).toEqual({
      name: "Alice",
      title: "Administrator",
      joinDate: "2008-04",
      location: "Berlin",
      postCount: 120,
      hasAvatar: true,
      userId: "1",
    });
    expect(post("101").author).toEqual({
      name: "Bob & Co",
      title: "Junior Member",
      joinDate: "2009-01",
      postCount: 5,
      hasAvatar: false,
      userId: "2",
    });
    expect(post("105").author).toEqual({
      name: "Zoë",
      title: "Member",
      joinDate: "2009-01",
      location: "Köln",
      postCount: 45,
      hasAvatar: false,
      userId: "3",
    });
    expect(post("111").author).toMatchObject({ name: "<script>alert(1)</script>", title: "Evil" });
    expect(post("102").author).toEqual({ name: "Guest Poster", title: "Guest", hasAvatar: false, guest: true });
  });

  it("quotes keep author, post id and number; edit notes their reason; signatures where the post shows one", () => {
    expect(post("101").body[0]).toEqual({
      type: "quote",
      author: "Alice",
      postId: "100",
      postNumber: 1,
      blocks: [{ type: "paragraph", inlines: [{ type: "text", text: "Hello everyone" }] }],
    });
    expect(post("101").edited).toEqual({
      by: "Bob & Co",
      at: "2009-05-09T12:43:20-05:00",
      atText: "2009-05-09T12:43:20-05:00",
      reason: "typo & grammar",
    });
    expect(post("151").edited).toEqual({
      by: "Alice",
      at: "2009-05-15T10:23:20-05:00",
      atText: "2009-05-15T10:23:20-05:00",
    });
    expect(post("100").signature).toEqual([
      {
        type: "paragraph",
        inlines: [
          { type: "text", text: "Alice", marks: ["bold"] },
          { type: "text", text: ", " },
          { type: "link", href: "http://example.com/alice", text: "my site" },
        ],
      },
    ]);
    expect(post("101").signature).toBeUndefined(); // Bob has one, but this post does not show it
    expect(post("105").signature).toBeUndefined(); // shown, but Zoë has none
  });

  it("polls, post titles, attachments by name, text in every charset", () => {
    expect(thread("Welcome to the forums").poll).toEqual({
      question: "Favourite colour?",
      options: [
        { text: "Red", votes: 3, percent: 75 },
        { text: "Green & blue", votes: 1, percent: 25 },
        { text: "None", votes: 0, percent: 0 },
      ],
      voters: 4,
      closed: false,
    });
    expect(post("111").title).toBe("<script>alert(3)</script>");
    expect(post("112").attachments).toEqual([
      {
        label: "Attached Files",
        lines: ["photo.png (13 bytes)"],
        // Named in the text by [ATTACH=CONFIG]1[/ATTACH]; no address: the files are not written without --attachments.
        files: [{ id: "1", name: "photo.png", size: 13, inBody: true }],
      },
    ]);
    expect(post("150").body).toEqual([
      { type: "paragraph", inlines: [{ type: "text", text: "Prix : 5 € — naïve café, 日本語, 日本 😀" }] },
    ]);
  });

  it("marks the sticky thread (thread 10, sticky = 1) and no other", () => {
    expect(threads().map((t) => [t.source.threadId, t.sticky])).toEqual([
      ["10", true],
      ["11", undefined],
      ["15", undefined],
    ]);
  });

  it("says what it left out, per kind", () => {
    const common = {
      hiddenForums: 2,
      threadsInHiddenForums: 2,
      postsInHiddenForums: 2,
      moderatedThreads: 1,
      deletedThreads: 1,
      movedThreadLinks: 1,
      moderatedPosts: 1,
      deletedPosts: 1,
      privateMessages: 1,
    };
    expect(reads.get("vb38-utf8.sql")!.leftOut).toEqual({ ...common, hiddenAttachments: 2 });
    // 4.2 also holds a social group's attachment: not a post's, so not published.
    expect(reads.get("vb42-latin1-utf8bytes.sql.gz")!.leftOut).toEqual({ ...common, hiddenAttachments: 3 });
  });

  it("reads nothing private into the threads", () => {
    for (const dump of DUMPS) {
      const json = JSON.stringify(
        reads.get(dump)!.threads.map((t) => ({ ...t, posts: t.posts.map((p) => ({ ...p })) })),
      );
      for (const secret of NEVER_PUBLISHED) expect(json, `${dump}: ${secret}`).not.toContain(secret);
    }
  });

  it("includes and excludes forums by id", async () => {
    const staff = await readDatabaseInput(
      { file: join(FIXTURES, "vb38-utf8.sql") },
      { includeForums: [3], excludeForums: [6] },
    );
    expect(staff.threads.map((t) => t.title)).toEqual([
      "Welcome to the forums",
      'Help: Everything "BBCode"',
      "Staff only",
    ]);
  });

  it("gives the published posts' attachment files an address (3.8 attachment bytes, 4.2 filedata), by id", async () => {
    for (const dump of ["vb38-utf8.sql", "vb42-latin1-utf8bytes.sql.gz"]) {
      const read = await readDatabaseInput({ file: join(FIXTURES, dump) }, { attachments: true });
      try {
        expect(read.attachmentFiles).toBe(1);
        const files = read.threads
          .flatMap((t) => t.posts)
          .flatMap((p) => p.attachments ?? [])
          .flatMap((a) => a.files);
        // 13 bytes that start like a PNG but hold no image: a download, not an image.
        expect(files).toEqual([
          { id: "1", name: "photo.png", size: 13, url: "/attachments/example-forums/1/photo.png", inBody: true },
        ]);
        const bytes = await read.attachmentBytes!.read("/attachments/example-forums/1/photo.png");
        expect(Buffer.from(bytes!).toString("hex")).toBe("89504e470d0a1a0a00ff00275c");
      } finally {
        await read.attachmentBytes?.close();
      }
    }
  });

  it("refuses a dump without vBulletin tables, naming it", async () => {
    await expect(
      readDatabaseInput({ file: join(FIXTURES, "vb38-utf8.sql") }, { tablePrefix: "nope_" }),
    ).rejects.toThrow(/vb38-utf8\.sql: no vBulletin forum, thread, post tables \(table prefix "nope_"\)/);
  });
});

describe("the site from the dumps", () => {
  let root: string;
  const outputs: string[] = [];
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "fa-db-site-"));
    for (const dump of [DUMPS[0]!, DUMPS[2]!]) {
      const output = join(root, dump);
      await buildFromInput({
        input: join(FIXTURES, dump),
        output,
        baseUrl: "/",
        progress: "none",
        pagesDir: join(root, "no-pages"),
      });
      outputs.push(output);
    }
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it("is byte for byte the same from the utf8 3.8 dump and the gzip'd latin1 4.2 dump", async () => {
    const [a, b] = outputs as [string, string];
    const files = await listFiles(a);
    expect(await listFiles(b)).toEqual(files);
    for (const file of files)
      expect((await readFile(join(b, file))).equals(await readFile(join(a, file))), file).toBe(true);
  });

  it("holds nothing private in any file it wrote", async () => {
    for (const output of outputs) {
      for (const file of await listFiles(output)) {
        const text = (await readFile(join(output, file))).toString("latin1");
        for (const secret of NEVER_PUBLISHED) expect(text.includes(secret), `${file} holds ${secret}`).toBe(false);
      }
    }
  });

  it("shows hostile posts as text", async () => {
    const files = await listFiles(outputs[0]!);
    const page = files.find((file) => file.includes("help-everything-bbcode") && file.endsWith("index.html"))!;
    const html = await readFile(join(outputs[0]!, page), "utf8");
    expect(html).toContain("&lt;script&gt;alert(4)&lt;/script&gt;");
    expect(html).not.toMatch(/<script>alert|<iframe|href="javascript:|href="data:/);
    expect(html).toContain("&lt;b&gt;not markup&lt;/b&gt;");
  });

  it("marks the sticky thread in its forum's index, in words, keeping the last-post order", async () => {
    const html = await readFile(join(outputs[0]!, "example-forums", "general-discussion", "index.html"), "utf8");
    const rows = [...html.matchAll(/<th scope="row">(.*?)<\/th>/g)].map((match) => match[1]!.replace(/<[^>]+>/g, ""));
    // Thread 11's last post (2009-05) is newer than thread 10's (post 105, 2009-05-09): it stays first.
    expect(rows).toEqual(["Help: Everything &quot;BBCode&quot;", "Sticky: Welcome to the forums"]);
  });

  it("redirects the old thread and post addresses", async () => {
    const redirects = await readFile(join(outputs[0]!, "_redirects"), "utf8");
    expect(redirects).toMatch(
      /^\/forum\/showthread\.php t=10 \/example-forums\/general-discussion\/welcome-to-the-forums-[0-9a-f]{8}\/ 301$/m,
    );
    expect(redirects).toMatch(
      /^\/forum\/showpost\.php p=105 \/example-forums\/general-discussion\/welcome-to-the-forums-[0-9a-f]{8}\/#post-4 301$/m,
    );
    expect(redirects).not.toMatch(/t=1[2347]\b|p=1[0-4][34]\b/);
    expect(redirects).toMatch(/^\/forum\/forumdisplay\.php f=6 \/example-forums\/uebersicht-and-cafe\/ 301$/m);
    expect(redirects).toMatch(/^\/forum\/archive\/index\.php\/f-2\.html \/example-forums\/general-discussion\/ 301$/m);
    expect(redirects).toMatch(/^\/forum\/member\.php u=1 \/authors\/alice\/ 301$/m);
    expect(redirects).toMatch(/^\/forum\/member\.php u=3 \/authors\/zoe-[0-9a-f]{6}\/ 301$/m);
    // Hidden forums and categories without threads (no page of their own) get no address; guests have none.
    expect(redirects).not.toMatch(/f=[134]\b|u=0\b/);
    const nginx = await readFile(join(outputs[0]!, "nginx-redirects.conf"), "utf8");
    expect(nginx).toContain('"/forum/member.php?u=2" "/authors/');
    expect(nginx).toContain('"/forum/forumdisplay.php?f=2" "/example-forums/general-discussion/";');
  });
});

describe("a board with vBulletin 4's friendly addresses (setting friendlyurl)", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "fa-db-friendly-"));
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });
  /** The 3.8 dump with one more setting row after it (a dump's rows may come in any order). */
  const withFriendly = async (mode: string) => {
    const file = join(root, `friendly-${mode}.sql`);
    const dump = await readFile(join(FIXTURES, "vb38-utf8.sql"), "utf8");
    await writeFile(
      file,
      `${dump}\nINSERT INTO \`setting\` (\`varname\`, \`value\`) VALUES ('friendlyurl','${mode}');\n`,
    );
    return file;
  };

  it("gives each thread the address the board wrote, its title slugged as vBulletin did", async () => {
    const urls = async (mode: string) =>
      (await readDatabaseInput({ file: await withFriendly(mode) })).threads.map((t) => t.source.url);
    // Titles as stored: "Everything &quot;BBCode&quot;" (the prefix is not in the address), "Café talk".
    expect(await urls("3")).toEqual([
      "http://forums.example.com/forum/threads/10-Welcome-to-the-forums",
      "http://forums.example.com/forum/threads/11-Everything-quot-BBCode-quot",
      "http://forums.example.com/forum/threads/15-Caf%C3%A9-talk",
    ]);
    expect((await urls("2"))[1]).toBe("http://forums.example.com/forum/showthread.php/11-Everything-quot-BBCode-quot");
    expect((await urls("1"))[1]).toBe("http://forums.example.com/forum/showthread.php?11-Everything-quot-BBCode-quot");
    expect((await urls("0"))[1]).toBe("http://forums.example.com/forum/showthread.php?t=11");
  });

  it("redirects the threads', forums' and members' friendly addresses", async () => {
    const output = join(root, "site");
    await buildFromInput({
      input: await withFriendly("3"),
      output,
      baseUrl: "/",
      progress: "none",
      pagesDir: join(root, "no-pages"),
    });
    const redirects = await readFile(join(output, "_redirects"), "utf8");
    expect(redirects).toMatch(
      /^\/forum\/threads\/11-Everything-quot-BBCode-quot \/example-forums\/general-discussion\/help-everything-bbcode-[0-9a-f]{8}\/ 301$/m,
    );
    expect(redirects).toMatch(/^\/forum\/forums\/2-General-Discussion \/example-forums\/general-discussion\/ 301$/m);
    expect(redirects).toMatch(
      /^\/forum\/forums\/6-%C3%9Cbersicht-amp-Caf%C3%A9 \/example-forums\/uebersicht-and-cafe\/ 301$/m,
    );
    expect(redirects).toMatch(/^\/forum\/members\/2-Bob-amp-Co \/authors\/bob-and-co-[0-9a-f]{6}\/ 301$/m);
    const nginx = await readFile(join(output, "nginx-redirects.conf"), "utf8");
    expect(nginx).toMatch(/^ {4}"\/forum\/ t15" "\/example-forums\/uebersicht-and-cafe\/cafe-talk-[0-9a-f]{8}\/";$/m);
    expect(nginx).toMatch(/^ {4}"\/forum\/ u3" "\/authors\/zoe-[0-9a-f]{6}\/";$/m);
  });
});

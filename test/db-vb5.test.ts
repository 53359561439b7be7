// The vBulletin 5 fixture board (test/fixtures/db: schema-vb5.sql, data-vb5.sql, dumped by
// make-dumps.sh as vb5-utf8.sql): channels, topics and replies as rows of `node`, their text in
// `text`. Expectations are written from data-vb5.sql.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as cheerio from "cheerio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFromInput } from "../src/build/index.ts";
import { readDatabaseInput, type DatabaseRead } from "../src/input/vbulletin-db/index.ts";
import type { Post } from "../src/model.ts";
import { NEVER_PUBLISHED } from "./fixtures/db/secrets.ts";
import { listFiles } from "./helpers/site-check.ts";

const DUMP = join(import.meta.dirname, "fixtures", "db", "vb5-utf8.sql");
// Attachment node 107's file as data-vb5.sql's filedata row 1 holds it (a PNG of 3×2 pixels, 93 bytes).
const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000030000000208060000009d74661a00000012494441547801623ac3c0f01f8699189000" +
    "000000ffff282dc90a0000000649444154030068660566dd0c33380000000049454e44ae426082",
  "hex",
);
/** data-vb5.sql's own: topics left out by rule (their text is marked SECRET too). */
const VB5_NEVER_PUBLISHED = [
  ...NEVER_PUBLISHED,
  "Staff Archive",
  "Staff archive thread",
  "Awaiting approval",
  "Deleted thread",
  "Draft Room",
  "Draft topic",
];

let read: DatabaseRead;
beforeAll(async () => {
  read = await readDatabaseInput({ file: DUMP });
});
const thread = (id: string) => read.threads.find((candidate) => candidate.source.threadId === id)!;
const post = (id: string): Post =>
  read.threads.flatMap((candidate) => candidate.posts).find((candidate) => candidate.id === id)!;

describe("a vBulletin 5 board from its dump", () => {
  it("publishes the topics of channels under the forums' root that guests may read, by node id", () => {
    expect(read.threads.map((t) => [t.source.threadId, t.title, t.forum.name, t.breadcrumbs])).toEqual([
      ["100", "Welcome to the forums", "General Discussion", ["Example Forums", "Main Category", "General Discussion"]],
      ["120", "Café talk", "Übersicht & Café", ["Example Forums", "Main Category", "Übersicht & Café"]],
      ["131", "Help: Need a hand", "General Discussion", ["Example Forums", "Main Category", "General Discussion"]],
      ["160", "Favourite colour?", "General Discussion", ["Example Forums", "Main Category", "General Discussion"]],
    ]);
    expect(thread("100").forum.description).toBe('Talk about "anything"');
    expect(read.prefix).toBe("");
    expect(read.warnings).toEqual([]);
  });

  it("keeps shown replies and comments, by publish date, with their node ids; the attachment node is no post", () => {
    expect(thread("100").posts.map((p) => [p.number, p.id, p.postedAt, p.author.name])).toEqual([
      [1, "100", "2009-05-09T11:27:00-05:00", "Alice"],
      [2, "101", "2009-05-09T12:27:00-05:00", "Bob & Co"],
      [3, "102", "2009-05-09T13:27:00-05:00", "Guest Poster"],
      [4, "105", "2009-05-09T16:27:00-05:00", "Zoë"],
    ]);
    expect(post("102").author).toEqual({ name: "Guest Poster", title: "Guest", hasAvatar: false, guest: true });
    expect(post("100").author).toMatchObject({
      name: "Alice",
      title: "Administrator",
      joinDate: "2008-04",
      userId: "1",
    });
  });

  it("reads vBulletin 5's quotes (Name;n<node id>), edit notes by node, signatures, reply titles, text", () => {
    expect(post("101").body[0]).toEqual({
      type: "quote",
      author: "Alice",
      postId: "100",
      postNumber: 1,
      blocks: [{ type: "paragraph", inlines: [{ type: "text", text: "Hello everyone" }] }],
    });
    expect(post("101").edited).toMatchObject({ by: "Bob & Co", reason: "typo & grammar" });
    expect(post("121").body[0]).toMatchObject({ type: "quote", author: "Zoë", postId: "120", postNumber: 1 });
    expect(post("121").signature).toBeDefined();
    expect(post("100").signature).toBeDefined();
    expect(post("101").signature).toBeUndefined();
    expect(post("121").title).toBe("Re: Café talk");
    expect(post("120").body).toEqual([
      { type: "paragraph", inlines: [{ type: "text", text: "Prix : 5 € — naïve café, 日本語, 日本 😀" }] },
    ]);
  });

  it("reads a poll topic's poll: question (the title), options in id order with votes, voters, open", () => {
    expect(thread("160").poll).toEqual({
      question: "Favourite colour?",
      options: [
        { text: "Red", votes: 3, percent: 75 },
        { text: "Green & blue", votes: 1, percent: 25 },
        { text: "None", votes: 0, percent: 0 },
      ],
      voters: 4,
      closed: false,
    });
    expect(thread("160").posts.map((p) => p.body)).toEqual([
      [{ type: "paragraph", inlines: [{ type: "text", text: "Vote below." }] }],
    ]);
    expect(thread("100").poll).toBeUndefined();
  });

  it("lists attachment nodes on the post they hang under; --attachments places only the published ones", async () => {
    expect(post("101").attachments).toEqual([
      {
        label: "Attached Files",
        lines: ["photo.png (93 bytes)"],
        files: [{ id: "107", name: "photo.png", size: 93, inBody: true }],
      },
    ]);
    expect(post("100").attachments).toBeUndefined();
    // In the text: [ATTACH=JSON]{…"data-attachmentid":107} names the post's own file, at vBulletin 5's
    // address (frontendurl + filedata/fetch?id=); another post's attachment ([ATTACH]n107[/ATTACH] in
    // 105) is its id as text.
    expect(post("101").body[1]).toEqual({
      type: "paragraph",
      inlines: [
        { type: "text", text: "Thanks &amp; hello! " },
        {
          type: "link",
          href: "http://forums.example.com/filedata/fetch?id=107",
          text: "photo.png",
          attachment: "107",
        },
      ],
    });
    expect(post("105").body).toEqual([
      { type: "paragraph", inlines: [{ type: "text", text: "A comment on Bob's reply. [Attachment: 107]" }] },
    ]);
    const withFiles = await readDatabaseInput({ file: DUMP }, { attachments: true });
    try {
      expect(withFiles.attachmentFiles).toBe(1);
      const placed = withFiles.threads.flatMap((t) => t.posts).find((p) => p.id === "101")!.attachments;
      const url = "/attachments/example-forums/107/photo.png";
      expect(placed?.[0]?.files).toEqual([
        { id: "107", name: "photo.png", size: 93, url, image: { width: 3, height: 2 }, inBody: true },
      ]);
      expect(Buffer.from((await withFiles.attachmentBytes!.read(url))!).equals(PNG)).toBe(true);
      expect(await withFiles.attachmentBytes!.read("/attachments/example-forums/108/moderated-secret.png")).toBe(
        undefined,
      );
    } finally {
      await withFiles.attachmentBytes?.close();
    }
  });

  it("marks the sticky topic, and gives each topic its vBulletin 5 address", () => {
    expect(read.threads.map((t) => [t.source.threadId, t.sticky])).toEqual([
      ["100", true],
      ["120", undefined],
      ["131", undefined],
      ["160", undefined],
    ]);
    expect(thread("100").source.url).toBe(
      "http://forums.example.com/forum/main-category/general-discussion/100-welcome-to-the-forums",
    );
    expect(thread("120").source.url).toBe(
      "http://forums.example.com/forum/main-category/uebersicht-cafe/120-cafe-talk",
    );
  });

  it("says what it left out: hidden and unpublished channels (and one below them), moderated, deleted, unpublished, private messages", () => {
    expect(read.leftOut).toEqual({
      // 12 (guests' permission 0), 14 (its own row allows guests, but it is under 12), 15 (not published)
      hiddenForums: 3,
      threadsInHiddenForums: 3,
      postsInHiddenForums: 3,
      moderatedThreads: 1, // 130
      deletedThreads: 1, // 135
      movedThreadLinks: 0,
      moderatedPosts: 2, // 103 unapproved, 106 unpublished
      deletedPosts: 1, // 104
      hiddenAttachments: 1, // 108, on the unapproved reply 103
      privateMessages: 1, // 150 (with its reply 151)
    });
  });

  it("gives the same board whatever order vBulletin 5's tables come in (texts before their nodes and types)", async () => {
    const dump = await readFile(DUMP, "utf8");
    const [head, ...tables] = dump.split(/(?=--\n-- Table structure for table )/);
    const root = await mkdtemp(join(tmpdir(), "fa-db-vb5-order-"));
    try {
      // text, then node, the other tables, and the tables that say what a node is (channel, contenttype) last.
      const named = (name: string) => tables.find((table) => table.includes(`table \`${name}\``))!;
      const last = ["channel", "contenttype"].map(named);
      const first = ["text", "node"].map(named);
      const reversed = join(root, "reordered.sql");
      await writeFile(
        reversed,
        [head, ...first, ...tables.filter((t) => !first.concat(last).includes(t)), ...last].join(""),
      );
      expect(tables.length).toBeGreaterThan(15);
      const plain = (r: DatabaseRead) =>
        JSON.stringify(
          [r.leftOut, r.threads.map((t) => ({ ...t, posts: t.posts.map((p) => ({ ...p })) }))],
          (key, value) => (key === "source" ? undefined : value),
        );
      // The prefix is given: found from the tables' names, it is known only from the first vBulletin table on.
      const inOrder = await readDatabaseInput({ file: DUMP }, { tablePrefix: "" });
      expect(plain(await readDatabaseInput({ file: reversed }, { tablePrefix: "" }))).toBe(plain(inOrder));
      expect(plain(inOrder)).toBe(plain(read));
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it("reads nothing private, nor blogs or private messages, into the threads", () => {
    const json = JSON.stringify(read.threads.map((t) => ({ ...t, posts: t.posts.map((p) => ({ ...p })) })));
    for (const secret of VB5_NEVER_PUBLISHED) expect(json, secret).not.toContain(secret);
  });
});

describe("the site from a vBulletin 5 dump", () => {
  let root: string;
  let output: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "fa-db-vb5-"));
    output = join(root, "site");
    await buildFromInput({ input: DUMP, output, baseUrl: "/", progress: "none", pagesDir: join(root, "no-pages") });
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it("holds nothing private in any file it wrote", async () => {
    const files = await listFiles(output);
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = (await readFile(join(output, file))).toString("latin1");
      for (const secret of VB5_NEVER_PUBLISHED) expect(text.includes(secret), `${file} holds ${secret}`).toBe(false);
    }
  });

  it("shows hostile posts as text", async () => {
    const files = await listFiles(output);
    const page = files.find((file) => file.includes("help-need-a-hand") && file.endsWith("index.html"))!;
    const html = await readFile(join(output, page), "utf8");
    expect(html).toContain("&lt;script&gt;alert(4)&lt;/script&gt;");
    expect(html).not.toMatch(/<script>alert|href="javascript:/);
  });

  it("redirects the topics' vBulletin 5 addresses and their nodes' /node/N addresses", async () => {
    const redirects = await readFile(join(output, "_redirects"), "utf8");
    expect(redirects).toMatch(
      /^\/forum\/main-category\/general-discussion\/100-welcome-to-the-forums \/example-forums\/general-discussion\/welcome-to-the-forums-[0-9a-f]{8}\/ 301$/m,
    );
    expect(redirects).toMatch(
      /^\/node\/105 \/example-forums\/general-discussion\/welcome-to-the-forums-[0-9a-f]{8}\/#post-4 301$/m,
    );
    expect(redirects).not.toMatch(/\/node\/1(0[346]|10|15|30|35|40|5[01])\b/);
    // vBulletin 5's /member/1-alice: nginx finds the member by the id it starts with.
    const nginx = await readFile(join(output, "nginx-redirects.conf"), "utf8");
    expect(nginx).toContain('"~^/(?:members?/|member\\\\.php[/?])(\\\\d+)(?:[-/?&]|$)" "/ u$1";');
    expect(nginx).toContain('    "/ u1" "/authors/alice/";');
    expect(nginx).not.toMatch(/"\/ u0"/);
  });
});

describe("the site from a vBulletin 5 dump with --attachments", () => {
  let root: string;
  let output: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "fa-db-vb5-files-"));
    output = join(root, "site");
    await buildFromInput({
      input: DUMP,
      output,
      baseUrl: "/",
      progress: "none",
      search: false,
      pagesDir: join(root, "no-pages"),
      database: { attachments: true },
    });
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it("writes reply 101's image into the archive and shows it there; the unapproved reply's (108) is not written", async () => {
    const files = await listFiles(output);
    expect(files.filter((file) => file.startsWith("attachments/"))).toEqual([
      "attachments/example-forums/107/photo.png",
    ]);
    expect((await readFile(join(output, "attachments/example-forums/107/photo.png"))).equals(PNG)).toBe(true);
    // Topic 100's posts: 100, 101, 102 and the comment 105; 101 is the second.
    const page = files.find((file) => /welcome-to-the-forums-[0-9a-f]{8}\/index\.html$/.test(file))!;
    const $ = cheerio.load(await readFile(join(output, page), "utf8"));
    const img = $("#post-2 .post-body img");
    expect(
      img.get().map((el) => [$(el).attr("src"), $(el).attr("alt"), $(el).attr("width"), $(el).attr("height")]),
    ).toEqual([["/attachments/example-forums/107/photo.png", "photo.png", "3", "2"]]);
    expect($("#post-4 .post-body img").length).toBe(0);
    // Node 108 (on reply 103, unapproved): neither its file, its name nor its bytes ("MOD-SECRET").
    expect(files.filter((file) => file.includes("/108/"))).toEqual([]);
    for (const file of files) {
      const text = (await readFile(join(output, file))).toString("latin1");
      for (const secret of ["MOD-SECRET", "MODERATED-SECRET"]) expect(text.includes(secret), file).toBe(false);
    }
  });
});

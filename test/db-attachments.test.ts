// Attachments in the archive (issue 18, item 8), from the fixture boards with real files
// (test/fixtures/db/data-attachments-vb38.sql and -vb42.sql, read there): post 113 of thread 11
// shows a PNG (3×2) and a JPEG (4×3) in its text and lists a GIF (1×1), a WebP (5×4), an SVG with a
// script, a text file, HTML named .png, a PNG with a hostile name and a PDF; 18 and 19 have no bytes
// in the database (files on disk); 20 to 22 (a deleted post's, a hidden forum's, a moderated one) are
// never published.
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as cheerio from "cheerio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFromInput, type BuildSummary } from "../src/build/index.ts";
import { AttachmentFiles, imageOf, writtenName } from "../src/input/vbulletin-db/attachment-files.ts";
import { databaseOptionsOf } from "../src/input/vbulletin-db/cli-options.ts";
import { CSP_META } from "../src/site/security.ts";
import { checkLinks, listFiles, validateAllHtml } from "./helpers/site-check.ts";

const FIXTURES = join(import.meta.dirname, "fixtures", "db");
// The fixture's PNG, as data-attachments-*.sql holds it (3×2 pixels, made by Chromium's canvas).
const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000030000000208060000009d74661a00000012494441547801623ac3c0f01f8699189000" +
    "000000ffff282dc90a0000000649444154030068660566dd0c33380000000049454e44ae426082",
  "hex",
);
const FOLDER = "attachments/example-forums";
const NEVER = ["DELETED-POST-ATTACHMENT", "HIDDEN-FORUM-ATTACHMENT", "MODERATED-ATTACHMENT"];

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "fa-db-attachments-"));
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

async function build(
  name: string,
  dump: string,
  database: Parameters<typeof buildFromInput>[0]["database"],
  baseUrl = "/",
): Promise<{ output: string; summary: BuildSummary }> {
  const output = join(root, name);
  const summary = await buildFromInput({
    input: join(FIXTURES, dump),
    output,
    baseUrl,
    progress: "none",
    search: false,
    pagesDir: join(root, "no-pages"),
    ...(database ? { database } : {}),
  });
  return { output, summary };
}

/** The thread page holding post 113 (#4 of "Help: Everything "BBCode""), and that post. */
async function post113(output: string) {
  const page = (await listFiles(output)).find((file) => /help-everything-bbcode-[0-9a-f]{8}\/index\.html$/.test(file))!;
  const $ = cheerio.load(await readFile(join(output, page), "utf8"));
  return { $, post: $("#post-4"), html: await readFile(join(output, page), "utf8") };
}

describe("the files' names and kinds", () => {
  it("names a written file by a slug of its name: no separators, dots, control characters; capped", () => {
    expect(writtenName("red dot.png")).toBe("red-dot.png");
    expect(writtenName("Blue Sky.JPG")).toBe("blue-sky.jpg");
    expect(writtenName("../../etc/passwd")).toBe("etc-passwd");
    expect(writtenName("..")).toBe("file");
    expect(writtenName("..png")).toBe("file.png");
    expect(writtenName("a\u0000b\u001f\r\n.png")).toBe("a-b.png");
    expect(writtenName("C:\\Windows\\evil.exe")).toBe("c-windows-evil.exe");
    expect(writtenName("日本語.png")).toBe("file.png");
    expect(writtenName("report.tar.gz")).toBe("report-tar.gz");
    expect(writtenName(`${"x".repeat(300)}.png`)).toBe(`${"x".repeat(80)}.png`);
    // An extension that is no plain word is part of the name.
    expect(writtenName("photo.p<n>g")).toBe("photo-p-n-g");
  });

  it("adds .txt to what a browser would run from the site's own origin, or a web server at all", () => {
    expect(writtenName("logo.svg")).toBe("logo.svg.txt");
    expect(writtenName("page.HTML")).toBe("page.html.txt");
    expect(writtenName("x.xhtml")).toBe("x.xhtml.txt");
    expect(writtenName("app.js")).toBe("app.js.txt");
    // What a web server would run (PHP on Apache, ASP on IIS) or read as its configuration.
    expect(writtenName("shell.php")).toBe("shell.php.txt");
    expect(writtenName("shell.php.png")).toBe("shell-php.png");
    expect(writtenName("web.config")).toBe("web.config.txt");
    expect(writtenName(".htaccess")).toBe("file.htaccess.txt");
    expect(writtenName("default.aspx")).toBe("default.aspx.txt");
    expect(writtenName("notes.txt")).toBe("notes.txt");
  });

  it("shows PNG, JPEG, GIF and WebP only when name and content agree", () => {
    expect(imageOf(PNG, "a.png")).toEqual({ width: 3, height: 2 });
    expect(imageOf(PNG, "a.PNG")).toEqual({ width: 3, height: 2 });
    expect(imageOf(PNG, "a.jpg")).toBeUndefined();
    expect(imageOf(PNG, "a")).toBeUndefined();
    expect(imageOf(PNG.subarray(0, 13), "a.png")).toBeUndefined();
    expect(imageOf(Buffer.from("<html><script>alert(1)</script></html>"), "a.png")).toBeUndefined();
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>';
    expect(imageOf(Buffer.from(svg), "a.svg")).toBeUndefined();
    expect(imageOf(Buffer.from("GIF89a\u0001\u0000\u0001\u0000"), "a.gif")).toEqual({ width: 1, height: 1 });
  });
});

describe("where a file's bytes are found", () => {
  it("in the database's row, else (an empty column too) in vBulletin's folder, else nowhere", async () => {
    const folder = join(root, "held-folder");
    await mkdir(join(folder, "1", "2"), { recursive: true });
    await writeFile(join(folder, "1", "2", "5.attach"), "from the folder");
    const files = new AttachmentFiles({ folder });
    try {
      files.hold("attachment", 4, Buffer.from("from the row"));
      files.hold("attachment", 5, Buffer.alloc(0));
      const row = (id: number) => ({ id, postId: 1, visible: true, fileName: "a.txt", userId: 12 });
      expect(files.place(row(4), "site", undefined)).toEqual({ url: "/attachments/site/4/a.txt" });
      expect(files.place(row(5), "site", undefined)).toEqual({ url: "/attachments/site/5/a.txt" });
      expect(files.place(row(6), "site", undefined)).toEqual({});
      expect(files.missing).toEqual(["6"]);
      expect(Buffer.from((await files.read("/attachments/site/4/a.txt"))!).toString()).toBe("from the row");
      expect(Buffer.from((await files.read("/attachments/site/5/a.txt"))!).toString()).toBe("from the folder");
      expect(await files.read("/attachments/site/6/a.txt")).toBeUndefined();
    } finally {
      await files.close();
    }
  });
});

describe("--attachments on the command line", () => {
  it("alone reads the files from the database; with a folder, from there too; a missing folder is refused", async () => {
    expect(databaseOptionsOf({ attachments: true })).toEqual({ attachments: true });
    expect(databaseOptionsOf({})).toEqual({});
    const folder = join(root, "attach-folder");
    await mkdir(folder, { recursive: true });
    expect(databaseOptionsOf({ attachments: folder })).toEqual({ attachments: true, attachmentsFolder: folder });
    expect(() => databaseOptionsOf({ attachments: join(root, "nowhere") })).toThrow(
      /--attachments .*nowhere: no such folder; give vBulletin's attachment folder/,
    );
  });
});

describe.each(["vb42-attachments.sql", "vb38-attachments.sql"])("a site built with --attachments from %s", (dump) => {
  let output: string;
  let summary: BuildSummary;
  beforeAll(async () => {
    ({ output, summary } = await build(`with-${dump}`, dump, { attachments: true }));
  });

  it("writes the published posts' files, byte for byte, at stable addresses", async () => {
    const files = (await listFiles(output)).filter((file) => file.startsWith("attachments/"));
    expect(files).toEqual([
      // Post 112's 13 bytes that begin like a PNG (data-common.sql): written, not shown as an image.
      `${FOLDER}/1/photo.png`,
      `${FOLDER}/10/red-dot.png`,
      `${FOLDER}/11/blue-sky.jpg`,
      `${FOLDER}/12/green.gif`,
      `${FOLDER}/13/leaf.webp`,
      `${FOLDER}/14/logo.svg.txt`,
      `${FOLDER}/15/notes.txt`,
      `${FOLDER}/16/not-really.png`,
      `${FOLDER}/17/img-src-x-onerror-alert-9-evil.png`,
      `${FOLDER}/23/cafe-menue.pdf`,
    ]);
    expect((await readFile(join(output, FOLDER, "10/red-dot.png"))).equals(PNG)).toBe(true);
    expect(await readFile(join(output, FOLDER, "15/notes.txt"), "utf8")).toBe("Plain notes.\n");
    expect(await readFile(join(output, FOLDER, "14/logo.svg.txt"), "utf8")).toContain("<script>alert(7)</script>");
    // The build's list of its own files (what a rebuild may remove) holds them.
    const manifest = await readFile(join(output, ".forum-archive-files"), "utf8");
    expect(manifest).toContain(`${FOLDER}/10/red-dot.png`);
  });

  it("shows the images the text names where it names them, with alt text and size", async () => {
    const { $, post } = await post113(output);
    const body = post.find(".post-body");
    const images = body.find("img").get();
    expect(
      images.map((img) => [$(img).attr("src"), $(img).attr("alt"), $(img).attr("width"), $(img).attr("height")]),
    ).toEqual([
      [`/${FOLDER}/10/red-dot.png`, "red dot.png", "3", "2"],
      [`/${FOLDER}/11/blue-sky.jpg`, "Blue Sky.JPG", "4", "3"],
    ]);
    expect(body.find("img").parent("a").attr("href")).toBe(`/${FOLDER}/10/red-dot.png`);
    // An id of another post's attachment stays as typed: neither its name nor its file.
    expect(body.text()).toContain("Not this post's: [Attachment: 20]");
  });

  it("lists the others under the post: images shown, other files as download links with name and size", async () => {
    const { $, post } = await post113(output);
    const items = post.find(".attachments .attached-files li").get();
    const shown = items.map((li) => {
      const img = $(li).find("img");
      if (img.length) return ["img", img.attr("src"), img.attr("alt"), `${img.attr("width")}x${img.attr("height")}`];
      const a = $(li).find("a");
      return a.length ? ["link", a.attr("href"), a.attr("download"), $(li).text()] : ["text", $(li).text()];
    });
    expect(shown).toEqual([
      ["img", `/${FOLDER}/12/green.gif`, "green.gif", "1x1"],
      ["img", `/${FOLDER}/13/leaf.webp`, "leaf.webp", "5x4"],
      ["link", `/${FOLDER}/14/logo.svg.txt`, "logo.svg", "logo.svg (94 bytes)"],
      ["link", `/${FOLDER}/15/notes.txt`, "notes.txt", "notes.txt (13 bytes)"],
      ["link", `/${FOLDER}/16/not-really.png`, "not-really.png", "not-really.png (38 bytes)"],
      [
        "img",
        `/${FOLDER}/17/img-src-x-onerror-alert-9-evil.png`,
        // HTML reads the name's CR LF in an attribute as one LF.
        '../../<img src=x onerror=alert(9)>\t"evil"\n.png',
        "3x2",
      ],
      ["text", "on-disk.png (93 bytes)"],
      ["text", "old-style.txt (15 bytes)"],
      ["link", `/${FOLDER}/23/cafe-menue.pdf`, "Café menü.pdf", "Café menü.pdf (15 bytes)"],
    ]);
  });

  it("keeps hostile names data: no markup from a name, no SVG shown", async () => {
    const { html } = await post113(output);
    expect(html).not.toMatch(/<img src=x|onerror=alert\(9\)>|<script>alert/);
    expect(html).toContain("&lt;img src=x onerror=alert(9)&gt;");
    expect(html).not.toMatch(/<img[^>]+svg/);
  });

  it("says which files it found no bytes for", () => {
    // One warning for 18 and 19 (see the reader test for its words).
    expect(summary.warnings).toBe(1);
  });

  it("writes nothing of posts it leaves out: no file, no name, no bytes", async () => {
    const files = await listFiles(output);
    expect(files.filter((file) => /^attachments\/[^/]+\/2[012]\//.test(file))).toEqual([]);
    for (const file of files) {
      const text = (await readFile(join(output, file))).toString("latin1");
      for (const secret of NEVER) expect(text.includes(secret), `${file} holds ${secret}`).toBe(false);
    }
  });

  it("keeps the pages' CSP as it is: images from the site itself, nothing else", async () => {
    const { $ } = await post113(output);
    expect($('meta[http-equiv="Content-Security-Policy"]').attr("content")).toBe(CSP_META);
    expect(CSP_META).toContain("img-src 'self'");
    expect(CSP_META).not.toMatch(/data:|blob:|https?:|\*/);
  });
});

describe("attachments under a base URL, and from vBulletin's attachment folder", () => {
  let output: string;
  let summary: BuildSummary;
  beforeAll(async () => {
    // vBulletin's folder: user 12's files under 1/2/ (3.5 and later), user 34's under 34/ (older).
    const folder = join(root, "vb-attachments");
    await mkdir(join(folder, "1", "2"), { recursive: true });
    await mkdir(join(folder, "34"), { recursive: true });
    await writeFile(join(folder, "1", "2", "18.attach"), PNG);
    await writeFile(join(folder, "34", "19.attach"), "From the disk.\n");
    ({ output, summary } = await build(
      "from-folder",
      "vb38-attachments.sql",
      { attachments: true, attachmentsFolder: folder },
      "/archive/",
    ));
  });

  it("reads the files the database does not hold from the folder", async () => {
    expect((await readFile(join(output, FOLDER, "18/on-disk.png"))).equals(PNG)).toBe(true);
    expect(await readFile(join(output, FOLDER, "19/old-style.txt"), "utf8")).toBe("From the disk.\n");
    const { post } = await post113(output);
    expect(post.find(`img[src="/archive/${FOLDER}/18/on-disk.png"]`).attr("width")).toBe("3");
    expect(post.find(`a[href="/archive/${FOLDER}/19/old-style.txt"]`).text()).toBe("old-style.txt");
    expect(summary.warnings).toBe(0);
  });

  it("links every file under the base URL, and every page is valid HTML", async () => {
    const { problems, checked } = await checkLinks(output, "/archive/");
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(0);
    const { errors } = await validateAllHtml(output);
    expect(errors).toEqual([]);
  });
});

describe("a site built without --attachments, and rebuilt so", () => {
  it("lists the files by name and size, links none, writes none; a rebuild removes the files written before", async () => {
    const dump = "vb42-attachments.sql";
    const { output } = await build("rebuilt", dump, { attachments: true });
    expect((await listFiles(output)).some((file) => file.startsWith("attachments/"))).toBe(true);
    await build("rebuilt", dump, undefined);
    expect((await listFiles(output)).filter((file) => file.startsWith("attachments/"))).toEqual([]);
    const { $, post } = await post113(output);
    expect(post.find("img").length).toBe(0);
    expect(post.find('a[href*="attachments/"]').length).toBe(0);
    expect(
      post
        .find(".post-body .attachment-file")
        .map((_, el) => $(el).text())
        .get(),
    ).toEqual(["red dot.png (93 bytes)", "Blue Sky.JPG (761 bytes)"]);
    expect(post.find(".attached-files li").first().text()).toBe("green.gif (43 bytes)");
  });

  it("is the same byte for byte when built twice", async () => {
    const a = (await build("twice-a", "vb42-attachments.sql", { attachments: true })).output;
    const b = (await build("twice-b", "vb42-attachments.sql", { attachments: true })).output;
    const files = await listFiles(a);
    expect(await listFiles(b)).toEqual(files);
    for (const file of files.filter((f) => !f.startsWith(".")))
      expect((await readFile(join(b, file))).equals(await readFile(join(a, file))), file).toBe(true);
  });
});

describe("a thread the owner's config leaves out", () => {
  it("gets none of its files written", async () => {
    const project = join(root, "excluding");
    await mkdir(project, { recursive: true });
    await copyFile(join(FIXTURES, "vb42-attachments.sql"), join(project, "board.sql"));
    await writeFile(
      join(project, "forum-archive.config.json"),
      JSON.stringify({ exclude: { forums: ["General Discussion"] } }),
    );
    const output = join(root, "excluding-site");
    await buildFromInput({
      input: join(project, "board.sql"),
      output,
      pagesDir: join(project, "pages"),
      baseUrl: "/",
      progress: "none",
      search: false,
      database: { attachments: true },
    });
    const files = await listFiles(output);
    // Thread 11 (post 113's and post 112's files) is in General Discussion; "Café talk" is not, and has none.
    expect(files.some((file) => file.includes("cafe-talk"))).toBe(true);
    expect(files.filter((file) => file.startsWith("attachments/"))).toEqual([]);
  });
});

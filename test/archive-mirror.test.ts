// A whole forum as wget leaves it (`wget --mirror --adjust-extension`): thread pages under their script
// names, a thread's second page, the same page saved twice under two addresses, a forum index, a member
// profile, a "not logged in" page of another script, vBulletin's "Invalid thread specified" page, an
// avatar served by a script, images and robots.txt. Made at test time from the corpus pages (read in
// place, never copied into the project) and a few hand-made pages in vBulletin 2's markup.
//
// The build must exit 0 with one site and one thread per thread id, and its summary must say what it
// skipped and why. Marked "reader" below: what holds only once the HTML reader (src/parse/html/) knows
// vBulletin's error pages and keeps page chrome out of post bodies.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadArchive } from "../src/archive/load.ts";
import type { Archive, Block } from "../src/model.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CORPUS = join(ROOT, "../shared/corpus/html");

/** A page in the Steam Users Forums' vBulletin 2.3 layout (its nav bar, its table colours). */
const vb2Page = (title: string, content: string) => `<html>
<head><title>Steam Users Forums - ${title}</title>
<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"></head>
<body bgcolor="#4C5844">
<table width="800" align="center"><tr>
<td><img src="images/vb_bullet.gif" alt="Steam Users Forums : Powered by vBulletin version 2.3.3"></td>
<td width="100%"><font face="verdana, arial, helvetica" size="2"><b><a href="index.php?s=">Steam Users Forums</a> &gt; ${title}</b></font></td>
</tr></table>
${content}
<p align="center"><font size="1">Powered by: vBulletin Version 2.3.3<br>Copyright &copy;2000 - 2004, Jelsoft Enterprises Limited.</font></p>
</body></html>
`;

const FORUM_INDEX = vb2Page(
  "Steam Support / Help",
  `<table cellpadding="4" cellspacing="1" border="0" width="100%">
<tr><td><font size="1"><b>Thread</b></font></td><td><font size="1"><b>Thread Starter</b></font></td><td><font size="1"><b>Replies</b></font></td></tr>
<tr><td><a href="showthread.php?s=&amp;threadid=102034">*FIX* To Input Lag Issues</a></td><td>minus_human</td><td>0</td></tr>
<tr><td><a href="showthread.php?s=&amp;threadid=78948">Backward facing players</a> ( <a href="showthread.php?s=&amp;threadid=78948&amp;pagenumber=2">2</a> )</td><td>Pyroman</td><td>237</td></tr>
</table>`,
);

const PROFILE = vb2Page(
  "View Profile",
  `<table><tr><td><font size="2"><b>minus_human</b><br>Junior Member</font></td></tr>
<tr><td><font size="1">Date Registered: Mar 2003<br>Total Posts: 7</font></td></tr></table>`,
);

const ERROR_PAGE = vb2Page(
  "Error",
  `<table cellpadding="4" cellspacing="1" border="0" width="70%" align="center">
<tr><td bgcolor="#5A6A50"><font size="2"><b>Steam Users Forums Message</b></font></td></tr>
<tr><td bgcolor="#3E4637"><font size="2"><p>Invalid thread specified. If you followed a valid link, please notify the <a href="sendmessage.php?s=">webmaster</a></p></font></td></tr>
</table>`,
);

const NOT_LOGGED_IN = vb2Page(
  "Error",
  `<table><tr><td><font size="2"><p>You are not logged in. Fill in the form at the bottom of this page and try again.</p>
<form action="member.php" method="post"><input type="hidden" name="action" value="login"></form></font></td></tr></table>`,
);

// The first bytes of a 1×1 GIF and of a PNG: an image, not a page.
const GIF = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);

let root: string;
let input: string;
let build: { status: number | null; stdout: string; stderr: string };
let check: { status: number | null; stdout: string; stderr: string };
let parse: { status: number | null; stdout: string; stderr: string };
let archive: Archive;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "fa-mirror-"));
  input = join(root, "www.steampowered.com");
  const forums = join(input, "forums");
  mkdirSync(join(forums, "images"), { recursive: true });
  const corpus = (name: string, as: string) => copyFileSync(join(CORPUS, name), join(forums, as));
  corpus("steampowered-3.html", "showthread.php?threadid=78948.html");
  corpus("steampowered-4.html", "showthread.php?s=&threadid=78948&perpage=40&pagenumber=2.html");
  corpus("steampowered-7.html", "showthread.php?threadid=102034.html");
  // The same page again, reached through a link with a session id.
  corpus("steampowered-7.html", "showthread.php?s=b08233b6cbbd61776d243013f34a8de7&threadid=102034.html");
  corpus("steampowered-6.html", "showthread.php?threadid=10137.html");
  writeFileSync(join(forums, "forumdisplay.php?forumid=17.html"), FORUM_INDEX, "latin1");
  writeFileSync(join(forums, "member.php?s=&action=getinfo&userid=7159.html"), PROFILE, "latin1");
  writeFileSync(join(forums, "member2.php?s=&action=addsubscription&threadid=78948.html"), NOT_LOGGED_IN, "latin1");
  writeFileSync(join(forums, "showthread.php?s=&threadid=99999.html"), ERROR_PAGE, "latin1");
  writeFileSync(join(forums, "image.php?s=&u=7159"), PNG);
  writeFileSync(join(forums, "images", "vb_bullet.gif"), GIF);
  writeFileSync(join(input, "robots.txt"), "User-agent: *\nDisallow: /forums/private.php\n");

  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ["bin/forum-archive.js", ...args], { cwd: ROOT, encoding: "utf8", timeout: 170_000 });
  build = cli("build", "--input", input, "--output", join(root, "site"), "--no-search");
  check = cli("check", input);
  parse = cli("parse", input);
  archive = await loadArchive(input, undefined, { cacheDir: false });
}, 240_000);

afterAll(() => {
  if (root && !process.env.KEEP_MIRROR) rmSync(root, { recursive: true, force: true });
});

const textOf = (blocks: readonly Block[]): string =>
  blocks
    .map((block) =>
      block.type === "paragraph"
        ? block.inlines.map((inline) => inline.text).join("")
        : block.type === "quote"
          ? textOf(block.blocks)
          : block.type === "list"
            ? block.items.map(textOf).join("\n")
            : block.text,
    )
    .join("\n");

describe("a wget mirror of a vBulletin 2 forum", () => {
  it("builds with exit 0 and no stack trace (reader: the error page is no thread)", () => {
    expect(build.stderr).not.toMatch(/^\s+at\s|node:internal/mu);
    expect(build.stdout).not.toMatch(/failed:/);
    expect(build.status).toBe(0);
  });

  it("is one site, one thread per thread id", () => {
    expect(new Set(archive.threads.map((thread) => thread.site))).toEqual(new Set(["Steam Users Forums"]));
    const ids = archive.threads.map((thread) => thread.source.threadId).filter((id) => id !== undefined);
    expect(ids.slice().sort()).toEqual([...new Set(ids)].sort());
    // Three threads: 78948 (two pages), 102034 (saved twice), and the bink videos thread (10137).
    expect(archive.threads).toHaveLength(3);
    const backward = archive.threads.find((thread) => thread.source.threadId === "78948")!;
    expect(backward.posts.map((post) => post.number)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
    const inputLag = archive.threads.find((thread) => thread.source.threadId === "102034")!;
    expect(inputLag.posts).toHaveLength(1);
    expect(inputLag.source.files).toHaveLength(2);
  });

  it("keeps page chrome out of post bodies (reader)", () => {
    for (const thread of archive.threads) {
      for (const post of thread.posts) {
        const text = textOf(post.body);
        expect(text, `${thread.title} #${post.number}`).not.toMatch(
          /Report this post to a moderator|IP: Logged|Edit\/Delete Message/,
        );
      }
    }
  });

  it("skips the pages that are no threads, each with its reason", () => {
    const reasons = Object.fromEntries(
      archive.failures.map((failure) => [failure.file.slice(input.length + 1), failure]),
    );
    const skipped = (file: string) =>
      reasons[file]?.notAThread ? reasons[file].reason : `not skipped: ${JSON.stringify(reasons[file])}`;
    expect(skipped("forums/forumdisplay.php?forumid=17.html")).toBe("not a thread page (forumdisplay.php)");
    expect(skipped("forums/member.php?s=&action=getinfo&userid=7159.html")).toBe("not a thread page (member.php)");
    expect(skipped("forums/member2.php?s=&action=addsubscription&threadid=78948.html")).toBe(
      "not a thread page (member2.php)",
    );
    expect(skipped("forums/image.php?s=&u=7159")).toBe("not a page (a PNG image)");
    expect(skipped("robots.txt")).toBe("not a page of the forum (robots.txt)");
    // The image in images/ is no input at all; the error page is the sixth (below).
    expect(Object.keys(reasons).sort()).toEqual(
      [
        "forumdisplay.php?forumid=17.html",
        "image.php?s=&u=7159",
        "member.php?s=&action=getinfo&userid=7159.html",
        "member2.php?s=&action=addsubscription&threadid=78948.html",
        "showthread.php?s=&threadid=99999.html",
      ]
        .map((file) => `forums/${file}`)
        .concat("robots.txt")
        .sort(),
    );
  });

  it("skips vBulletin's error page too, so no file is an error (reader)", () => {
    const errorPage = archive.failures.find((failure) => failure.file.endsWith("threadid=99999.html"))!;
    expect(errorPage.notAThread).toBe(true);
    expect(errorPage.reason).toMatch(/invalid thread|error/i);
    expect(archive.failures.filter((failure) => !failure.notAThread)).toEqual([]);
    expect(build.stdout).toMatch(/^6 saved pages that are no threads .* skipped:$/m);
  });

  it("says in the build summary what it skipped and why", () => {
    expect(build.stdout).toMatch(/^\d+ saved pages that are no threads .* skipped:$/m);
    for (const reason of [
      "not a thread page (forumdisplay.php)",
      "not a thread page (member2.php)",
      "not a page (a PNG image)",
      "not a page of the forum (robots.txt)",
    ]) {
      expect(build.stdout).toContain(`\n  1 ${reason}\n`);
    }
  });

  it("warns of nothing on the pages it skipped (parse, and the build's count)", () => {
    const forumIndex = join(input, "forums/forumdisplay.php?forumid=17.html");
    const aboutIndex = parse.stderr.split("\n").filter((line) => line.startsWith(forumIndex));
    expect(aboutIndex).toEqual([`${forumIndex}: skipped: not a thread page (forumdisplay.php)`]);
    // The build counts the warnings parse lists (notes aside), the error page's (reader) among them.
    const listed = parse.stderr.split("\n").filter((line) => /^\/.*:\d+: /.test(line)).length;
    expect(build.stdout).toMatch(new RegExp(`, ${listed} ${listed === 1 ? "warning" : "warnings"}, `));
  });

  it("says what is true of the whole skin once, not per post", () => {
    expect(build.stdout).toMatch(/^note: 5 files \(\d+ places\): posts show no post counter/m);
    expect(build.stdout.match(/no post counter/g)).toHaveLength(1);
  });

  it("check lists only files to act on (the page saved twice), and counts the rest by kind", () => {
    const fileLines = check.stdout.split("\n").filter((line) => line.startsWith(input));
    // The later of the two copies of thread 102034 (by name: "?s=…" sorts first) adds nothing.
    expect(fileLines).toContain(`${input}/forums/showthread.php?threadid=102034.html: 1 warning`);
    expect(check.stdout).toMatch(/this file adds nothing/);
    // No ok or skipped file has a line of its own; the skipped pages are counted under their reasons.
    for (const line of fileLines) expect(line).toMatch(/: (?:\d+ warnings?|error: .*)$/);
    expect(check.stdout).toMatch(/^skipped, not thread pages:\n(?: +1 {2}.+\n){5}/m);
    expect(check.stdout).toContain("\n  1  not a thread page (member2.php)\n");
    expect(check.stdout.match(/^note: .*no post counter/gm)).toHaveLength(1);
  });

  it("check exits 0 and counts the skipped pages (reader: the error page is no thread)", () => {
    expect(check.stdout.trimEnd().split("\n").at(-1)).toMatch(
      /^11 files: \d+ ok, \d+ with warnings \(\d+ warnings?\), 0 with errors, 6 skipped \(no thread pages\)$/,
    );
    expect(check.status).toBe(0);
  });
});

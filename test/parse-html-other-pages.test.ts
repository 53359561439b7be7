// A mirror of a forum (wget, HTTrack) holds forum indexes, profiles and searches besides its
// threads. Such a page is skipped and said so, never an error; a page that may be a thread the
// parser could not read stays an error.
import "./helpers/html-reader.ts";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { buildFromInput } from "../src/build/index.ts";
import { parseDumps } from "../src/parse/index.ts";
import { FIXTURES_DIR } from "./fixtures/helpers.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
// A vBulletin 3.8 forum index mirrored by HTTrack from forumdisplay.php?f=12: a thread list, no posts.
const FORUM_INDEX = readFileSync(join(FIXTURES_DIR, "html/httrack-vb38-forumdisplay.html"), "utf8");
const root = mkdtempSync(join(tmpdir(), "fa-other-pages-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("saved pages that are no threads", () => {
  it("are skipped when their address names a script that is no thread", () => {
    const { threads, failures } = parseDumps([{ file: "mirror/forumdisplay9f3c.html", bytes: FORUM_INDEX }]);
    expect(threads).toEqual([]);
    expect(failures).toEqual([
      { file: "mirror/forumdisplay9f3c.html", reason: "not a thread page (forumdisplay.php)", notAThread: true },
    ]);
  });

  it("are told by a wget file name when the page names no address", () => {
    const unnamed = FORUM_INDEX.replace(/<!-- Mirrored from .*-->\n/, "");
    const { failures } = parseDumps([{ file: "mirror/member.php?u=7.html", bytes: unnamed }]);
    expect(failures).toEqual([
      { file: "mirror/member.php?u=7.html", reason: "not a thread page (member.php)", notAThread: true },
    ]);
  });

  it("stay errors when the page may be a thread (its address is a thread's)", () => {
    const thread = FORUM_INDEX.replace(
      "www.kayak.example/forumdisplay.php?f=12",
      "www.kayak.example/showthread.php?t=345",
    );
    const { failures } = parseDumps([{ file: "mirror/forumdisplay9f3c.html", bytes: thread }]);
    expect(failures).toHaveLength(1);
    expect(failures[0]!.notAThread).toBeUndefined();
    expect(failures[0]!.reason).toBe("no post found in this vBulletin 3 HTML page");
  });

  it("stay errors when the address is a post's or a thread's under a forum folder", () => {
    for (const address of [
      "www.kayak.example/forums/showthread.php?p=456",
      "www.kayak.example/forums/showpost.php?p=456",
      "www.kayak.example/forums/sea-kayaking.html",
    ]) {
      const page = FORUM_INDEX.replace("www.kayak.example/forumdisplay.php?f=12", address);
      const { failures } = parseDumps([{ file: "mirror/page.html", bytes: page }]);
      expect(
        failures.map((failure) => failure.notAThread),
        address,
      ).toEqual([undefined]);
    }
  });

  it("do not fail a build, check or parse, and each says what it skipped", async () => {
    const input = join(root, "mirror");
    mkdirSync(input);
    copyFileSync(join(FIXTURES_DIR, "html/vb38-legacy.html"), join(input, "showthread.php?t=77.html"));
    copyFileSync(join(FIXTURES_DIR, "html/httrack-vb38-forumdisplay.html"), join(input, "forumdisplay9f3c.html"));
    const summary = await buildFromInput({
      input,
      output: join(root, "site"),
      baseUrl: "/",
      progress: "none",
      search: false,
    });
    expect(summary.threads).toBe(1);
    expect(summary.failures).toEqual([]);
    expect(summary.skipped).toBe(1);

    const run = (...args: string[]) =>
      spawnSync(process.execPath, ["bin/forum-archive.js", ...args], { cwd: ROOT, encoding: "utf8" });
    const check = run("check", "--verbose", input);
    expect(check.status).toBe(0);
    expect(check.stdout).toContain(
      `${join(input, "forumdisplay9f3c.html")}: skipped: not a thread page (forumdisplay.php)`,
    );
    expect(check.stdout).toMatch(/, 1 skipped \(no thread pages\)\n$/);
    const parse = run("parse", input);
    expect(parse.status).toBe(0);
    expect(parse.stderr).toContain(
      `${join(input, "forumdisplay9f3c.html")}: skipped: not a thread page (forumdisplay.php)`,
    );
    expect(parse.stdout).toContain("0 files without a thread, 1 skipped (no thread pages)");
  });
});

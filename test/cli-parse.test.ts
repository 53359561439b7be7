// `forum-archive parse FILE... --json` as a user runs it: a JSON array of threads on stdout with
// the field names of src/model.ts, warnings on stderr as `file:line: message`, exit 1 and one plain
// line (no stack trace) for a file that holds no thread, the good files still printed.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeTempDirs, tempDir } from "./helpers/temp-dirs.ts";

afterAll(removeTempDirs);

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SAMPLE = "seeds/crossfit-back-spasms-from-running.txt";
const FIX = "test/fixtures";

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Run {
  const run = spawnSync(process.execPath, ["bin/forum-archive.js", ...args], { cwd: ROOT, encoding: "utf8" });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const stderrLines = (run: Run) => run.stderr.split("\n").filter((line) => line.trim() !== "");
const WARNING_LINE = /^(.+):(\d+): (\S.*)$/u;
const STACK_FRAME = /^\s+at\s|node:internal|\.ts:\d+:\d+/mu;
/** Lines about a file that are not `file:line:` warnings: the file-level verdict. */
const verdictLines = (run: Run, file: string) =>
  stderrLines(run).filter(
    (line) =>
      line.includes(file) &&
      !(
        line.startsWith(`${file}:`) &&
        WARNING_LINE.test(line) &&
        /^\d+$/u.test(line.slice(file.length + 1).split(":")[0]!)
      ),
  );

describe("forum-archive parse --json", () => {
  let sample: Run;
  beforeAll(() => {
    sample = cli("parse", SAMPLE, "--json");
  });

  it("prints the sample as a JSON array of one thread, exit 0, nothing on stderr", () => {
    expect(sample.status).toBe(0);
    expect(sample.stderr).toBe("");
    const threads = JSON.parse(sample.stdout);
    expect(Array.isArray(threads)).toBe(true);
    expect(threads).toHaveLength(1);
  });

  it("uses the field names of the data contract", () => {
    const [thread] = JSON.parse(sample.stdout);
    for (const key of [
      "id",
      "title",
      "url",
      "site",
      "breadcrumbs",
      "forum",
      "posts",
      "similarListed",
      "timezone",
      "source",
      "warnings",
    ]) {
      expect(thread).toHaveProperty(key);
    }
    expect(thread.title).toBe("Back spasms from running");
    expect(thread.forum).toEqual({ name: "Injuries", description: "Chronic & Acute" });
    expect(thread.timezone).toEqual({ label: "GMT -7", offsetMinutes: -420 });
    expect(thread.source.files).toEqual([SAMPLE]);
    expect(thread.posts).toHaveLength(10);

    const first = thread.posts[0];
    for (const key of ["number", "postedAt", "postedAtText", "author", "title", "body"])
      expect(first).toHaveProperty(key);
    expect(first).toMatchObject({
      number: 1,
      postedAt: "2009-05-09T09:27:00-07:00",
      postedAtText: "05-09-2009, 09:27 AM",
    });
    expect(first.author).toMatchObject({
      name: "Kieran Barry",
      title: "Member",
      joinDate: "2008-04",
      postCount: 52,
      hasAvatar: false,
    });
    expect(first.body[0]).toMatchObject({ type: "paragraph", inlines: [{ type: "text" }] });

    const ninth = thread.posts[8];
    expect(ninth.body[0]).toMatchObject({ type: "quote", author: "Kieran Barry", postNumber: 1 });
    expect(ninth.signature[0].type).toBe("paragraph");
    expect(ninth.edited).toMatchObject({
      by: "Brian Strump",
      at: "2009-12-20T07:25:00-07:00",
      reason: "added last sentence",
    });

    for (const key of ["title", "starter", "forum", "replies", "lastPostAt"])
      expect(thread.similarListed[0]).toHaveProperty(key);
    expect(thread.similarListed[0]).toMatchObject({
      title: "Back Spasms",
      starter: "Keith Wiggins",
      forum: "Injuries",
      replies: 2,
      lastPostAt: "2008-07-20T10:04:00-07:00",
    });
  });

  it("prints warnings on stderr as file:line: message", () => {
    const missing = `${FIX}/quote-source-missing.txt`;
    const relative = `${FIX}/en-today-no-captured.txt`;
    const run = cli("parse", missing, relative, "--json");
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toHaveLength(2);
    const lines = stderrLines(run);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) expect(line).toMatch(WARNING_LINE);
    const where = lines.map((line) => {
      const m = line.match(WARNING_LINE)!;
      return `${m[1]}:${m[2]}`;
    });
    expect(where).toEqual(expect.arrayContaining([`${relative}:22`, `${relative}:33`]));
    expect(where.some((w) => w === `${missing}:31` || w === `${missing}:32`)).toBe(true);
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });

  it("merges the pages of one thread given as several files", () => {
    const run = cli("parse", `${FIX}/two-page-p2.txt`, `${FIX}/two-page-p1.txt`, "--json");
    expect(run.status).toBe(0);
    const threads = JSON.parse(run.stdout);
    expect(threads).toHaveLength(1);
    expect(threads[0].posts.map((p: { number: number }) => p.number)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe("forum-archive parse with files that hold no thread", () => {
  let dir: string;
  let empty: string;
  let garbage: string;
  beforeAll(() => {
    dir = tempDir("forum-archive-cli-");
    empty = join(dir, "empty.txt");
    garbage = join(dir, "garbage.txt");
    writeFileSync(empty, "");
    writeFileSync(garbage, Buffer.from([0x00, 0xff, 0xfe, 0x41, 0x0a, 0x80, 0x81, 0x0d, 0x0a, 0x7f, 0x42]));
  });

  it("exits 1, still prints the good file, one plain line per bad file", () => {
    const run = cli("parse", empty, SAMPLE, garbage, "--json");
    expect(run.status).toBe(1);
    const threads = JSON.parse(run.stdout);
    expect(threads).toHaveLength(1);
    expect(threads[0].title).toBe("Back spasms from running");
    // Unplaced lines of a bad file may be reported as file:line warnings; the verdict is one line.
    expect(verdictLines(run, empty)).toHaveLength(1);
    expect(verdictLines(run, garbage)).toHaveLength(1);
    expect(stderrLines(run).filter((line) => line.includes(empty))).toHaveLength(1);
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });

  it("prints an empty array when no file holds a thread", () => {
    const run = cli("parse", garbage, "--json");
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual([]);
    expect(verdictLines(run, garbage)).toHaveLength(1);
    for (const line of stderrLines(run)) expect(line.startsWith(`${garbage}:`)).toBe(true);
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });

  it("a missing file is one plain line too", () => {
    const missing = join(dir, "does-not-exist.txt");
    const run = cli("parse", missing, SAMPLE, "--json");
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toHaveLength(1);
    expect(verdictLines(run, missing)).toHaveLength(1);
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });
});

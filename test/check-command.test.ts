// `forum-archive check [PATHS...] [--strict] [--verbose]` as a user runs it: a line for each file with
// something to act on (N warnings listed under it as file:line: message, or error: reason; ok and
// skipped files too with --verbose), counts by kind, a summary line, exit 0 unless a file has errors
// (or warnings, with --strict), exit 2 on bad usage, never a stack trace.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeTempDirs, tempDir } from "./helpers/temp-dirs.ts";

afterAll(removeTempDirs);

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BROKEN = "test/fixtures/broken";
const SAMPLE = "seeds/crossfit-back-spasms-from-running.txt";
const STACK_FRAME = /^\s+at\s|node:internal|\.ts:\d+:\d+/mu;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  lines: string[];
}

function check(...args: string[]): Run {
  const run = spawnSync(process.execPath, ["bin/forum-archive.js", "check", ...args], { cwd: ROOT, encoding: "utf8" });
  return {
    status: run.status,
    stdout: run.stdout,
    stderr: run.stderr,
    lines: run.stdout.split("\n").filter((line) => line !== ""),
  };
}

/** The verdict line of a file and the warning lines listed under it. */
function reportOf(run: Run, file: string): { verdict: string; warnings: string[] } {
  const at = run.lines.findIndex((line) => line.startsWith(`${file}: `));
  expect(at, `no verdict line for ${file}:\n${run.stdout}`).toBeGreaterThanOrEqual(0);
  const warnings: string[] = [];
  for (let index = at + 1; index < run.lines.length && run.lines[index]!.startsWith("  "); index++)
    warnings.push(run.lines[index]!.trim());
  return { verdict: run.lines[at]!.slice(file.length + 2), warnings };
}

/** "file:line" of each listed warning. */
const places = (warnings: string[]) =>
  warnings
    .map((warning) => /^(.+?):(\d+): \S/.exec(warning))
    .map((m) => (m ? `${m[1]}:${m[2]}` : "not file:line: message"));

describe("forum-archive check over the broken fixtures", () => {
  let run: Run;
  beforeAll(() => {
    run = check(BROKEN);
  });

  it("exits 1 (files with errors), prints nothing on stderr and no stack trace", () => {
    expect(run.status).toBe(1);
    expect(run.stderr).toBe("");
    expect(run.stdout).not.toMatch(STACK_FRAME);
  });

  it("calls a file that yields no thread an error, with the reason", () => {
    expect(reportOf(run, `${BROKEN}/empty.txt`)).toEqual({ verdict: "error: the file is empty", warnings: [] });
    expect(reportOf(run, `${BROKEN}/binary-junk.txt`).verdict).toBe("error: the file is binary data, not text");
    expect(reportOf(run, `${BROKEN}/readme-not-a-dump.txt`).verdict).toMatch(/^error: no vBulletin post found/);
    expect(reportOf(run, `${BROKEN}/posts-export.txt`).verdict).toMatch(/^error: no vBulletin post found/);
  });

  it("lists a file's warnings under it as file:line: message", () => {
    const cut = reportOf(run, `${BROKEN}/cut-off.txt`);
    expect(cut.verdict).toBe("1 warning");
    expect(places(cut.warnings)).toEqual([`${BROKEN}/cut-off.txt:218`]);
    expect(cut.warnings[0]).toMatch(/ends inside post #9/);

    const empty = reportOf(run, `${BROKEN}/empty-body.txt`);
    expect(empty.verdict).toBe("2 warnings");
    expect(places(empty.warnings)).toEqual([`${BROKEN}/empty-body.txt:23`, `${BROKEN}/empty-body.txt:34`]);

    const stray = reportOf(run, `${BROKEN}/invalid-utf8.txt`);
    expect(stray.verdict).toBe("4 warnings");
    expect(places(stray.warnings)).toEqual([21, 23, 36, 38].map((line) => `${BROKEN}/invalid-utf8.txt:${line}`));

    const twice = reportOf(run, `${BROKEN}/raised-bed.txt`);
    expect(twice.verdict).toBe("1 warning");
    expect(twice.warnings[0]).toContain(`${BROKEN}/raised-bed-saved-again.txt`);
  });

  it("calls a file ok when everything in it was read, and lists it only with --verbose", () => {
    const verbose = check("--verbose", BROKEN);
    for (const file of ["raised-bed-saved-again.txt", "slugs-2010.txt", "slugs-2012.txt"]) {
      expect(run.lines.some((line) => line.startsWith(`${BROKEN}/${file}:`))).toBe(false);
      expect(reportOf(verbose, `${BROKEN}/${file}`)).toEqual({ verdict: "ok", warnings: [] });
    }
    expect(verbose.lines.at(-1)).toBe(run.lines.at(-1));
  });

  it("counts the warnings by kind before the summary line", () => {
    const at = run.lines.indexOf("warnings by kind:");
    expect(at).toBeGreaterThan(0);
    const kinds = run.lines.slice(at + 1, -1);
    // Eight warnings. Three of invalid-utf8.txt's lines hold one stray byte each: one kind, counted
    // together (the fourth holds two); the two empty bodies are one kind whoever wrote the post.
    expect(kinds.map((line) => Number(/^\s+(\d+)\s/.exec(line)?.[1])).reduce((a, b) => a + b, 0)).toBe(8);
    expect(kinds).toContain('  3  not UTF-8: byte 0x… as "…" (read as Windows-1252)');
    expect(kinds).toContain("  2  post #N by … has no body text");
  });

  it("ends with a summary line", () => {
    expect(run.lines.at(-1)).toBe("11 files: 3 ok, 4 with warnings (8 warnings), 4 with errors");
  });
});

describe("forum-archive check exit codes", () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir("forum-archive-check-");
  });

  it("reads seeds/ by default: the sample is ok, exit 0", () => {
    const run = check("--verbose");
    expect(run.status).toBe(0);
    expect(reportOf(run, SAMPLE).verdict).toBe("ok");
    expect(run.lines.at(-1)).toMatch(/^\d+ files?: \d+ ok, \d+ with warnings \(\d+ warnings?\), 0 with errors$/);
  });

  it("warnings alone exit 0; with --strict they exit 1", () => {
    const files = [`${BROKEN}/cut-off.txt`, `${BROKEN}/slugs-2010.txt`];
    const lenient = check(...files);
    expect(lenient.status).toBe(0);
    expect(lenient.lines.at(-1)).toBe("2 files: 1 ok, 1 with warnings (1 warning), 0 with errors");
    const strict = check("--strict", ...files);
    expect(strict.status).toBe(1);
    expect(strict.lines.at(-1)).toMatch(/^2 files: 1 ok, 1 with warnings \(1 warning\), 0 with errors; --strict/);
  });

  it("--strict passes files without warnings", () => {
    const run = check("--strict", `${BROKEN}/slugs-2010.txt`, `${BROKEN}/slugs-2012.txt`);
    expect(run.status).toBe(0);
    expect(run.lines).toEqual(["2 files: 2 ok, 0 with warnings (0 warnings), 0 with errors"]);
  });

  it("reads files together, as a build does: a quote whose source is on another page", () => {
    const alone = check("test/fixtures/two-page-p2.txt");
    expect(alone.status).toBe(0);
    expect(reportOf(alone, "test/fixtures/two-page-p2.txt").warnings[0]).toMatch(/matches no earlier post/);
    const together = check("--verbose", "test/fixtures/two-page-p1.txt", "test/fixtures/two-page-p2.txt");
    expect(reportOf(together, "test/fixtures/two-page-p2.txt")).toEqual({ verdict: "ok", warnings: [] });
  });

  it("a missing file is an error, exit 1", () => {
    const missing = join(dir, "no-such-dump.txt");
    const run = check(missing, SAMPLE);
    expect(run.status).toBe(1);
    expect(reportOf(run, missing).verdict).toBe("error: cannot read: no such file (ENOENT)");
    expect(run.lines.at(-1)).toBe("2 files: 1 ok, 0 with warnings (0 warnings), 1 with errors");
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });

  it("a dump written by hand into a folder is found there", () => {
    writeFileSync(join(dir, "notes.txt"), "just some notes\n");
    const run = check(dir);
    expect(run.status).toBe(1);
    expect(reportOf(run, join(dir, "notes.txt")).verdict).toMatch(/^error: no vBulletin post found/);
  });

  it("reads the folder's config as a build does: a mistake in it is an error, named, and the dumps are still checked", () => {
    const project = tempDir("forum-archive-check-config-");
    writeFileSync(join(project, "sample.txt"), readFileSync(join(ROOT, SAMPLE)));
    writeFileSync(join(project, "forum-archive.config.json"), '{ "title": "A", "titel": "B" }\n');
    const run = check(project);
    expect(run.status).toBe(1);
    expect(run.lines[0]).toContain(join(project, "forum-archive.config.json"));
    expect(run.lines[0]).toContain("titel");
    expect(run.lines.at(-1)).toBe("1 file: 1 ok, 0 with warnings (0 warnings), 0 with errors");
    writeFileSync(join(project, "forum-archive.config.json"), '{ "title": "A" }\n');
    expect(check(project).status).toBe(0);
  });

  it("bad usage exits 2 with a message and no stack trace", () => {
    const unknown = check("--no-such-option");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown option/);
    expect(unknown.stderr).not.toMatch(STACK_FRAME);
    const emptyDir = tempDir("forum-archive-check-empty-");
    const nothing = check(emptyDir);
    expect(nothing.status).toBe(2);
    expect(nothing.stderr).toBe(
      `forum-archive: no dumps (*.txt, *.html, or database dumps *.sql, *.sql.gz) in ${emptyDir}\n`,
    );
    expect(nothing.stdout).toBe("");
  });
});

describe("forum-archive check on saved pages of a vBulletin 2 board", () => {
  const pages = ["../shared/corpus/html/steampowered-3.html", "../shared/corpus/html/steampowered-4.html"];

  it("says what is true of the whole skin once, in the summary, and never fails --strict for it", () => {
    const run = check("--strict", ...pages);
    // 80 posts on the two pages (pages 1 and 2 of 40 posts each), none with a post counter: said once
    // (with the number of posts, when the reader warns of each).
    const counters = run.lines.filter((line) => /no post counter/.test(line));
    expect(counters).toHaveLength(1);
    expect(counters[0]).toMatch(
      /^note: 2 files(?: \(80 places\))?: posts show no post counter; numbered by their page and place on it$/,
    );
    expect(run.lines.filter((line) => /best effort/.test(line))).toEqual([
      "note: 2 files: vBulletin 2 pages are read best effort",
    ]);
    expect(run.lines.at(-1)).toBe("2 files: 2 ok, 0 with warnings (0 warnings), 0 with errors");
    expect(run.status).toBe(0);
  });
});

describe("file names that hold control characters", () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir("forum-archive-check-names-");
  });

  it("are printed quoted and escaped: a line end in a name forges no line of check's output", () => {
    // A file that is no dump (an error, so it is listed) whose name, printed raw, would end its line
    // and start a line of its own that says another file is fine.
    const forged = "real.txt: ok";
    const name = `notes.txt\n${forged}\n\u001b[2K.txt`;
    writeFileSync(join(dir, name), "just some notes\n");
    const run = check(dir);
    expect(run.status).toBe(1);
    expect(run.lines).not.toContain(forged);
    expect(run.stdout).not.toContain("\u001b");
    expect(run.lines[0]).toBe(
      `${JSON.stringify(join(dir, name))}: error: no vBulletin post found (no post header line like "Old 05-09-2009, 09:27 AM #1")`,
    );
    expect(run.lines).toHaveLength(2);
  });

  it("are escaped in parse's messages too", () => {
    const run = spawnSync(process.execPath, ["bin/forum-archive.js", "parse", dir], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.stderr.split("\n")).not.toContain("real.txt: ok");
    expect(run.stderr).not.toContain("\u001b");
    expect(run.stderr).toContain(JSON.stringify(join(dir, "notes.txt\n")).slice(0, -1));
  });

  it("are escaped in the build summary's failure lines", async () => {
    const { formatSummary } = await import("../src/build/summary.ts");
    const text = formatSummary({
      threads: 0,
      posts: 0,
      authors: 0,
      pagesWritten: 0,
      pagesUnchanged: 0,
      warnings: 0,
      seconds: 0,
      searchFiles: 0,
      staleRemoved: 0,
      skipped: 0,
      skippedReasons: [],
      notes: [],
      redirects: 0,
      redirectConflicts: [],
      failures: [{ file: "bad\nforged.txt: fine", reason: "the file is empty" }],
    });
    expect(text.split("\n")).toContain('  failed: "bad\\nforged.txt: fine": the file is empty');
    expect(text.split("\n").some((line) => line.startsWith("forged.txt"))).toBe(false);
  });
});

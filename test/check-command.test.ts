// `forum-archive check [PATHS...] [--strict]` as a user runs it: one line per file (ok, N warnings
// listed under it as file:line: message, or error: reason), a summary line, exit 0 unless a file
// has errors (or warnings, with --strict), exit 2 on bad usage, never a stack trace.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

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
  const run = spawnSync(process.execPath, ["bin/forum-archive.js", "check", ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, lines: run.stdout.split("\n").filter((line) => line !== "") };
}

/** The verdict line of a file and the warning lines listed under it. */
function reportOf(run: Run, file: string): { verdict: string; warnings: string[] } {
  const at = run.lines.findIndex((line) => line.startsWith(`${file}: `));
  expect(at, `no verdict line for ${file}:\n${run.stdout}`).toBeGreaterThanOrEqual(0);
  const warnings: string[] = [];
  for (let index = at + 1; index < run.lines.length && run.lines[index]!.startsWith("  "); index++) warnings.push(run.lines[index]!.trim());
  return { verdict: run.lines[at]!.slice(file.length + 2), warnings };
}

/** "file:line" of each listed warning. */
const places = (warnings: string[]) => warnings.map((warning) => /^(.+?):(\d+): \S/.exec(warning)).map((m) => (m ? `${m[1]}:${m[2]}` : "not file:line: message"));

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

  it("calls a file ok when everything in it was read", () => {
    for (const file of ["raised-bed-saved-again.txt", "slugs-2010.txt", "slugs-2012.txt"]) {
      expect(reportOf(run, `${BROKEN}/${file}`)).toEqual({ verdict: "ok", warnings: [] });
    }
  });

  it("ends with a summary line", () => {
    expect(run.lines.at(-1)).toBe("11 files: 3 ok, 4 with warnings (8 warnings), 4 with errors");
  });
});

describe("forum-archive check exit codes", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "forum-archive-check-"));
  });

  it("reads seeds/ by default: the sample is ok, exit 0", () => {
    const run = check();
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
    expect(run.lines).toEqual([`${BROKEN}/slugs-2010.txt: ok`, `${BROKEN}/slugs-2012.txt: ok`, "2 files: 2 ok, 0 with warnings (0 warnings), 0 with errors"]);
  });

  it("reads files together, as a build does: a quote whose source is on another page", () => {
    const alone = check("test/fixtures/two-page-p2.txt");
    expect(alone.status).toBe(0);
    expect(reportOf(alone, "test/fixtures/two-page-p2.txt").warnings[0]).toMatch(/matches no earlier post/);
    const together = check("test/fixtures/two-page-p1.txt", "test/fixtures/two-page-p2.txt");
    expect(reportOf(together, "test/fixtures/two-page-p2.txt")).toEqual({ verdict: "ok", warnings: [] });
  });

  it("a missing file is an error, exit 1", () => {
    const missing = join(dir, "no-such-dump.txt");
    const run = check(missing, SAMPLE);
    expect(run.status).toBe(1);
    expect(reportOf(run, missing).verdict).toBe("error: cannot read: no such file (ENOENT)");
    expect(reportOf(run, SAMPLE).verdict).toBe("ok");
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });

  it("a dump written by hand into a folder is found there", () => {
    writeFileSync(join(dir, "notes.txt"), "just some notes\n");
    const run = check(dir);
    expect(run.status).toBe(1);
    expect(reportOf(run, join(dir, "notes.txt")).verdict).toMatch(/^error: no vBulletin post found/);
  });

  it("bad usage exits 2 with a message and no stack trace", () => {
    const unknown = check("--no-such-option");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown option/);
    expect(unknown.stderr).not.toMatch(STACK_FRAME);
    const emptyDir = mkdtempSync(join(tmpdir(), "forum-archive-check-empty-"));
    const nothing = check(emptyDir);
    expect(nothing.status).toBe(2);
    expect(nothing.stderr).toBe(`forum-archive: no dumps (*.txt, *.html) in ${emptyDir}\n`);
    expect(nothing.stdout).toBe("");
  });
});

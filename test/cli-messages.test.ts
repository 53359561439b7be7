// The command line's messages for the mistakes a new user makes (issue 17, item 7): each says what
// went wrong and what to do, with exit code 2 for bad usage and 1 for a failure, and no stack trace.
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { formatSummary, type BuildSummary } from "../src/build/summary.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BIN = join(ROOT, "bin/forum-archive.js");
const SAMPLE = join(ROOT, "seeds/crossfit-back-spasms-from-running.txt");
const STACK_FRAME = /^\s+at\s|node:internal|\.ts:\d+:\d+/mu;

const work = mkdtempSync(join(tmpdir(), "fa-cli-messages-"));
const empty = join(work, "empty");
const dumps = join(work, "dumps");
mkdirSync(empty);
mkdirSync(dumps);
copyFileSync(SAMPLE, join(dumps, "sample.txt"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the CLI in the scratch folder, so relative paths ("nope", "seeds") are resolved there. */
function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: work, encoding: "utf8", timeout: 120_000 });
  expect(result.stderr, "no stack trace").not.toMatch(STACK_FRAME);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("command-line messages", () => {
  it("similar on a missing folder says so and where paths start, exit 2", () => {
    const run = cli("similar", "nope");
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      `forum-archive: nope: no such folder (paths are relative to the working folder, ${work}); give the folder that holds your dumps\n`,
    );
  });

  it("build from a folder without dumps refuses to build an empty site, exit 2", () => {
    const output = join(work, "empty-site");
    const run = cli("build", "--input", "empty", "--output", output);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("--input empty holds no dumps (*.txt, *.html, saved pages)");
    expect(run.stderr).toContain("put them there, or give the folder that holds them");
    expect(existsSync(output)).toBe(false);
  });

  it("build with a config mistake names the key and the file before reading a dump, exit 2", () => {
    const project = join(work, "bad-config");
    mkdirSync(project);
    copyFileSync(SAMPLE, join(project, "sample.txt"));
    writeFileSync(join(project, "forum-archive.config.json"), '{ "titel": "Mein Forum" }\n');
    const output = join(work, "bad-config-site");
    const run = cli("build", "--input", "bad-config", "--output", output);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`forum-archive: bad-config/forum-archive.config.json: unknown key "titel"\n`);
    expect(run.stdout).not.toContain("Reading dumps");
    expect(existsSync(output)).toBe(false);
  });

  it("check of a path that does not exist names it and says what to give, exit 2", () => {
    const run = cli("check", "nope");
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("nope: no such file or folder (paths are relative to the working folder,");
    expect(run.stderr).toContain("forum-archive check <folder>");
  });

  it("build with a folder as an argument suggests --input, exit 2", () => {
    const run = cli("build", "seeds");
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'forum-archive: build takes no folder argument (got "seeds"); give the folder of dumps as --input: forum-archive build --input seeds\n',
    );
  });

  it("--version prints package.json's version, exit 0", () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    const run = cli("--version");
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`${version}\n`);
  });

  it("an unusable --base-url is refused before building, with an example, exit 2", () => {
    const output = join(work, "bad-base");
    for (const base of ["a b/../c?", "/x/../y/", "/a%zz/", "/q?x/"]) {
      const run = cli("build", "--input", "dumps", "--output", output, "--base-url", base);
      expect(run.status, base).toBe(2);
      expect(run.stderr, base).toContain(`--base-url ${JSON.stringify(base)} cannot be used in links`);
      expect(run.stderr, base).toContain("like /archive/");
    }
    expect(existsSync(output)).toBe(false);
  });

  it("a usable --base-url still builds", () => {
    const output = join(work, "good-base");
    const run = cli("build", "--input", "dumps", "--output", output, "--base-url", "my-forum/old~2009");
    expect(run.status).toBe(0);
    expect(readFileSync(join(output, "index.html"), "utf8")).toContain('href="/my-forum/old~2009/assets/style.css"');
  });

  describe("serve on a port that is taken", () => {
    let blocker: Server;
    let port = 0;
    afterAll(() => new Promise<void>((done) => blocker.close(() => done())));

    it("says so before building and suggests --port, exit 1", async () => {
      blocker = createServer();
      await new Promise<void>((done) => blocker.listen(0, "127.0.0.1", () => done()));
      port = (blocker.address() as { port: number }).port;
      const output = join(work, "served");
      const run = cli("serve", "--input", "dumps", "--output", output, "--port", String(port));
      expect(run.status).toBe(1);
      expect(run.stderr).toBe(
        `forum-archive: port ${port} is already in use (another server?); serve on another one with --port ${port + 1}, or --port 0 for any free port\n`,
      );
      expect(run.stderr).not.toMatch(/EADDRINUSE|Writing pages/);
      expect(existsSync(output)).toBe(false);
    });
  });

  it("Ctrl+C during serve's build leaves no .<output>.building folder and no lock, exit 130", async () => {
    const output = join(work, "interrupted");
    const child = spawn(process.execPath, [BIN, "serve", "--input", "dumps", "--output", output, "--port", "0"], {
      cwd: work,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    let stagedWhenStopped = false;
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (text: string) => {
      stderr += text;
      // "Writing pages" comes once the staging folder exists and pages go into it.
      if (!stagedWhenStopped && stderr.includes("Writing pages")) {
        stagedWhenStopped = existsSync(join(work, ".interrupted.building"));
        child.kill("SIGINT");
      }
    });
    const code = await new Promise<number | null>((done) => child.on("exit", (c) => done(c)));
    expect(stagedWhenStopped).toBe(true);
    expect(code).toBe(130);
    expect(existsSync(join(work, ".interrupted.building"))).toBe(false);
    // Nor the build's lock (issue 13), which the next build would otherwise find and check.
    expect(existsSync(join(work, ".interrupted.lock"))).toBe(false);
    expect(existsSync(output)).toBe(false);
    expect(stderr).toContain(`build stopped (SIGINT); ${output} was left as it was`);
  }, 120_000);

  it("the build summary counts in English plurals", () => {
    const summary: BuildSummary = {
      threads: 1,
      posts: 10,
      authors: 1,
      pagesWritten: 1,
      pagesUnchanged: 0,
      warnings: 1,
      failures: [],
      seconds: 0.5,
      searchFiles: 1,
      staleRemoved: 0,
      skipped: 0,
      skippedReasons: [],
      notes: [],
      redirects: 0,
      redirectConflicts: [],
    };
    expect(formatSummary(summary)).toBe(
      "Built 1 thread, 10 posts, 1 author: 1 page written, 1 search file, 1 warning, 0 failures in 0.50 s",
    );
  });
});

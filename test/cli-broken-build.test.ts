// `forum-archive build` over a folder of every broken input (test/fixtures/broken/ and a dump with
// a 200 KB line): the build finishes, names each file that holds no thread with its reason (exit 1,
// no stack trace), and writes a page for every thread that could be read, with its posts.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { load } from "cheerio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Thread } from "../src/model.ts";
import { parseDumps } from "../src/parse/index.ts";
import { FIXTURES_DIR } from "./fixtures/helpers.ts";
import { longLineDump } from "./fixtures/long-line.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BROKEN = `${FIXTURES_DIR}broken/`;
const STACK_FRAME = /^\s+at\s|node:internal|\.ts:\d+:\d+/mu;

let root: string;
let input: string;
let output: string;
let run: { status: number | null; stdout: string; stderr: string };
let threads: Thread[];

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "fa-broken-build-"));
  input = join(root, "dumps");
  output = join(root, "site");
  spawnSync("mkdir", ["-p", input]);
  for (const name of readdirSync(BROKEN)) copyFileSync(BROKEN + name, join(input, name));
  writeFileSync(join(input, "long-line.txt"), longLineDump().text);
  const result = spawnSync(process.execPath, ["bin/forum-archive.js", "build", "--input", input, "--output", output], {
    cwd: ROOT,
    encoding: "utf8",
  });
  run = { status: result.status, stdout: result.stdout, stderr: result.stderr };
  // What the dumps hold, read by the parser alone: the pages the site must have.
  threads = parseDumps(
    readdirSync(input)
      .sort()
      .map((file) => ({ file, bytes: new Uint8Array(readFileSync(join(input, file))) })),
  ).threads;
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe("a site built from a folder of broken input", () => {
  it("finishes, exit 1 because four files hold no thread, each named with its reason, no stack trace", () => {
    expect(run.status).toBe(1);
    const output = run.stdout + run.stderr;
    expect(output).not.toMatch(STACK_FRAME);
    expect(output).toContain(`${input}/empty.txt: the file is empty`);
    expect(output).toContain(`${input}/binary-junk.txt: the file is binary data, not text`);
    expect(output).toMatch(new RegExp(`${input}/readme-not-a-dump\\.txt: no vBulletin post found`));
    expect(output).toMatch(new RegExp(`${input}/posts-export\\.txt: no vBulletin post found`));
    expect(output).toMatch(/Built 7 threads/);
  });

  it("writes a page for each of the seven threads that could be read, with all its posts", () => {
    expect(threads.map((thread) => thread.title).sort()).toEqual([
      "Back spasms from running",
      "Back spasms, one very long post",
      "Beans on a trellis",
      "Raised bed height",
      "Slugs",
      "Slugs",
      "Tomatoes splitting after rain",
    ]);
    for (const thread of threads) {
      const page = join(output, thread.url, "index.html");
      expect(existsSync(page), thread.url).toBe(true);
      const $ = load(readFileSync(page, "utf8"));
      expect($("h1").text(), thread.url).toBe(thread.title);
      expect(
        $("article.post")
          .map((_, el) => $(el).attr("id"))
          .get(),
        thread.url,
      ).toEqual(thread.posts.map((post) => `post-${post.number}`));
    }
  });

  it("keeps what the broken files still say: the cut-off post's last words, the 200 KB line, the stray bytes' characters", () => {
    const pageOf = (title: string) =>
      load(readFileSync(join(output, threads.find((thread) => thread.title === title)!.url, "index.html"), "utf8"));
    expect(pageOf("Back spasms from running")("#post-9").text()).toContain("That being said, more informa");
    expect(pageOf("Back spasms, one very long post")("#post-1").text()).toContain(longLineDump().line);
    const beans = pageOf("Beans on a trellis");
    expect(beans("#post-1").text()).toContain("Price of the trellis: €12 at the market.");
    expect(beans("#post-1").text()).toContain("Rosa Gärtner");
    const tomatoes = pageOf("Tomatoes splitting after rain");
    expect(tomatoes("#post-3").text()).toContain("Priya Nand");
  });
});

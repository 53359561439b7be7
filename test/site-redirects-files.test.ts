// The build publishes the old forum addresses of saved pages as `_redirects` and an nginx map,
// next to the pages they point at.
import { copyFile, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFromInput, type BuildSummary } from "../src/build/index.ts";
import { FIXTURES_DIR } from "./fixtures/helpers.ts";

let root: string;
let output: string;
let summary: BuildSummary;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "fa-redirects-"));
  const input = join(root, "input");
  output = join(root, "output");
  await mkdir(input, { recursive: true });
  // A vBulletin 3.8 page of thread 77 (showthread.php?t=77), whose first post is post 1001.
  await copyFile(join(FIXTURES_DIR, "html/vb38-legacy.html"), join(input, "vb38-legacy.html"));
  summary = await buildFromInput({ input, output, baseUrl: "/archive/", progress: "none", search: false });
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe("redirect files of a build", () => {
  it("send the thread's and its posts' old addresses to the permalink, under the base URL", async () => {
    expect(summary.threads).toBe(1);
    const netlify = await readFile(join(output, "_redirects"), "utf8");
    const lines = netlify.split("\n");
    const threadLine = lines.find((line) => line.startsWith("/forum/showthread.php t=77 "));
    expect(threadLine).toMatch(/^\/forum\/showthread\.php t=77 \/archive\/[a-z0-9-]+\/[a-z0-9-]+\/[a-z0-9-]+\/ 301$/);
    const permalink = threadLine!.split(" ")[2]!;
    expect(lines).toContain(`/forum/showthread.php p=1001 ${permalink}#post-1 301`);
    expect(lines).toContain(`/forum/archive/index.php/t-77.html ${permalink} 301`);

    const nginx = await readFile(join(output, "nginx-redirects.conf"), "utf8");
    expect(nginx).toContain("map $request_uri $forum_archive_redirect {");
    expect(nginx).toContain(`    "/forum/showthread.php?t=77" "${permalink}";`);
    // The permalink the rules name is a page of this build.
    await expect(
      readFile(join(output, permalink.replace(/^\/archive\//, ""), "index.html"), "utf8"),
    ).resolves.toContain("<html");
    expect(summary.redirects).toBe(netlify.split("\n").filter((line) => line.endsWith(" 301")).length);
  });
});

// A rebuild's record of its output (issue 15): the commit reads the output's file system clock after
// its last change to the site, so the record needs no lstat of every file; a file of the output
// changed since, whatever its size and mtime say, has a later ctime and makes the next build build.
import { lstatSync } from "node:fs";
import { chmod, cp, mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { buildFromInput, buildSteps } from "../src/build/index.ts";
import { stageOutput } from "../src/output/staging.ts";
import { listFiles } from "./helpers/site-check.ts";

const SEEDS = new URL("../seeds/", import.meta.url).pathname;
const DUMP = "crossfit-back-spasms-from-running.txt";
const THREAD_PAGE = "crossfit-discussion-board/injuries/back-spasms-from-running-6faad58c/index.html";
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "fa-output-clock-"));
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe("the commit's clock", () => {
  it("is after every change to the published site, and none without a kept site", async () => {
    const output = join(root, "unit", "site");
    await mkdir(join(root, "unit"));
    const first = await stageOutput(output);
    await writeFile(join(first.dir, "index.html"), "one");
    await writeFile(join(first.dir, ".forum-archive-files"), "index.html\n");
    await expect(first.commit(["index.html"])).resolves.toBeUndefined(); // nothing kept beside it

    const second = await stageOutput(output);
    await rm(join(second.dir, "index.html"));
    await writeFile(join(second.dir, "index.html"), "two");
    await mkdir(join(second.dir, "a"));
    await writeFile(join(second.dir, "a", "page.html"), "new");
    const clock = await second.commit(["index.html", "a/page.html"]);
    expect(clock).toBeTypeOf("number");
    for (const path of [output, join(output, "a"), join(output, "index.html"), join(output, "a", "page.html")]) {
      expect(lstatSync(path).ctimeMs).toBeLessThan(clock!);
    }
    await writeFile(join(output, "index.html"), "six");
    expect(lstatSync(join(output, "index.html")).ctimeMs).toBeGreaterThanOrEqual(clock!);
    // The clock's file is not left in the kept site.
    expect(await readdir(join(root, "unit", ".site.previous"))).not.toContain(".forum-archive-clock");
  });
});

describe("a rebuild with nothing changed, after a commit with a clock", () => {
  it("stops, and builds again when a page was edited with its size and mtime kept", async () => {
    const input = join(root, "input");
    const output = join(root, "site");
    await cp(SEEDS, input, { recursive: true });
    const options = { input, output, baseUrl: "/", progress: "none" as const };
    const loads = () => {
      const load = vi.spyOn(buildSteps, "loadArchive");
      return () => {
        const count = load.mock.calls.length;
        load.mockRestore();
        return count;
      };
    };
    await buildFromInput(options);
    // A second build into the same output: the first's site is kept, and this commit reads a clock.
    const dump = join(input, DUMP);
    await writeFile(dump, (await readFile(dump, "utf8")).replace("My lowere back", "My lower back"));
    await buildFromInput(options);
    // A page's mtime made whole (so it can be set back exactly): a change the next build sees.
    const page = join(output, THREAD_PAGE);
    const whole = Math.floor(Date.now() / 1000) - 60;
    await utimes(page, whole, whole);
    let loaded = loads();
    await buildFromInput(options);
    expect(loaded()).toBe(1);
    loaded = loads();
    await buildFromInput(options);
    expect(loaded()).toBe(0);

    // Same length, other bytes, the mtime set back: only its ctime tells.
    const good = await readFile(page, "utf8");
    const before = await stat(page);
    expect(before.mtimeMs).toBe(whole * 1000); // the page was left as it was
    const edited = good.replace("My lower back", "My LOWER back");
    expect(Buffer.byteLength(edited)).toBe(before.size);
    await writeFile(page, edited);
    await utimes(page, whole, whole);
    expect((await stat(page)).mtimeMs).toBe(before.mtimeMs);
    loaded = loads();
    await buildFromInput(options);
    expect(loaded()).toBe(1); // (a page of the same size is then kept as it is: unchanged-pages.ts)

    // A mode changed on a file of the output: seen too.
    const files = await listFiles(output);
    const other = join(output, files.find((rel) => rel.endsWith("404.html"))!);
    loaded = loads();
    await buildFromInput(options);
    expect(loaded()).toBe(0);
    await chmod(other, 0o600);
    loaded = loads();
    await buildFromInput(options);
    expect(loaded()).toBe(1);
  });
});

// Integration: saved HTML pages (and a text dump) in one input folder, built into a site: the
// loader lists .html and .htm, the thread page shows the poll, placeholders, attachment links and
// the original address, every page validates and every internal link resolves.
import { copyFile, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as cheerio from "cheerio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFromInput, type BuildSummary } from "../src/build/index.ts";
import { onlyThread, parseFixtures, FIXTURES_DIR } from "./fixtures/helpers.ts";
import { checkLinks, validateAllHtml } from "./helpers/site-check.ts";

let root: string;
let output: string;
let summary: BuildSummary;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "fa-html-"));
  const input = join(root, "input");
  output = join(root, "output");
  await mkdir(join(input, "saved"), { recursive: true });
  await copyFile(join(FIXTURES_DIR, "html/vb38-legacy.html"), join(input, "saved/vb38-legacy.html"));
  await copyFile(join(FIXTURES_DIR, "html/vb55-nodes.html"), join(input, "saved/vb55-nodes.htm"));
  await copyFile(join(FIXTURES_DIR, "en-legacy.txt"), join(input, "en-legacy.txt"));
  summary = await buildFromInput({ input, output, baseUrl: "/", progress: "none", search: false });
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe("a site built from saved HTML pages", () => {
  it("reads .html, .htm and .txt files alike", () => {
    expect(summary.failures).toEqual([]);
    expect(summary.threads).toBe(3);
  });

  it("shows the poll, the deleted post's placeholder, the moderated mark, attachment links and the original address", async () => {
    const thread = onlyThread(parseFixtures("html/vb38-legacy.html"));
    const $ = cheerio.load(await readFile(join(output, thread.url, "index.html"), "utf8"));
    expect($(".poll h2").text()).toBe("Poll: Which damper do you race at?");
    expect(
      $(".poll li")
        .map((_, li) => $(li).text())
        .get(),
    ).toEqual(["1 to 3: 4 votes (20%)", "4 to 6: 13 votes (65%)", "7 or more: 3 votes (15%)"]);
    expect($("#post-3 .post-deleted").text()).toBe("This message has been deleted by Tobias Lind. Reason: double post");
    expect($("#post-4 .post-moderated").length).toBe(1);
    expect($("#post-1 .attachment-links a").attr("href")).toBe(
      "http://rowing.example/forum/attachment.php?attachmentid=88&d=1237059900",
    );
    expect($(".provenance .source-url").text()).toBe("http://rowing.example/forum/showthread.php?t=77");
    expect($("#post-2 figure.quote figcaption a").attr("href")).toBe(`${thread.url}#post-1`);
    expect($(".post-body img").length).toBe(0);
    expect($("#post-1 .post-body a.image-link").attr("href")).toBe("http://rowing.example/pics/erg-screen.jpg");
  });

  it("validates, and every internal link resolves", async () => {
    expect((await validateAllHtml(output)).errors).toEqual([]);
    expect((await checkLinks(output, "/")).problems).toEqual([]);
  });
});

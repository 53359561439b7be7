// Two sites whose names slug alike ("CrossFit Discussion Board" and "CrossFit-Discussion Board!")
// shared a folder, and one forum index overwrote the other (issue 13). Each gets its own folder;
// names that clash with none keep their URLs, and which name keeps the plain folder does not
// depend on the order of the dumps.
import { describe, expect, it } from "vitest";
import { archiveOf } from "../src/archive/load.ts";
import { parseDumps } from "../src/parse/index.ts";
import { sampleBytes } from "./fixtures/helpers.ts";

const sample = new TextDecoder().decode(sampleBytes());
/** The sample dump with its site named `site` (first line and breadcrumbs). */
const dumpOf = (file: string, site: string) => ({ file, bytes: sample.replaceAll("CrossFit Discussion Board", site) });
const plain = dumpOf("plain.txt", "CrossFit Discussion Board");
const punctuated = dumpOf("punctuated.txt", "CrossFit-Discussion Board!");

describe("site folders", () => {
  it("the sample names its site as the test expects", () => {
    expect(sample.split("\n")[0]!.trim()).toBe("CrossFit Discussion Board");
    expect(sample).toMatch(/Go Back\s+CrossFit Discussion Board > In Sickness and In Health > Injuries/);
  });

  it("are distinct for names that slug alike, the plainer name keeping the plain folder, in any order", () => {
    const urls = (inputs: (typeof plain)[]) =>
      new Map(parseDumps(inputs).threads.map((thread) => [thread.site, thread.url]));
    const both = urls([plain, punctuated]);
    expect(both.get("CrossFit Discussion Board")).toMatch(/^\/crossfit-discussion-board\/injuries\/[^/]+\/$/);
    expect(both.get("CrossFit-Discussion Board!")).toMatch(
      /^\/crossfit-discussion-board-[0-9a-f]{6}\/injuries\/[^/]+\/$/,
    );
    expect(urls([punctuated, plain])).toEqual(both);
    // Alone, either keeps the plain folder: URLs of names that clash with none do not change.
    expect(urls([punctuated]).get("CrossFit-Discussion Board!")).toMatch(/^\/crossfit-discussion-board\/injuries\//);
  });

  it("give each site's forum its own index", () => {
    const archive = archiveOf(parseDumps([plain, punctuated]).threads);
    const forums = archive.forums.map((forum) => [forum.site, forum.url]);
    expect(forums).toHaveLength(2);
    expect(new Set(forums.map(([, url]) => url)).size).toBe(2);
    for (const thread of archive.threads) {
      expect(forums).toContainEqual([thread.site, thread.url.split("/").slice(0, 3).join("/") + "/"]);
    }
  });
});

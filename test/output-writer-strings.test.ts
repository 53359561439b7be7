// A page reaches the writer as a string (src/output/writer.ts) and is written as one: Node writes a
// string without a Buffer of its own only when the write names its encoding, so the writes' seam
// (fileWrites in output/staging.ts) does; a Buffer made of each page is a copy of the whole site.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { OutputWriter } from "../src/output/writer.ts";

const work = mkdtempSync(join(tmpdir(), "forum-archive-writer-strings-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const PAGES: [string, string][] = [
  ["index.html", "<!doctype html><title>Home</title>"],
  ["forums/injuries/index.html", "<p>Grüße aus Köln: «Ellbogen» ✓</p>"],
  ["forums/injuries/golfers-elbow/index.html", `<p>${"Stretch the forearm flexors. ".repeat(400)}</p>`],
];

describe("the page writer", () => {
  it("writes each page's text as UTF-8 without making a Buffer of it", async () => {
    const out = join(work, "site"); // as a staging folder: there, empty
    mkdirSync(out);
    const writer = new OutputWriter(out);
    const from = vi.spyOn(Buffer, "from");
    for (const [rel, text] of PAGES) await writer.write(join(out, rel), text).wait;
    await writer.flush();
    const ofStrings = from.mock.calls.filter(([value]) => typeof value === "string").length;
    from.mockRestore();
    expect(ofStrings).toBe(0);
    expect(writer.written).toBe(PAGES.length);
    for (const [rel, text] of PAGES) {
      const bytes = readFileSync(join(out, rel));
      expect(bytes.equals(Buffer.from(text, "utf8")), rel).toBe(true);
    }
  });

  it("leaves a page holding the same bytes, and replaces one of the same length but other bytes", async () => {
    const out = join(work, "again");
    mkdirSync(out);
    const first = new OutputWriter(out);
    for (const [rel, text] of PAGES) first.write(join(out, rel), text);
    await first.flush();
    // "ü" is two bytes in UTF-8, as "ue" is: the same length, other bytes.
    const sameLength = PAGES[1]![1].replace("ü", "ue");
    expect(Buffer.byteLength(sameLength)).toBe(Buffer.byteLength(PAGES[1]![1]));
    const second = new OutputWriter(out);
    second.write(join(out, PAGES[0]![0]), PAGES[0]![1]);
    second.write(join(out, PAGES[1]![0]), sameLength);
    second.write(join(out, PAGES[2]![0]), PAGES[2]![1]);
    await second.flush();
    expect([second.written, second.unchanged]).toEqual([1, 2]);
    expect(readFileSync(join(out, PAGES[1]![0]), "utf8")).toBe(sameLength);
  });
});

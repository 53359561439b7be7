// Two captures of one page (a mirror often holds the same page twice): copies of a post that differ only
// in what changes between captures without the post changing (HTML comments and template markers, the
// author's post count) say the same, so no "says something else" warning, and the second file adds nothing.
import "./helpers/html-reader.ts";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDumps } from "../src/parse/index.ts";

const CORPUS = "../shared/corpus/html";
const saysElse = (messages: string[]) =>
  messages.filter((message) => /says something else|differs from the copy/.test(message));

describe("copies of a post", () => {
  it("that differ only in HTML comments say the same (steampowered-6 and a copy without comments)", () => {
    // The page is Latin-1 bytes; read and written back byte for byte.
    const page = readFileSync(`${CORPUS}/steampowered-6.html`, "latin1");
    const recaptured = page
      .replace(/<!--[\s\S]*?-->/g, "")
      // A template marker inside post #1's own text, as later vBulletin 2.3 skins write them.
      .replace("Do you want to change that?", "Do you want to <!-- BEGIN TEMPLATE: bbcode --> change that?");
    expect(recaptured).toContain("<!-- BEGIN TEMPLATE: bbcode -->");
    const { threads, warnings } = parseDumps([
      { file: "a.html", bytes: Buffer.from(page, "latin1") },
      { file: "b.html", bytes: Buffer.from(recaptured, "latin1") },
    ]);
    expect(threads).toHaveLength(1);
    expect(saysElse(warnings.map((warning) => warning.message))).toEqual([]);
    expect(warnings.filter((warning) => warning.file === "b.html").map((warning) => warning.message)).toContainEqual(
      expect.stringMatching(/already read, word for word, from a\.html; this file adds nothing/),
    );
  });

  it("that differ only in the author's post count say the same (msworld-1, the first card's 819 posts grown to 1,204)", () => {
    const page = readFileSync(`${CORPUS}/msworld-1.html`, "utf8");
    const later = page.replace("<dt>Posts</dt> <dd>819</dd>", "<dt>Posts</dt> <dd>1,204</dd>");
    expect(later).not.toBe(page);
    const { threads, warnings } = parseDumps([
      { file: "a.html", bytes: page },
      { file: "b.html", bytes: later },
    ]);
    expect(threads).toHaveLength(1);
    expect(saysElse(warnings.map((warning) => warning.message))).toEqual([]);
  });

  it("that differ in their words still say something else", () => {
    const page = readFileSync(`${CORPUS}/msworld-1.html`, "utf8");
    // Post #1 opens "Just read that the FDA has approved a generic version".
    const changed = page.replaceAll("Just read that the FDA has approved", "Just read that the FDA has not approved");
    expect(changed).not.toBe(page);
    const { warnings } = parseDumps([
      { file: "a.html", bytes: page },
      { file: "b.html", bytes: changed },
    ]);
    expect(saysElse(warnings.map((warning) => warning.message))).toHaveLength(1);
  });
});

// "No text lost": every word of every line of every fixture and of the sample is somewhere in the
// parse result (threads, warnings, failures), unless a chrome rule of test/fixtures/word-check.ts
// (written here, independently of the parser's own phrase tables) drops the line.
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDumps } from "../src/parse/index.ts";
import { FIXTURES_DIR, fixtureBytes, SAMPLE_FILE, sampleBytes } from "./fixtures/helpers.ts";
import { checkedLines, decodeForCheck, keptText, lostWords, resultWords } from "./fixtures/word-check.ts";

/** Fixtures that are pages of one archive are parsed together, as a user would. */
const GROUPS: string[][] = [
  ["two-page-p1.txt", "two-page-p2.txt"],
  ["same-title-a.txt", "same-title-b.txt"],
  ["recapture-early.txt", "recapture-late.txt"],
];
const ENCODING: Record<string, "utf8" | "win1252"> = { "cp1252.txt": "win1252" };

const fixtureFiles = readdirSync(FIXTURES_DIR)
  .filter((name) => name.endsWith(".txt"))
  .sort();
const grouped = new Set(GROUPS.flat());
const runs: string[][] = [...GROUPS, ...fixtureFiles.filter((name) => !grouped.has(name)).map((name) => [name])];

describe("no text lost", () => {
  it("covers every fixture", () => {
    expect(fixtureFiles.length).toBeGreaterThanOrEqual(21);
    for (const name of grouped) expect(fixtureFiles).toContain(name);
  });

  it("the sample", () => {
    const bytes = sampleBytes();
    const result = parseDumps([{ file: SAMPLE_FILE, bytes }]);
    expect(result.threads).toHaveLength(1);
    expect(lostWords(decodeForCheck(bytes), resultWords(result))).toEqual([]);
  });

  it.each(runs.map((files) => [files.join(" + "), files] as const))("%s", (_label, files) => {
    const result = parseDumps(files.map((file) => ({ file, bytes: fixtureBytes(file) })));
    expect(result.failures).toEqual([]);
    const found = resultWords(result);
    for (const file of files) {
      const lost = lostWords(decodeForCheck(fixtureBytes(file), ENCODING[file] ?? "utf8"), found);
      expect(lost.map((l) => `${file}:${l.line}: ${l.word}`)).toEqual([]);
    }
  });
});

/** Damaged dumps the property tests found losing words, kept here as fixed cases. */
describe("no text lost in damaged dumps", () => {
  const check = (file: string, text: string) => {
    const result = parseDumps([{ file, bytes: text }]);
    expect(result.threads).toHaveLength(1);
    return lostWords(text, resultWords(result)).map((l) => `${file}:${l.line}: ${l.word}`);
  };

  it("en-vb30-guests.txt without its footer time line (line 99): the Powered-by lines after it stay", () => {
    const lines = decodeForCheck(fixtureBytes("en-vb30-guests.txt")).split("\n");
    expect(lines[98]).toBe("All times are GMT -8. The time now is 11:02 AM.");
    lines.splice(98, 1);
    expect(check("en-vb30-guests.txt", lines.join("\n"))).toEqual([]);
  });

  it("the sample with #3's header line copied after #7's (two different posts #3 in one file)", () => {
    const lines = decodeForCheck(sampleBytes()).split("\n");
    lines.splice(157, 0, lines[56]!);
    expect(lines[156]).toMatch(/#7$/u);
    expect(lines[157]).toMatch(/#3$/u);
    expect(check(SAMPLE_FILE, lines.join("\n"))).toEqual([]);
  });
});

describe("the check itself", () => {
  it("drops chrome and keeps field values", () => {
    expect(keptText("Old 05-09-2009, 09:27 AM \u00a0 #1")).toBe("05-09-2009, 09:27 AM 1");
    expect(keptText("Old 02-01-2016, 14:21 \u00a0 Link #3021")).toBe("02-01-2016, 14:21 3021");
    expect(keptText("Member Kieran Barry is offline")).toBe("Member Kieran Barry");
    expect(keptText("Join Date: Apr 2008")).toBe("2008-04");
    expect(keptText("Registriert seit: Mär 2007")).toBe("2007-03");
    expect(keptText("Posts: 12,221")).toBe("12,221");
    expect(keptText("\u00a0 Reply With Quote")).toBe("");
    expect(keptText("Originally Posted by Steven Low View Post")).toBe("Steven Low");
    expect(keptText("Zitat von Jürgen Weiß Beitrag anzeigen")).toBe("Jürgen Weiß");
    expect(keptText("Last edited by Brian Strump; 12-20-2009 at 07:25 AM.. Reason: added last sentence")).toBe(
      "Brian Strump 12-20-2009 07:25 AM added last sentence",
    );
    expect(keptText("Last edited by hopfenfan : 03-04-2007 at 10:12 PM.")).toBe("hopfenfan 03-04-2007 10:12 PM ");
    expect(keptText("Geändert von Anna Schmidt (09.05.2009 um 10:02 Uhr) Grund: Tippfehler")).toBe(
      "Anna Schmidt 09.05.2009 10:02 Tippfehler",
    );
    expect(keptText("All times are GMT -7. The time now is 05:25 PM.")).toBe("GMT -7");
    expect(keptText("Alle Zeitangaben in WEZ +1. Es ist jetzt 22:15 Uhr.")).toBe("WEZ +1");
    expect(keptText("Page 152 of 160 « First < 52 102 142 > Last »")).toBe("");
    // Body text that merely looks like chrome stays checked.
    expect(keptText("Page 3 and 4 here is a lot of lower body soft tissue work")).toBe(
      "Page 3 and 4 here is a lot of lower body soft tissue work",
    );
    expect(keptText("Reply to this if you like")).toBe("Reply to this if you like");
  });

  it("reads front matter values", () => {
    expect(checkedLines('---\ntitle: "A: b"\ncaptured: 2010-03-15\n---\nx').map((l) => l.text)).toEqual([
      "",
      "A: b",
      "",
      "",
      "x",
    ]);
  });

  it("notices a lost word", () => {
    const text = "Old 05-09-2009, 09:27 AM \u00a0 #1\nsomething unusual";
    expect(lostWords(text, new Set(["05-09-2009", "09:27", "AM", "1", "something"]))).toEqual([
      { line: 2, word: "unusual", text: "something unusual" },
    ]);
  });
});

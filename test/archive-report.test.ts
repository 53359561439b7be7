// What parse, check and build print about the input: notes apart from warnings, kinds of warnings, and
// names and messages that cannot forge a line or move the terminal's cursor.
import { describe, expect, it } from "vitest";
import {
  kindOf,
  noteLines,
  printableName,
  printableText,
  splitNotes,
  withoutSkippedFiles,
} from "../src/archive/report.ts";

describe("printing file names and messages", () => {
  it("leaves plain names as they are, wget's query characters included", () => {
    expect(printableName("mirror/showthread.php?s=&threadid=78948&pagenumber=2.html")).toBe(
      "mirror/showthread.php?s=&threadid=78948&pagenumber=2.html",
    );
    expect(printableName("Foren/Über uns.html")).toBe("Foren/Über uns.html");
  });

  it("quotes and escapes a name holding a line end, an escape, DEL, a line separator or a bidi override", () => {
    expect(printableName("a\nb.txt")).toBe('"a\\nb.txt"');
    expect(printableName("a\rb.txt")).toBe('"a\\rb.txt"');
    expect(printableName("\u001b[31mred.txt")).toBe('"\\u001b[31mred.txt"');
    for (const char of ["\u007f", "\u0085", "\u2028", "\u202e", "\u2066"]) {
      const printed = printableName(`x${char}y.txt`);
      expect(printed.startsWith('"'), JSON.stringify(char)).toBe(true);
    }
    // A name that itself starts with a quote is quoted too, so it never reads as a quoted name.
    expect(printableName('"a.txt"')).toBe('"\\"a.txt\\""');
  });

  it("escapes those characters inside a message, keeping the rest", () => {
    expect(printableText('post #2: "x\u001b[2Ky" is not a date\nforged')).toBe(
      'post #2: "x\\u001b[2Ky" is not a date\\u000aforged',
    );
  });
});

describe("kinds of warnings", () => {
  it("leave out what varies: numbers, quoted text, file names, byte values, authors", () => {
    expect(kindOf('post #2: "Posted Apr 11, 2020, 3:27 PM" is not a date format the parser knows')).toBe(
      kindOf('post #17: "10/05/2006, 13h16" is not a date format the parser knows'),
    );
    expect(kindOf("post #4 differs from the copy in mirror/showthread.php?t=5.html; that copy is kept")).toBe(
      kindOf("post #41 differs from the copy in other.html; that copy is kept"),
    );
    expect(kindOf('not UTF-8: byte 0xE9 as "é" (read as Windows-1252)')).toBe(
      'not UTF-8: byte 0x… as "…" (read as Windows-1252)',
    );
    expect(kindOf("post #2 by Ossie Vance has no body text")).toBe(kindOf("post #3 by Priya Nand has no body text"));
  });

  it("keep apart what differs in kind", () => {
    expect(kindOf("post #2 by Ossie Vance has no body text")).not.toBe(kindOf("post #2 names no author"));
  });
});

describe("notes", () => {
  const warnings = [
    {
      file: "a.html",
      line: 0,
      message: "vBulletin 2 pages are read best effort: post numbers are counted on the page",
    },
    { file: "a.html", line: 10, message: "post id 1 has no post counter; numbered #1 by its place on the page" },
    { file: "a.html", line: 20, message: "post id 2 has no post counter; numbered #2 by its place on the page" },
    { file: "b.html", line: 10, message: "post id 3 has no post counter; numbered #41 by its place on the page" },
    { file: "b.html", line: 30, message: 'join date "Not Yet" not understood' },
  ];

  it("are told apart from warnings to act on and counted once each, by files and places", () => {
    const { warnings: own, notes } = splitNotes(warnings);
    expect(own.map((warning) => warning.message)).toEqual(['join date "Not Yet" not understood']);
    expect(noteLines(notes)).toEqual([
      "note: 2 files (3 places): posts show no post counter; numbered by their page and place on it",
      "note: 1 file: vBulletin 2 pages are read best effort",
    ]);
  });

  it("leave skipped pages' warnings out", () => {
    const failures = [{ file: "b.html", reason: "not a thread page (forumdisplay.php)", notAThread: true as const }];
    expect(withoutSkippedFiles(warnings, failures).map((warning) => warning.file)).toEqual([
      "a.html",
      "a.html",
      "a.html",
    ]);
    expect(withoutSkippedFiles(warnings, [{ file: "b.html", reason: "the file is empty" }])).toHaveLength(5);
  });
});

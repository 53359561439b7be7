// Broken input (test/fixtures/broken/, described in test/fixtures/README.md): each file parses as
// far as it can be parsed, and what could not be read is said, with file and line, as a warning
// or (a file that holds no thread) a failure. Expectations are read off the fixture files.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Thread, Warning } from "../src/model.ts";
import { parseDumps, type ParseResult } from "../src/parse/index.ts";
import { FIXTURES_DIR, onlyThread, postNumbered, sampleBytes, shape } from "./fixtures/helpers.ts";
import { longLineDump } from "./fixtures/long-line.ts";
import { lostWords, resultWords } from "./fixtures/word-check.ts";

const BROKEN = `${FIXTURES_DIR}broken/`;
const bytesOf = (name: string) => new Uint8Array(readFileSync(BROKEN + name));
const linesOf = (name: string) => new TextDecoder().decode(bytesOf(name)).split("\n");
/** 1-based number of the first line of a fixture that ends with `tail`. */
const lineEnding = (name: string, tail: string) => linesOf(name).findIndex((line) => line.endsWith(tail)) + 1;

function parseBroken(...names: string[]): ParseResult {
  return parseDumps(names.map((file) => ({ file, bytes: bytesOf(file) })));
}

const warningsOf = (result: ParseResult, file: string): Warning[] =>
  result.warnings.filter((warning) => warning.file === file);
const authors = (thread: Thread) => thread.posts.map((post) => `#${post.number} ${post.author.name}`);

describe("files that hold no thread fail as a whole, with the reason", () => {
  it("an empty file", () => {
    const result = parseBroken("empty.txt");
    expect(result.threads).toEqual([]);
    expect(result.failures).toEqual([{ file: "empty.txt", reason: "the file is empty" }]);
  });

  it("binary junk (a PNG signature and random bytes) is told apart from text", () => {
    const result = parseBroken("binary-junk.txt");
    expect(result.threads).toEqual([]);
    expect(result.failures).toEqual([{ file: "binary-junk.txt", reason: "the file is binary data, not text" }]);
  });

  it("a README: no post header, and its lines are named as not understood", () => {
    const result = parseBroken("readme-not-a-dump.txt");
    expect(result.threads).toEqual([]);
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]!.reason).toMatch(/no vBulletin post found/);
    const warned = new Map(
      warningsOf(result, "readme-not-a-dump.txt").map((warning) => [warning.line, warning.message]),
    );
    // "## Step #1: fetch" has a "#1" and line 3 a date and a time, yet neither is a post header.
    expect(warned.get(5)).toContain("## Step #1: fetch");
    expect(warned.get(3)).toContain("Saved on 06-01-2013, 10:00 AM with wget");
    expect(warned.get(13)).toContain('Quote: "keep everything"');
  });

  it("a CSV export of posts", () => {
    const result = parseBroken("posts-export.txt");
    expect(result.threads).toEqual([]);
    expect(result.failures[0]).toMatchObject({ file: "posts-export.txt" });
    const warned = warningsOf(result, "posts-export.txt");
    expect(warned.map((warning) => warning.line)).toEqual([2, 3, 4]);
    expect(warned[2]!.message).toContain('1181,4,Maren Holt,"04-03-2011, 06:10 AM","Thanks, I will mulch them #4"');
  });
});

describe("a dump cut off mid-post", () => {
  const result = parseBroken("cut-off.txt");
  const thread = onlyThread(result);

  it("keeps posts #1 to #9 with their authors", () => {
    expect(authors(thread)).toEqual([
      "#1 Kieran Barry",
      "#2 Steven Low",
      "#3 Kieran Barry",
      "#4 Steven Low",
      "#5 Kieran Barry",
      "#6 Steven Low",
      "#7 Katherine Derbyshire",
      "#8 Jeremy Williams",
      "#9 Brian Strump",
    ]);
    expect(thread.title).toBe("Back spasms from running");
  });

  it("keeps the cut-off post as far as it goes: its quote of #1 and its words up to the cut", () => {
    const ninth = postNumbered(thread, 9);
    const body = shape(ninth.body)!;
    expect(body[0]).toMatchObject({ quote: "Kieran Barry", post: 1 });
    expect(body.at(-1)).toBe("This is the best I know how to explain it...That being said, more informa");
    // The footer with the time zone is gone, so dates carry no offset.
    expect(ninth.postedAt).toBe("2009-12-20T07:24:00");
    expect(lostWords(linesOf("cut-off.txt").join("\n"), resultWords(result))).toEqual([]);
  });

  it("says where the file stops, as a warning on its last line", () => {
    const lastLine = linesOf("cut-off.txt").length;
    expect(lastLine).toBe(218);
    const cut = warningsOf(result, "cut-off.txt").filter((warning) => /cut off/.test(warning.message));
    expect(cut).toEqual([{ file: "cut-off.txt", line: lastLine, message: expect.stringContaining("post #9") }]);
  });

  it("a complete dump gets no such warning", () => {
    const whole = parseDumps([{ file: "sample.txt", bytes: sampleBytes() }]);
    expect(whole.warnings.filter((warning) => /cut off/.test(warning.message))).toEqual([]);
  });
});

describe("a dump with a 200 KB line", () => {
  const { text, line, lineNumber } = longLineDump();
  const result = parseDumps([{ file: "long-line.txt", bytes: text }]);
  const thread = onlyThread(result);

  it("keeps the line whole as post #1's first paragraph, and the ten posts", () => {
    expect(line.length).toBeGreaterThanOrEqual(200_000);
    expect(thread.posts).toHaveLength(10);
    const first = postNumbered(thread, 1);
    expect(first.body[0]).toEqual({ type: "paragraph", inlines: [{ type: "text", text: line }] });
    expect(first.title).toBe("Back spasms from running");
    expect(lostWords(text, resultWords(result))).toEqual([]);
  });

  it("raises no warning about it", () => {
    expect(result.warnings.filter((warning) => warning.line === lineNumber)).toEqual([]);
  });
});

describe("posts with an empty body", () => {
  const result = parseBroken("empty-body.txt");
  const thread = onlyThread(result);

  it("are kept with their author and no body: #2 without title, #3 with only its title", () => {
    expect(authors(thread)).toEqual(["#1 Maren Holt", "#2 Ossie Vance", "#3 Priya Nand", "#4 Maren Holt"]);
    const second = postNumbered(thread, 2);
    expect(second.body).toEqual([]);
    expect(second.title).toBeUndefined();
    expect(second.author).toMatchObject({
      name: "Ossie Vance",
      title: "Senior Member",
      postCount: 2046,
      hasAvatar: true,
    });
    const third = postNumbered(thread, 3);
    expect(third.title).toBe("Re: Tomatoes splitting after rain");
    expect(third.body).toEqual([]);
    expect(shape(postNumbered(thread, 4).body)).toEqual(["Thanks, I will mulch them and water less often but deeper."]);
  });

  it("are each named in a warning at their header line", () => {
    const empty = warningsOf(result, "empty-body.txt").filter((warning) => /no body text/.test(warning.message));
    expect(empty.map((warning) => warning.line)).toEqual([
      lineEnding("empty-body.txt", "#2"),
      lineEnding("empty-body.txt", "#3"),
    ]);
    expect(empty.map((warning) => warning.line)).toEqual([23, 34]);
  });
});

describe("the same page dumped twice", () => {
  const result = parseBroken("raised-bed.txt", "raised-bed-saved-again.txt");
  const thread = onlyThread(result);

  it("is one thread with each post once, both files its sources", () => {
    expect(authors(thread)).toEqual(["#1 Ossie Vance", "#2 Priya Nand"]);
    expect([...thread.source.files].sort()).toEqual(["raised-bed-saved-again.txt", "raised-bed.txt"]);
  });

  it("the copy that adds nothing says so, naming the other file", () => {
    const repeated = result.warnings.filter((warning) => /adds nothing/.test(warning.message));
    expect(repeated).toHaveLength(1);
    const [warning] = repeated;
    const other = warning!.file === "raised-bed.txt" ? "raised-bed-saved-again.txt" : "raised-bed.txt";
    expect(warning!.message).toContain(other);
    expect(warning!.line).toBe(lineEnding(warning!.file, "#1"));
  });

  it("the same files in the other order give the same result", () => {
    expect(JSON.stringify(parseBroken("raised-bed-saved-again.txt", "raised-bed.txt"))).toBe(JSON.stringify(result));
  });

  it("saved again under front matter (every line shifted by three) still adds nothing", () => {
    const shifted = `---\nurl: http://garden.example/showthread.php?t=88\n---\n${new TextDecoder().decode(bytesOf("raised-bed.txt"))}`;
    const both = parseDumps([
      { file: "raised-bed.txt", bytes: bytesOf("raised-bed.txt") },
      { file: "with-url.txt", bytes: shifted },
    ]);
    expect(both.threads).toHaveLength(1);
    const repeated = both.warnings.filter((warning) => /adds nothing/.test(warning.message));
    expect(repeated).toEqual([{ file: "with-url.txt", line: 14, message: expect.stringContaining("raised-bed.txt") }]);
  });

  it("a copy of a post that says something else (same author, same date) is named in a warning, not dropped silently", () => {
    const original = new TextDecoder().decode(bytesOf("raised-bed.txt"));
    const other = original.replace("Thirty centimetres of loose soil", "Forty centimetres of loose soil");
    expect(other).not.toBe(original);
    const both = parseDumps([
      { file: "raised-bed.txt", bytes: original },
      { file: "resaved.txt", bytes: other },
    ]);
    const thread = onlyThread(both);
    expect(shape(postNumbered(thread, 2).body)).toEqual([
      "Thirty centimetres of loose soil is plenty for most varieties.",
    ]);
    expect(both.warnings).toEqual([
      {
        file: "resaved.txt",
        line: 24,
        message: expect.stringMatching(/^post #2 says something else than the copy in raised-bed\.txt .*left out$/),
      },
    ]);
  });
});

describe("two different threads with the same title", () => {
  const result = parseBroken("slugs-2010.txt", "slugs-2012.txt");

  it("stay two threads, each with its own posts and URL", () => {
    expect(result.threads).toHaveLength(2);
    const [early, late] = ["slugs-2010.txt", "slugs-2012.txt"].map(
      (file) => result.threads.find((thread) => thread.source.files.includes(file))!,
    );
    expect(early!.title).toBe("Slugs");
    expect(late!.title).toBe("Slugs");
    expect(early!.source.files).toEqual(["slugs-2010.txt"]);
    expect(late!.source.files).toEqual(["slugs-2012.txt"]);
    expect(authors(early!)).toEqual(["#1 Maren Holt", "#2 Ossie Vance", "#3 Maren Holt"]);
    expect(authors(late!)).toEqual(["#1 Priya Nand", "#2 Tom Achterberg"]);
    expect(early!.url).not.toBe(late!.url);
    expect(early!.id).not.toBe(late!.id);
  });

  it("with no warning: nothing was left unread", () => {
    expect(result.warnings).toEqual([]);
    expect(result.failures).toEqual([]);
  });
});

describe("bytes that are not UTF-8 inside a UTF-8 dump", () => {
  const result = parseBroken("invalid-utf8.txt");
  const thread = onlyThread(result);

  it("the UTF-8 text stays UTF-8 (no mojibake of ä, ö, é or the no-break spaces)", () => {
    const first = postNumbered(thread, 1);
    expect(first.author).toMatchObject({
      name: "Rosa Gärtner",
      title: "Moderator",
      location: "Köln Germany",
      postCount: 1402,
    });
    expect(thread.site).toBe("Garden Shed Forum");
    expect(thread.breadcrumbs).toEqual(["Garden Shed Forum", "Growing", "Vegetables"]);
  });

  it("each stray byte is read as Windows-1252, so its character is kept in place", () => {
    const texts = thread.posts.flatMap((post) => shape(post.body)!);
    expect(texts).toEqual([
      "Runner beans climb anything. Mine went up the café parasol é this summer.",
      "Price of the trellis: €12 at the market.",
      "Tie them loosely ÿ they strangle themselves otherwise.",
      "Broken sequence here: â€ end.",
    ]);
  });

  it("and named, with its value, in a warning at its line", () => {
    const stray = warningsOf(result, "invalid-utf8.txt").filter((warning) => /not UTF-8/.test(warning.message));
    const lines = linesOf("invalid-utf8.txt");
    const lineWith = (text: string) => lines.findIndex((line) => line.includes(text)) + 1;
    expect(stray.map((warning) => warning.line)).toEqual([
      lineWith("café parasol"),
      lineWith("Price of the trellis"),
      lineWith("Tie them loosely"),
      lineWith("Broken sequence"),
    ]);
    expect(stray.map((warning) => warning.message.match(/0x[0-9A-F]{2}/g))).toEqual([
      ["0xE9"],
      ["0x80"],
      ["0xFF"],
      ["0xE2", "0x80"],
    ]);
  });

  it("a Windows-1252 file (no UTF-8 sequences at all) is still read as Windows-1252, without such warnings", () => {
    const cp1252 = parseDumps([
      { file: "cp1252.txt", bytes: new Uint8Array(readFileSync(`${FIXTURES_DIR}cp1252.txt`)) },
    ]);
    expect(cp1252.threads).toHaveLength(1);
    expect(cp1252.warnings.filter((warning) => /not UTF-8/.test(warning.message))).toEqual([]);
  });
});

describe("all of them together", () => {
  const names = readdirSync(BROKEN)
    .filter((name) => name.endsWith(".txt"))
    .sort();
  const { text } = longLineDump();
  const result = parseDumps([
    ...names.map((file) => ({ file, bytes: bytesOf(file) })),
    { file: "long-line.txt", bytes: text },
  ]);

  it("read the threads that can be read and fail the four files that hold none", () => {
    expect(names).toHaveLength(11);
    expect(result.threads.map((thread) => thread.title).sort()).toEqual([
      "Back spasms from running",
      "Back spasms, one very long post",
      "Beans on a trellis",
      "Raised bed height",
      "Slugs",
      "Slugs",
      "Tomatoes splitting after rain",
    ]);
    expect(result.failures.map((failure) => failure.file)).toEqual([
      "binary-junk.txt",
      "empty.txt",
      "posts-export.txt",
      "readme-not-a-dump.txt",
    ]);
  });

  it("give every file either a thread or a failure", () => {
    for (const file of [...names, "long-line.txt"]) {
      const inThread = result.threads.some((thread) => thread.source.files.includes(file));
      const failed = result.failures.some((failure) => failure.file === file);
      expect(inThread !== failed, file).toBe(true);
    }
  });
});

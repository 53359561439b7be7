// Issue 15 (speed): a post's body is held until assembly as an exact slice of the dump's lines with the
// first line's number, when its lines follow each other (most bodies), and as lines and numbers one by
// one otherwise (an edit note inside it, attachment blocks). Either way the body, its line numbers and
// the attachments are what the dump says: the expectations below are read off the generated dump.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lineOfBody, parseVbulletinText } from "../src/parse/vbulletin-text.ts";

const NUM_RUNS = process.env.CI ? 1000 : 300;

const HEADER = [
  "Iron Commons",
  "Go Back   Iron Commons > Training > Running",
  "Old 05-09-2009, 09:27 AM   #1",
  "Kieran Barry",
  "Member Kieran Barry is offline",
  "Join Date: Apr 2008",
  "Posts: 52",
  "Default Back spasms",
];
const EDIT_NOTE = "Last edited by Kieran Barry; 05-09-2009 at 10:12 AM.";

/** One line of a body as a dump may hold it. */
type Piece =
  | { kind: "text"; text: string }
  | { kind: "blank" }
  | { kind: "edit" }
  | { kind: "attachment"; heading: string; files: string[] };

const piece: fc.Arbitrary<Piece> = fc.oneof(
  fc.constantFrom("Round 1: 3:00", "Back extensions?", "See www.example.com now").map((text) => ({
    kind: "text" as const,
    text,
  })),
  fc.constant({ kind: "blank" as const }),
  fc.constant({ kind: "edit" as const }),
  fc.record({
    kind: fc.constant("attachment" as const),
    heading: fc.constantFrom("Attached Files", "Attached Thumbnails:"),
    files: fc.array(fc.constantFrom("plan.pdf (12.0 KB, 3 views)", "back.jpg"), { minLength: 1, maxLength: 2 }),
  }),
);

/** The dump's lines for the pieces (an attachment block: its heading, a blank line, its files, a blank
 *  line), and what the post's body must be: each text line with its line number, blank lines inside
 *  the text kept, blank lines at both ends and the edit note left out, attachments apart. */
function dumpOf(pieces: Piece[], signature: boolean) {
  const lines = [...HEADER];
  const body: [string, number][] = [];
  const attachments: { label: string; lines: string[] }[] = [];
  const add = (text: string) => lines.push(text);
  let edited = false;
  for (const item of pieces) {
    if (item.kind === "text") {
      add(item.text);
      body.push([item.text, lines.length]);
    } else if (item.kind === "blank") {
      add("");
      body.push(["", lines.length]);
    } else if (item.kind === "edit" && !edited) {
      // One edit note a post: the parser reads the last line that reads like one.
      edited = true;
      add(EDIT_NOTE);
    } else if (item.kind === "attachment") {
      for (const text of [item.heading, "", ...item.files, ""]) add(text);
      body.push(["", lines.length]);
      attachments.push({ label: item.heading.replace(/:$/, ""), lines: item.files });
    }
  }
  if (signature) for (const text of ["__________________", "Posts are not medical advice"]) add(text);
  for (const text of ["  Reply With Quote", "All times are GMT -7. The time now is 10:00 AM."]) add(text);
  while (body.length > 0 && body[0]![0] === "") body.shift();
  while (body.length > 0 && body.at(-1)![0] === "") body.pop();
  return { text: lines.join("\n"), body, attachments, edited };
}

describe("a post's body lines", () => {
  it("are the dump's lines with their numbers, edit note and attachments apart, however they are held", () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.boolean(), (pieces, signature) => {
        const expected = dumpOf(pieces, signature);
        const page = parseVbulletinText(expected.text, "thread.txt");
        const post = page.posts[0]!;
        const numbered = post.body.map((text, index): [string, number] => [text, lineOfBody(post.bodyLines!, index)]);
        expect(numbered).toEqual(expected.body);
        expect(post.attachments ?? []).toEqual(expected.attachments);
        expect(post.edited !== undefined).toBe(expected.edited);
        expect(post.signature).toEqual(signature ? ["Posts are not medical advice"] : []);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("are held as a slice and the first line's number when they follow each other", () => {
    const page = parseVbulletinText([...HEADER, "", "One", "", "Two", "", "  Reply With Quote"].join("\n"), "t.txt");
    expect(page.posts[0]!.body).toEqual(["One", "", "Two"]);
    // Line 10 of the file is "One" (the header is eight lines, then a blank one).
    expect(page.posts[0]!.bodyLines).toBe(10);
  });

  it("are held one number a line when an edit note sits between them", () => {
    const text = [...HEADER, "One", EDIT_NOTE, "Two", "  Reply With Quote"].join("\n");
    const post = parseVbulletinText(text, "t.txt").posts[0]!;
    expect(post.body).toEqual(["One", "Two"]);
    expect(post.bodyLines).toEqual([9, 11]);
    expect(post.edited?.by).toBe("Kieran Barry");
  });
});

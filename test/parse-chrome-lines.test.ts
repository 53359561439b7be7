// The lines outside a text dump's posts (issue 15: read with less garbage): the forum's name line gives
// the forum's description when it is the name, a space and more; the page's own time zone line is the
// last one, and what follows it is the footer; an earlier zone line is kept in a warning.
import { describe, expect, it } from "vitest";
import { parseVbulletinText } from "../src/parse/vbulletin-text.ts";

const POST = [
  "Old 05-09-2009, 09:27 AM   #1",
  "Kieran Barry",
  "Member Kieran Barry is offline",
  "Join Date: Apr 2008",
  "Default Back spasms",
  "",
  "My back hurts.",
  "Reply With Quote",
];

const dump = (before: string[], after: string[]): string =>
  ["Iron Commons", "Go Back   Iron Commons > Training > Running", ...before, ...POST, ...after].join("\n");

describe("lines outside the posts", () => {
  it("take the forum's description from its name line, only where a space follows the name", () => {
    const described = parseVbulletinText(dump(["Running Road, trail and track"], []), "a.txt");
    expect(described.forum).toEqual({ name: "Running", description: "Road, trail and track" });

    const joined = parseVbulletinText(dump(["RunningShoes for sale"], []), "b.txt");
    expect(joined.forum).toEqual({ name: "Running" });
    expect(joined.warnings.map((warning) => warning.message)).toContain(
      "line outside any post not recognised, kept here: RunningShoes for sale",
    );
  });

  it("read the last time zone line as the page's, keep an earlier one in a warning, and the rest as footer", () => {
    const page = parseVbulletinText(
      dump(
        ["All times are GMT -5. The time now is 09:00 AM."],
        ["All times are GMT -7. The time now is 01:13 AM.", "Iron Commons is a registered trademark."],
      ),
      "c.txt",
    );
    expect(page.timezone).toEqual({ label: "GMT -7", offsetMinutes: -420 });
    expect(page.footer).toEqual(["Iron Commons is a registered trademark."]);
    expect(page.warnings).toContainEqual({
      file: "c.txt",
      line: 3,
      message: "time zone line before the page's last one, kept here: All times are GMT -5. The time now is 09:00 AM.",
    });
  });
});

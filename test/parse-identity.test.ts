// Which thread a page belongs to, and the thread's identity, must not depend on file names,
// the machine's locale, or a chance collision of first posts.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDumps, type DumpInput } from "../src/parse/index.ts";

const fixture = (name: string) => readFileSync(`test/fixtures/${name}`, "utf8");

/** A dump of the CrossFit skin with the given posts, for a thread titled "Back Spasms". */
function backSpasmsPage(
  posts: { number: number; date: string; author: string; title: string; text: string }[],
): string {
  const nb = "\u00a0";
  const head = [
    `CrossFit Discussion Board${nb} `,
    "",
    `Go Back${nb}  CrossFit Discussion Board > In Sickness and In Health > Injuries`,
    "",
    "Injuries Chronic & Acute",
    "",
    "Reply",
    "Thread Tools",
  ];
  const body = posts.flatMap((post) => [
    `Old ${post.date}${nb}  #${post.number}`,
    post.author,
    `Member ${post.author} is offline`,
    `${nb} `,
    "Profile:",
    "Join Date: Jan 2006",
    "Posts: 10",
    post.title,
    "",
    post.text,
    `${nb} Reply With Quote`,
  ]);
  return [...head, ...body, "", "All times are GMT -7. The time now is 05:25 PM."].join("\n");
}

describe("a page that could continue two same-titled threads", () => {
  // same-title-a: #1–#3, July 2008 (Keith Wiggins). same-title-b: #1–#3, January 2007 (Mike Breslin).
  const a = { file: "a.txt", bytes: fixture("same-title-a.txt") };
  const b = { file: "b.txt", bytes: fixture("same-title-b.txt") };
  const threadOf = (inputs: DumpInput[], author: string) =>
    parseDumps(inputs).threads.find((thread) => thread.posts[0]!.author.name === author)!;

  it("joins neither when its dates fit both, whatever the file names", () => {
    const page2 = backSpasmsPage([
      {
        number: 4,
        date: "07-21-2008, 09:00 AM",
        author: "Jonas Berg",
        title: "Re: Back Spasms",
        text: "Any news on the back?",
      },
    ]);
    for (const name of ["0-page2.txt", "m-page2.txt", "zz-page2.txt"]) {
      const result = parseDumps([a, b, { file: name, bytes: page2 }]);
      expect(result.threads).toHaveLength(3);
      expect(threadOf([a, b, { file: name, bytes: page2 }], "Keith Wiggins").posts.map((post) => post.number)).toEqual([
        1, 2, 3,
      ]);
      expect(
        result.warnings.some((warning) => warning.file === name && /could continue 2 threads/.test(warning.message)),
      ).toBe(true);
    }
  });

  it("joins the one thread its dates can follow", () => {
    // January 2007 can follow same-title-b (last post 01-17-2007) but not same-title-a (July 2008).
    const page2 = backSpasmsPage([
      {
        number: 4,
        date: "01-18-2007, 09:00 AM",
        author: "Jonas Berg",
        title: "Re: Back Spasms",
        text: "Did the swings get better?",
      },
    ]);
    const inputs = [a, b, { file: "page2.txt", bytes: page2 }];
    expect(parseDumps(inputs).threads).toHaveLength(2);
    expect(threadOf(inputs, "Mike Breslin").posts.map((post) => post.number)).toEqual([1, 2, 3, 4]);
    expect(threadOf(inputs, "Keith Wiggins").posts.map((post) => post.number)).toEqual([1, 2, 3]);
  });
});

describe("thread identity", () => {
  it("a title tie among replies is broken by code units, not the machine's locale", () => {
    // No post #1; one reply says "Re: Zerrung", one "Re: Ärger mit dem Knie". "Z" (U+005A) sorts before "Ä" (U+00C4).
    const page = backSpasmsPage([
      {
        number: 21,
        date: "03-01-2010, 09:00 AM",
        author: "Jonas Berg",
        title: "Re: Ärger mit dem Knie",
        text: "Knee trouble again.",
      },
      {
        number: 22,
        date: "03-01-2010, 10:00 AM",
        author: "Mike Breslin",
        title: "Re: Zerrung",
        text: "A strain, I think.",
      },
    ]);
    const [thread] = parseDumps([{ file: "page3.txt", bytes: page }]).threads;
    expect(thread!.title).toBe("Zerrung");
  });

  it("two captures with the same first post that disagree later get different ids and URLs", () => {
    const early = fixture("recapture-early.txt");
    // The same page, but post #2 shows another time: not the same post, so not merged.
    const other = early.replace("Old 11-19-2012, 07:05 PM", "Old 11-19-2012, 07:06 PM");
    expect(other).not.toBe(early);
    const result = parseDumps([
      { file: "one.txt", bytes: early },
      { file: "two.txt", bytes: other },
    ]);
    expect(result.threads).toHaveLength(2);
    const [first, second] = result.threads;
    expect(first!.id).not.toBe(second!.id);
    expect(first!.url).not.toBe(second!.url);
    expect(result.warnings.some((warning) => /same first post but other posts/.test(warning.message))).toBe(true);
  });
});

describe("a board that writes dashed dates day first", () => {
  it("is read day first on every page once one page shows a day over 12", () => {
    // Page one: "20-11-2012" can only be 20 November. Page two (another thread, same site) has only ambiguous dates.
    const one = backSpasmsPage([
      { number: 1, date: "20-11-2012, 09:00 AM", author: "Jonas Berg", title: "Back Spasms", text: "Spasms again." },
    ]);
    const two = backSpasmsPage([
      {
        number: 1,
        date: "10-11-2012, 09:00 AM",
        author: "Mike Breslin",
        title: "Back Spasms",
        text: "Spasms after swings.",
      },
    ]).replaceAll("Back Spasms", "Swings and spasms");
    const { threads } = parseDumps([
      { file: "one.txt", bytes: one },
      { file: "two.txt", bytes: two },
    ]);
    const dateOf = (author: string) =>
      threads.find((thread) => thread.posts[0]!.author.name === author)!.posts[0]!.postedAt;
    expect(dateOf("Jonas Berg")).toBe("2012-11-20T09:00:00-07:00");
    expect(dateOf("Mike Breslin")).toBe("2012-11-10T09:00:00-07:00");
    // Alone, the second page cannot know: month first, as vBulletin's default.
    const [alone] = parseDumps([{ file: "two.txt", bytes: two }]).threads;
    expect(alone!.posts[0]!.postedAt).toBe("2012-10-11T09:00:00-07:00");
  });
});

// Which page of a thread names its breadcrumbs and footer (thread.ts placeOfThread, threadOf), and how a
// breadcrumbs line is split (phrases.ts): the loops that replaced map().find() and map().sort() (issue 15,
// holey arrays) must choose as before: the fullest breadcrumbs of the forum, the newest capture's of equal
// length; the footer of the first page (post order) that has one; blank crumbs dropped, each trimmed.
import { describe, expect, it } from "vitest";
import { parseDumps } from "../src/parse/index.ts";
import { dumpPost } from "./helpers/text-dump.ts";

/** A post of the thread, one day apart, its body naming it. */
function post(number: number, author: string): string[] {
  const date = `04-${String(10 + number).padStart(2, "0")}-2005, 11:00 AM`;
  return dumpPost(number, author, date, [`Post ${number} of the rope thread.`]);
}

/** A page of the thread: its breadcrumbs line, posts `first` and `first + 1`, then its footer lines. */
function page(crumbs: string, first: number, footer: string[]): string {
  return [
    "Iron Commons Discussion Board",
    "",
    `Go Back   ${crumbs}`,
    "",
    ...post(first, "Alice Hall"),
    ...post(first + 1, "Bob Turner"),
    "",
    ...footer,
  ].join("\n");
}

function threadOf(pages: Record<string, string>) {
  const result = parseDumps(
    Object.entries(pages).map(([file, text]) => ({ file, bytes: new TextEncoder().encode(text) })),
  );
  expect(result.threads).toHaveLength(1);
  return result.threads[0]!;
}

describe("a thread's place and footer, from several pages", () => {
  it("takes the fullest breadcrumbs of the forum, whichever page shows them", () => {
    const thread = threadOf({
      "rope-1.txt": page("Iron Commons Discussion Board > Training > Gymnastics", 1, []),
      "rope-2.txt": page("Iron Commons Discussion Board > Gymnastics", 3, []),
    });
    expect(thread.posts.map((p) => p.number)).toEqual([1, 2, 3, 4]);
    expect(thread.breadcrumbs).toEqual(["Iron Commons Discussion Board", "Training", "Gymnastics"]);
    expect(thread.forum.name).toBe("Gymnastics");
  });

  it("of breadcrumbs equally full, takes the newest capture's (the page with the later posts)", () => {
    const thread = threadOf({
      "rope-1.txt": page("Iron Commons Discussion Board > Training > Gymnastics", 1, []),
      "rope-2.txt": page("Iron Commons Discussion Board > Skills > Gymnastics", 3, []),
    });
    expect(thread.breadcrumbs).toEqual(["Iron Commons Discussion Board", "Skills", "Gymnastics"]);
  });

  it("takes the footer of the first page that has one", () => {
    const both = threadOf({
      "rope-1.txt": page("Iron Commons Discussion Board > Gymnastics", 1, ["Copyright 2005 Iron Commons"]),
      "rope-2.txt": page("Iron Commons Discussion Board > Gymnastics", 3, ["Copyright 2006 Iron Commons"]),
    });
    expect(both.footer).toEqual(["Copyright 2005 Iron Commons"]);
    const second = threadOf({
      "rope-1.txt": page("Iron Commons Discussion Board > Gymnastics", 1, []),
      "rope-2.txt": page("Iron Commons Discussion Board > Gymnastics", 3, ["Copyright 2006 Iron Commons"]),
    });
    expect(second.footer).toEqual(["Copyright 2006 Iron Commons"]);
    const none = threadOf({ "rope-1.txt": page("Iron Commons Discussion Board > Gymnastics", 1, []) });
    expect(none).not.toHaveProperty("footer");
  });

  it("splits a breadcrumbs line at each spaced '>', each crumb trimmed, blank ones dropped", () => {
    const thread = threadOf({
      "rope-1.txt": page("Iron Commons Discussion Board  >   >  Training >\tGymnastics", 1, []),
    });
    expect(thread.breadcrumbs).toEqual(["Iron Commons Discussion Board", "Training", "Gymnastics"]);
    expect(thread.site).toBe("Iron Commons Discussion Board");
  });
});

// Issue 15: linkListedThreads finds the archived threads a Similar Threads row names by site, forum and
// title (reply prefix and case aside) in maps within maps, each title's key made once, where it made a
// JSON key of the three for every thread and row. The rule it keeps: the same site, the same forum, the
// same title; of several such threads, the one the row's starter started (its first post archived).
import { describe, expect, it } from "vitest";
import type { ListedThread, Thread } from "../src/model.ts";
import { linkListedThreads } from "../src/parse/index.ts";

/** The keys linkListedThreads reads of a thread; the rest of a Thread does not matter to it. */
function thread(id: string, site: string, forum: string, title: string, starter: string, first = 1): Thread {
  return {
    id,
    url: `/${id}/`,
    site,
    forum: { name: forum },
    title,
    posts: [{ number: first, author: { name: starter } }],
    similarListed: [],
  } as unknown as Thread;
}

function row(title: string, forum: string, starter: string): ListedThread {
  return { title, forum, starter, replies: 0, lastPostAt: "", row: title, split: "known" };
}

describe("linkListedThreads", () => {
  it("links a row to the thread of the same site, forum and title, reply prefix and case aside", () => {
    const asking = thread("a", "Iron Commons", "Injuries", "Golfer's elbow", "Ann");
    const named = thread("b", "Iron Commons", "Injuries", "Back spasms", "Ben");
    asking.similarListed.push(row("RE: back SPASMS", "Injuries", "Ben"));
    linkListedThreads([asking, named]);
    expect(asking.similarListed[0]).toMatchObject({ archivedUrl: "/b/", archivedId: "b" });
  });

  it("does not link across sites or forums, even where the names joined would read alike", () => {
    const asking = thread("a", "Iron", "Commons Injuries", "Golfer's elbow", "Ann");
    // Site "Iron Commons" and forum "Injuries" against site "Iron" and forum "Commons Injuries".
    const otherSite = thread("b", "Iron Commons", "Injuries", "Back spasms", "Ben");
    const otherForum = thread("c", "Iron", "Training", "Back spasms", "Ben");
    asking.similarListed.push(row("Back spasms", "Commons Injuries", "Ben"));
    asking.similarListed.push(row("Back spasms", "Training", "Ben"));
    linkListedThreads([asking, otherSite, otherForum]);
    expect(asking.similarListed[0]!.archivedUrl).toBeUndefined();
    expect(asking.similarListed[1]).toMatchObject({ archivedUrl: "/c/" });
  });

  it("of two threads of one title, takes the starter's; with neither starter's, links none", () => {
    const asking = thread("a", "Iron Commons", "Injuries", "Golfer's elbow", "Ann");
    const byBen = thread("b", "Iron Commons", "Injuries", "Back spasms", "Ben");
    const byCy = thread("c", "Iron Commons", "Injuries", "Re: Back spasms", "Cy");
    asking.similarListed.push(row("Back spasms", "Injuries", "Cy"), row("Back spasms", "Injuries", "Dee"));
    linkListedThreads([asking, byBen, byCy]);
    expect(asking.similarListed[0]).toMatchObject({ archivedUrl: "/c/" });
    expect(asking.similarListed[1]!.archivedUrl).toBeUndefined();
  });
});

// Issue 15: a rebuild splits and links every thread's Similar Threads rows again, and a popular thread is
// listed alike by many others (half the rows of the 10,000-thread bench corpus repeat one before). Each row
// with its dates' context is split once a build, and each named thread's starter read once; every thread
// still gets listed threads of its own, linked for it.
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Thread } from "../src/model.ts";

const split = vi.hoisted(() => ({ calls: [] as string[] }));
vi.mock("../src/parse/similar-rows.ts", async (importOriginal) => {
  const original = await importOriginal<typeof import("../src/parse/similar-rows.ts")>();
  return {
    ...original,
    splitListedRow: (row: string, ...rest: [never, never]) => {
      split.calls.push(row);
      return original.splitListedRow(row, ...rest);
    },
  };
});

const { linkListedThreads, parseDumps } = await import("../src/parse/index.ts");

/** A one-post thread of the JACK forum, its Similar Threads rows as given; the board's times GMT `zone`. */
function dump(title: string, starter: string, rows: string[], zone = "+5.5"): string {
  return [
    "Linux Audio Users",
    "",
    "Go Back   Linux Audio Users > Software > JACK",
    "",
    title,
    "",
    "Old 2016-02-01, 02:21   #1",
    starter,
    `Member ${starter} is offline`,
    " ",
    "Posts: 208",
    title,
    "",
    `Text of ${title}.`,
    "  Reply With Quote",
    "Reply",
    "",
    "Similar Threads",
    "Thread Thread Starter Forum Replies Last Post",
    ...rows,
    "",
    `All times are GMT ${zone}. The time now is 16:40.`,
  ].join("\n");
}

const USB = "USB interface latency xrun_hunter JACK 3 2015-11-20 18:05";
const PERIODS = "Periods and frames ingrid JACK 7 2015-12-01 09:30";

beforeEach(() => {
  split.calls.length = 0;
});

describe("Similar Threads rows", () => {
  it("splits a row listed alike by several threads once, and gives each thread a listed thread of its own", () => {
    const { threads } = parseDumps([
      { file: "a.txt", bytes: dump("Xruns at 64 frames", "xrun_hunter", [USB, PERIODS]) },
      { file: "b.txt", bytes: dump("Buffer sizes", "ingrid", [USB]) },
      { file: "c.txt", bytes: dump("USB interface latency", "xrun_hunter", [PERIODS]) },
      { file: "d.txt", bytes: dump("Periods and frames", "ingrid", [USB]) },
    ]);
    // Four rows listed, two rows' texts, one dates' context.
    expect(split.calls.sort()).toEqual([PERIODS, USB]);
    const byTitle = new Map(threads.map((thread) => [thread.title, thread]));
    const usb = byTitle.get("USB interface latency")!;
    const periods = byTitle.get("Periods and frames")!;
    const listedUsb = ["Xruns at 64 frames", "Buffer sizes", "Periods and frames"].map(
      (title) => byTitle.get(title)!.similarListed.find((listed) => listed.row === USB)!,
    );
    expect(new Set(listedUsb).size).toBe(3);
    for (const listed of listedUsb) {
      expect(listed).toMatchObject({ title: "USB interface latency", starter: "xrun_hunter", forum: "JACK" });
      expect(listed).toMatchObject({ replies: 3, lastPostAt: "2015-11-20T18:05:00+05:30", archivedUrl: usb.url });
    }
    // PERIODS names "Periods and frames" (started by ingrid): linked from the threads that list it.
    const listedPeriods = byTitle.get("USB interface latency")!.similarListed[0]!;
    expect(listedPeriods).toMatchObject({ title: "Periods and frames", archivedUrl: periods.url });
  });

  it("splits a row again for a thread whose dates read in another zone", () => {
    const { threads } = parseDumps([
      { file: "a.txt", bytes: dump("Xruns at 64 frames", "xrun_hunter", [USB]) },
      { file: "b.txt", bytes: dump("Buffer sizes", "ingrid", [USB], "-7") },
    ]);
    expect(split.calls).toEqual([USB, USB]);
    const lastPosts = threads.map((thread) => thread.similarListed[0]!.lastPostAt).sort();
    expect(lastPosts).toEqual(["2015-11-20T18:05:00+05:30", "2015-11-20T18:05:00-07:00"]);
  });

  it("reads each named thread's starter once, however many rows name it", () => {
    let reads = 0;
    const named = {
      id: "n",
      url: "/n/",
      site: "S",
      forum: { name: "F" },
      title: "Named",
      posts: [
        {
          number: 1,
          get author() {
            reads++;
            return { name: "Ann" };
          },
        },
      ],
      similarListed: [],
    } as unknown as Thread;
    const listing = Array.from({ length: 5 }, (_, index) => {
      const thread = { ...named, id: `l${index}`, url: `/l${index}/`, title: `Listing ${index}` } as Thread;
      thread.posts = [];
      const row = { title: "Named", starter: "Ann", forum: "F", replies: 0, lastPostAt: "", row: "r" };
      thread.similarListed = [{ ...row, split: "known" }];
      return thread;
    });
    linkListedThreads([named, ...listing]);
    expect(listing.map((thread) => thread.similarListed[0]!.archivedUrl)).toEqual(Array(5).fill("/n/"));
    expect(reads).toBe(1);
  });
});

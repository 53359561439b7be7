// A packed post is a view on its thread's record (archive/packed-posts.ts): integers outside the
// heap, objects in one array a thread. Whatever a plain Post holds, and whatever is assigned to it
// afterwards, the view must read, serialise and travel to a worker exactly as the plain post.
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { packBodies, postsOfTransfer, transferForm } from "../src/archive/packed-bodies.ts";
import { digitsOf } from "../src/archive/packed-posts.ts";
import type { Author, Block, Post, Thread } from "../src/model.ts";
import { dateValue } from "../src/site/format.ts";
import { postedTime } from "../src/site/view/shared.ts";
import { threadOfPosts } from "./helpers/packed-thread.ts";

const FIELDS = [
  "number",
  "postedAt",
  "postedAtText",
  "author",
  "title",
  "icon",
  "body",
  "signature",
  "edited",
  "attachments",
  "id",
  "deleted",
  "moderated",
  "source",
] as const;

const authors: Author[] = [
  { name: "Ann", hasAvatar: false },
  { name: "Bob", hasAvatar: true, title: "Member", postCount: 3 },
];
const blocks = fc.array(
  fc.string().map((text): Block => ({ type: "paragraph", inlines: [{ type: "text", text }] })),
  { maxLength: 2 },
);
/** Integers around the edges of 32 bits, and numbers that are not integers. */
const number = fc.oneof(
  fc.integer({ min: -3, max: 30 }),
  fc.constantFrom(2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 2 ** 53 - 1, -0, 0.5, Number.NaN),
);
/** ISO dates in the thread's zone or another, in any year, and text that is no date. */
const date = fc.oneof(
  fc
    .tuple(
      // Any second (not only whole hours: a date's time of day is packed too), up to the 32-bit
      // bounds of what a packed date holds and beyond.
      fc
        .oneof(
          fc.integer({ min: -7_200_000_000, max: 7_200_000_000 }),
          fc.integer({ min: -(2 ** 31) - 2, max: -(2 ** 31) + 2 }),
          fc.integer({ min: 2 ** 31 - 3, max: 2 ** 31 + 1 }),
        )
        .map((seconds) => new Date((2 ** 30 + seconds) * 1000)), // from the packed dates' base, 2004-01-10
      // "+25:00": a zone suffix Date.parse does not read.
      fc.constantFrom("Z", "-05:00", "+05:30", "", "+25:00"),
    )
    .map(([at, zone]) => at.toISOString().slice(0, 19) + zone),
  fc.string(),
);
const id = fc.oneof(
  fc.integer({ min: 0, max: 2 ** 32 }).map(String),
  fc.constantFrom("007", "post12", ""),
  fc.string(),
);
const source = fc.record({
  file: fc.constantFrom("board.sql", "page-2.html"),
  line: number,
});

/** A plain post: required fields, any of the optional ones, and the keys in an order of their own. */
const post: fc.Arbitrary<Post> = fc
  .record(
    {
      number,
      postedAt: date,
      postedAtText: fc.oneof(date, fc.constant("same")),
      author: fc.constantFrom(...authors),
      title: fc.string(),
      icon: fc.constant("Default"),
      body: blocks,
      signature: blocks,
      edited: fc.record({ by: fc.string(), at: date, atText: fc.string() }),
      attachments: fc.constant([{ label: "Attached Files", lines: ["a.png"] }]),
      id,
      deleted: fc.record({ text: fc.string() }),
      moderated: fc.boolean(),
      source,
      extra: fc.string(),
    },
    { requiredKeys: ["number", "postedAt", "postedAtText", "author", "body", "source"] },
  )
  .chain((fields) =>
    fc.shuffledSubarray(Object.keys(fields), { minLength: Object.keys(fields).length }).map((keys) => {
      const ordered: Record<string, unknown> = {};
      for (const key of keys) ordered[key] = (fields as Record<string, unknown>)[key];
      if (ordered.postedAtText === "same") ordered.postedAtText = ordered.postedAt;
      return ordered as unknown as Post;
    }),
  );

/** An assignment made after packing: a field and a value it may take. */
const assignment = fc.oneof(
  fc.record({ key: fc.constant("number"), value: number }),
  fc.record({ key: fc.constant("postedAt"), value: date }),
  fc.record({ key: fc.constant("postedAtText"), value: date }),
  fc.record({ key: fc.constant("author"), value: fc.constantFrom(...authors) }),
  fc.record({ key: fc.constantFrom("title", "icon"), value: fc.option(fc.string(), { nil: undefined }) }),
  fc.record({ key: fc.constantFrom("body", "signature"), value: blocks }),
  // A signature taken away: no copy of the post (a worker's, a fingerprint's) may bring it back.
  fc.record({ key: fc.constant("signature"), value: fc.constant(undefined) }),
  fc.record({ key: fc.constant("id"), value: fc.option(id, { nil: undefined }) }),
  fc.record({ key: fc.constant("moderated"), value: fc.boolean() }),
  fc.record({ key: fc.constant("source"), value: source }),
);

const threadOf = (posts: Post[]): Thread => threadOfPosts(posts);
/** A thread of one bodiless post a date, each date its own text. */
const threadOfDates = (dates: string[]): Thread =>
  threadOf(
    dates.map((postedAt, i) => ({
      number: i + 1,
      postedAt,
      postedAtText: postedAt,
      author: authors[0]!,
      body: [],
      source: { file: "board.sql", line: i + 1 },
    })),
  );

/** What a reader sees of a post: every field, and its JSON. */
function seen(post: Post): unknown {
  return [FIELDS.map((key) => post[key]), (post as unknown as { extra?: string }).extra, JSON.stringify(post)];
}

describe("packed posts, views on their thread's record", () => {
  it("read and serialise as the plain posts, before and after any assignments, also in a worker", () => {
    fc.assert(
      fc.property(
        fc.array(post, { minLength: 1, maxLength: 6 }),
        fc.array(fc.tuple(fc.nat(), assignment), { maxLength: 8 }),
        (posts, assignments) => {
          const plain = structuredClone(posts);
          const thread = threadOf(structuredClone(posts));
          packBodies(thread);
          expect(thread.posts.map(seen)).toEqual(plain.map(seen));
          expect(JSON.stringify(thread)).toBe(JSON.stringify(threadOf(plain)));
          const moved = postsOfTransfer(structuredClone(transferForm(thread.posts)));
          expect(moved.map(seen)).toEqual(plain.map(seen));
          for (const [at, { key, value }] of assignments) {
            for (const list of [plain, thread.posts])
              (list[at % list.length] as unknown as Record<string, unknown>)[key] = value;
          }
          expect(thread.posts.map(seen)).toEqual(plain.map(seen));
          const movedAfter = postsOfTransfer(structuredClone(transferForm(thread.posts)));
          expect(movedAfter.map(seen)).toEqual(plain.map(seen));
        },
      ),
    );
  });

  it("give their date's dateValue from the record, before and after any assignments", () => {
    fc.assert(
      fc.property(
        fc.array(post, { minLength: 1, maxLength: 6 }),
        fc.array(fc.tuple(fc.nat(), assignment), { maxLength: 4 }),
        (posts, assignments) => {
          const thread = threadOf(posts);
          packBodies(thread);
          expect(thread.posts.map(postedTime)).toEqual(thread.posts.map((p) => dateValue(p.postedAt)));
          for (const [at, { key, value }] of assignments)
            (thread.posts[at % thread.posts.length] as unknown as Record<string, unknown>)[key] = value;
          expect(thread.posts.map(postedTime)).toEqual(thread.posts.map((p) => dateValue(p.postedAt)));
        },
      ),
    );
  });

  it("read a packed date's time without writing the date out, in the thread's zone", () => {
    const dates = ["2009-05-09T09:27:00+05:30", "2009-05-09T23:59:59+05:30", "1999-12-31T00:00:00+05:30"];
    const thread = threadOfDates(dates);
    packBodies(thread);
    const times = thread.posts.map((p) => (p as unknown as { postedAtTime(): number | undefined }).postedAtTime());
    // 09:27 at +05:30 is 03:57 UTC.
    expect(times).toEqual([
      Date.UTC(2009, 4, 9, 3, 57),
      Date.UTC(2009, 4, 9, 18, 29, 59),
      Date.UTC(1999, 11, 30, 18, 30),
    ]);
  });

  it("read back dates at a day's, a month's and the 32 bits' edges, and digits no date has", () => {
    const dates = [
      "2008-02-29T23:59:59Z", // a leap day
      "2009-02-29T10:00:00Z", // no such day: kept as the text it is
      "2009-02-30T10:00:00Z",
      "2009-13-01T10:00:00Z",
      "2009-05-09T24:00:00Z", // Date.parse reads this as the next midnight
      "2009-05-09T23:60:00Z",
      "2009-05-09T23:59:60Z",
      "1935-12-01T00:00:00Z", // before the 32 bits' first second (1935-12-23T10:22:56Z)
      "1936-01-01T00:00:00Z",
      "2072-01-28T12:00:00Z",
      "2072-02-01T00:00:00Z", // after their last (2072-01-28T16:51:11Z)
      "2004-01-10T13:37:04Z", // the packed dates' base
    ];
    const thread = threadOfDates(dates);
    packBodies(thread);
    expect(thread.posts.map((post) => post.postedAt)).toEqual(dates);
  });

  it("read a day's date once however many posts it holds (a rebuild packs every kept post again)", () => {
    const posts = Array.from({ length: 40 }, (_, i) => ({
      number: i + 1,
      postedAt: `2011-03-07T${String(i % 24).padStart(2, "0")}:${String(i).padStart(2, "0")}:07Z`,
      postedAtText: "",
      author: authors[0]!,
      body: [],
      source: { file: "board.sql", line: i + 1 },
    }));
    const parse = vi.spyOn(Date, "parse");
    try {
      const thread = threadOf(posts);
      packBodies(thread);
      expect(parse.mock.calls.length).toBeLessThanOrEqual(1);
      expect(thread.posts.map((post) => post.postedAt)).toEqual(posts.map((post) => post.postedAt));
    } finally {
      parse.mockRestore();
    }
  });

  it("hold the same author object, not a copy", () => {
    const thread = threadOf([
      { number: 1, postedAt: "", postedAtText: "", author: authors[0]!, body: [], source: { file: "a", line: 1 } },
    ]);
    packBodies(thread);
    expect(thread.posts[0]!.author).toBe(authors[0]);
  });

  it("read a packed date's digits as the ISO date of its second, any second a date packs", () => {
    // A wrong reading would not show in the test above: a date whose digits do not read back is
    // kept whole, as text. Here the digits are held to the ISO date itself.
    const base = 2 ** 30;
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (seconds) => {
        expect(digitsOf(seconds)).toBe(new Date((base + seconds) * 1000).toISOString().slice(0, 19));
      }),
      { numRuns: 2000 },
    );
    for (const seconds of [-(2 ** 31), -base - 1, -base, -1, 0, 86_399, 86_400, 2 ** 31 - 1]) {
      expect(digitsOf(seconds)).toBe(new Date((base + seconds) * 1000).toISOString().slice(0, 19));
    }
  });
});

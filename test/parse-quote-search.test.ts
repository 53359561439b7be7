// Issue 15: the quote search (quotes.ts findSource). Its result must be exactly the rule's: the earlier post
// whose own lines the quote copies longest, the nearest of equal ones, tried nearest first within a budget of
// line comparisons, then the untried holders of the first line. Here that rule is written out plainly, every
// line normalised up front, and the search is compared with it over generated threads (pins the rule for any
// faster search; the search normalises the quoted lines only as far as a chain reaches them).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BodySource, findSource, type QuoteSource, type SearchLimits } from "../src/parse/quotes.ts";

const MIN_PARTIAL = 12;
const MAX_SKIPPED_SOURCE_LINES = 8;
const DEFAULT_LIMITS: SearchLimits = { base: 5_000, perLine: 100, exactCandidates: 64 };

const normalise = (text: string) => (text.includes("  ") || text.includes("\t") ? text.replace(/\s+/g, " ") : text);

function lineMatches(quoted: string, source: string, skipping: boolean): boolean {
  if (quoted === source) return true;
  return quoted.length >= (skipping ? MIN_PARTIAL * 2 : MIN_PARTIAL) && source.includes(quoted);
}

interface PlainSource {
  /** The post's own non-blank lines as a quote compares them. */
  lines: string[];
  author: string;
}

interface Found {
  at: number;
  end: number;
  score: number;
}

/** The rule: chains from every start of one source, the longest kept, a tie to the one found first. */
function plainChain(
  wanted: string[],
  indexes: number[],
  source: PlainSource,
  at: number,
  budget: { left: number },
  best: Found | undefined,
): Found | undefined {
  const { lines } = source;
  budget.left--;
  for (let start = 0; start < lines.length && budget.left > 0; start++) {
    budget.left--;
    if (!lineMatches(wanted[0]!, lines[start]!, false)) continue;
    let score = wanted[0]!.length;
    let last = indexes[0]!;
    let position = start + 1;
    for (let k = 1; k < wanted.length; k++) {
      let matched = -1;
      for (let c = position; c < Math.min(lines.length, position + MAX_SKIPPED_SOURCE_LINES + 1); c++) {
        budget.left--;
        if (lineMatches(wanted[k]!, lines[c]!, c > position)) {
          matched = c;
          break;
        }
      }
      if (matched < 0) break;
      score += wanted[k]!.length;
      last = indexes[k]!;
      position = matched + 1;
    }
    if (!best || score > best.score) best = { at, end: last + 1, score };
  }
  return best;
}

/** The rule, plainly: the earlier posts (the author's, when named) nearest first while the budget lasts;
 *  when it runs out, the untried posts holding the first line exactly, nearest first, a new budget. */
function plainFind(quoted: string[], author: string | undefined, earlier: PlainSource[], limits: SearchLimits) {
  const indexes = quoted.flatMap((text, at) => (text === "" ? [] : [at]));
  const wanted = indexes.map((at) => normalise(quoted[at]!));
  if (wanted.length === 0) return undefined;
  const perfect = wanted.reduce((sum, text) => sum + text.length, 0);
  const allowance = limits.base + limits.perLine * wanted.length;
  const budget = { left: allowance };
  const candidates = earlier.flatMap((source, at) => (author === undefined || source.author === author ? [at] : []));
  let best: Found | undefined;
  let lowestTried = Number.POSITIVE_INFINITY;
  for (const at of [...candidates].reverse()) {
    if (budget.left <= 0) break;
    lowestTried = at;
    best = plainChain(wanted, indexes, earlier[at]!, at, budget, best);
    if (best?.score === perfect) return best;
  }
  if (budget.left <= 0) {
    budget.left = allowance;
    const holders = candidates.filter((at) => at < lowestTried && earlier[at]!.lines.includes(wanted[0]!));
    for (const at of holders.reverse().slice(0, limits.exactCandidates)) {
      if (budget.left <= 0) break;
      best = plainChain(wanted, indexes, earlier[at]!, at, budget, best);
      if (best?.score === perfect) return best;
    }
  }
  return best;
}

const AUTHORS = ["Ann", "Ben", "Cy"];
const WORDS = ["grip", "wrist", "elbow", "pull-ups", "a", "to", "the", "rest", "ice", "tape", "my", "week"];
// Spaces a dump line may hold between words: one, two, a tab, an em space (not folded alone).
const word = fc.constantFrom(...WORDS);
const gap = fc.constantFrom(" ", " ", " ", "  ", "\t", "\u2003");
const line = fc
  .tuple(word, fc.array(fc.tuple(gap, word), { maxLength: 9 }))
  .map(([head, rest]) => head + rest.map(([g, w]) => g + w).join(""));
const bodyLine = fc.oneof({ weight: 5, arbitrary: line }, { weight: 1, arbitrary: fc.constant("") });

/** A quote of an earlier post's lines: some copied as written, respaced or cut down to a part, some left
 *  out, and the reply's own lines after them (a quote has no end marker). */
function quoteOf(lines: readonly string[], pick: number[], cuts: number[], reply: string[]): string[] {
  const copied = pick
    .map((at) => lines[at % Math.max(lines.length, 1)] ?? "")
    .map((text, k) => {
      const cut = cuts[k % cuts.length]!;
      if (cut === 1) return text.replace(/\s+/g, "  ");
      if (cut === 2) return text.slice(Math.floor(text.length / 3)).trim();
      if (cut === 3) return text.slice(0, Math.ceil((text.length * 2) / 3)).trim();
      return text;
    });
  return [...copied, ...reply];
}

const thread = fc.record({
  posts: fc.array(
    fc.record({
      author: fc.constantFrom(...AUTHORS),
      body: fc.array(bodyLine, { maxLength: 8 }),
      asWritten: fc.boolean(),
    }),
    { minLength: 1, maxLength: 14 },
  ),
  quotes: fc.array(
    fc.record({
      post: fc.nat(),
      from: fc.nat(),
      pick: fc.array(fc.nat({ max: 9 }), { maxLength: 6 }),
      cuts: fc.array(fc.nat({ max: 5 }), { minLength: 1, maxLength: 4 }),
      reply: fc.array(bodyLine, { maxLength: 4 }),
      named: fc.option(fc.constantFrom(...AUTHORS, "Dee")),
    }),
    { minLength: 1, maxLength: 6 },
  ),
});

const limitsArb = fc.oneof(
  fc.constant(DEFAULT_LIMITS),
  fc.record({ base: fc.nat({ max: 40 }), perLine: fc.nat({ max: 4 }), exactCandidates: fc.nat({ max: 3 }) }),
);

/** What the search found: the post and the end of the quote in the quoted lines. */
const sourceAndEnd = (found: ReturnType<typeof findSource>) => found && { source: found.source, end: found.end };

describe("findSource", () => {
  it("finds what the rule written out plainly finds: the same post and end, after every post of a thread", () => {
    fc.assert(
      fc.property(thread, limitsArb, ({ posts, quotes }, limits) => {
        // The thread's sources pushed one by one into one list, as postsOf does (the index grows with it).
        const earlier: QuoteSource[] = [];
        const plain: PlainSource[] = [];
        for (const [number, post] of posts.entries()) {
          for (const quote of quotes) {
            const origin = plain[quote.from % Math.max(plain.length, 1)];
            const quoted = quoteOf(origin?.lines ?? [], quote.pick, quote.cuts, quote.reply);
            const author = quote.named ?? undefined;
            const found = findSource(quoted, author, earlier, limits);
            const expected = plainFind(quoted, author, plain, limits);
            expect(found && { at: earlier.indexOf(found.source), end: found.end }).toEqual(
              expected && { at: expected.at, end: expected.end },
            );
          }
          const own = post.body.filter((text) => text !== "");
          // A text post's lines are normalised when compared; an HTML post's are compared as they are.
          earlier.push(
            post.asWritten
              ? { number, author: post.author, lines: own }
              : new BodySource(number, post.author, post.body),
          );
          plain.push({ author: post.author, lines: post.asWritten ? own : own.map(normalise) });
        }
      }),
      { numRuns: 400 },
    );
  });

  it("compares lines normalised: a source line written longer than the quote, a quoted line written longer than its source", () => {
    // Written with double spaces, the source line is longer than the quote; normalised, it equals it.
    const spaced = new BodySource(1, "Ann", ["my  wrist  aches", "", "tape it"]);
    expect(sourceAndEnd(findSource(["my wrist aches", "thanks"], undefined, [spaced]))).toEqual({
      source: spaced,
      end: 1,
    });
    // The quoted line written with a tab is longer than the source line; normalised, it is equal.
    const plain = new BodySource(2, "Ben", ["grip the bar", "rest a week"]);
    const found = findSource(["grip\tthe  bar", "rest a week", "my reply"], undefined, [spaced, plain]);
    expect(sourceAndEnd(found)).toEqual({ source: plain, end: 2 });
  });

  it("takes the nearest of two posts that hold the quote equally, and a longer chain over a nearer one", () => {
    const far = new BodySource(1, "Ann", ["ice the elbow twice a day", "and rest it"]);
    const near = new BodySource(2, "Ben", ["ice the elbow twice a day"]);
    const quoted = ["ice the elbow twice a day", "and rest it", "I did, it works"];
    expect(sourceAndEnd(findSource(quoted, undefined, [far, near]))).toEqual({ source: far, end: 2 });
    expect(sourceAndEnd(findSource(quoted.slice(0, 1), undefined, [far, near]))).toEqual({ source: near, end: 1 });
  });

  it("goes on past a nearer post that holds all of the quote but its last line", () => {
    // The search stops early only when a chain reaches the last quoted line (review1).
    const far = new BodySource(1, "Ann", ["ice the elbow twice a day", "and rest it a week", "then tape it"]);
    const near = new BodySource(2, "Ann", ["ice the elbow twice a day", "and rest it a week"]);
    const quoted = ["ice the elbow twice a day", "and rest it a week", "then tape it"];
    expect(sourceAndEnd(findSource(quoted, "Ann", [far, near]))).toEqual({ source: far, end: 3 });
  });

  it("past the budget, tries the nearest untried posts holding the first line exactly, so many of them", () => {
    const sources = [["elbow"], ["elbow"], ["grip"]].map((body, at) => new BodySource(at + 1, "Ann", body));
    // A budget of 2: reading the latest post (1 + its one line) spends it; of the two holders one is taken.
    const found = findSource(["elbow"], undefined, sources, { base: 0, perLine: 2, exactCandidates: 1 });
    expect(sourceAndEnd(found)).toEqual({ source: sources[1], end: 1 });
  });

  it("finds a line holding the quote once normalised, however the quote and the line are spaced", () => {
    // Written with two spaces and an em space, the source's line holds the quote once folded.
    const folded = new BodySource(1, "Ann", ["ice  the\u2003elbow twice a day after pull-ups"]);
    const quote = ["the elbow twice a day after", "it helped"];
    expect(sourceAndEnd(findSource(quote, undefined, [folded]))).toEqual({ source: folded, end: 1 });
    // An em space alone is not folded: a quote holding one is held by a line written with it...
    const kept = new BodySource(2, "Ben", ["grip\u2003the bar twice a day"]);
    const emQuote = ["grip\u2003the bar twice", "thanks"];
    expect(sourceAndEnd(findSource(emQuote, undefined, [kept]))).toEqual({ source: kept, end: 1 });
    // ...and not by one whose two spaces fold the em space too.
    const both = new BodySource(3, "Cy", ["grip\u2003the  bar twice a day"]);
    expect(findSource(emQuote, undefined, [both])).toBeUndefined();
  });
});

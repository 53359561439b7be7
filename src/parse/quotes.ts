// Quotes have no end marker in a text dump: the quoted lines run straight into the reply.
// The end is found by matching the quoted lines against the earlier posts' own text
// (vBulletin strips nested quotes when quoting, so a quote copies its source's own lines).
// Only when no earlier post holds them does a paragraph rule decide, with a warning.
import type { Block } from "../model.ts";
import { paragraphsOf } from "./blocks.ts";
import { matchQuoteOpen, matchQuotedFrom } from "./phrases.ts";
import { lineOfBody, type BodyLines } from "./vbulletin-text.ts";

/** An earlier post as quotes see it: its own lines, quotes removed, blank lines dropped. */
export interface QuoteSource {
  number: number;
  author: string;
  lines: string[];
}

export interface ResolvedBody {
  blocks: Block[];
  /** This post's own lines as written (quotes removed), for `BodySource`. Undefined when the body holds
   *  no quote: its own lines are then its body's. */
  ownLines?: string[];
  problems: readonly { line: number; message: string }[];
}

/** What a body without a quote reports: one shared empty list, not an array a post (issue 15: garbage). Not
 *  frozen: a frozen array has other elements than the lists postsOf reads beside it, and would deopt it. */
const NO_PROBLEMS: ResolvedBody["problems"] = [];

/**
 * An earlier post as quotes see it, from its own lines as written (its body's, or, for a post that
 * quotes, `ResolvedBody.ownLines`): the non-blank ones, normalised when a later quote first reads them
 * (issue 15: most posts are never quoted, and normalising every line of every post up front was a
 * tenth of thread assembly).
 */
export class BodySource implements QuoteSource {
  private own: string[] | undefined;
  constructor(
    readonly number: number,
    readonly author: string,
    private readonly body: readonly string[],
  ) {}

  get lines(): string[] {
    if (this.own === undefined) {
      this.own = [];
      for (const text of this.body) if (text !== "") this.own.push(normalise(text));
    }
    return this.own;
  }
}

/** A quoted line shorter than this must equal its source line; longer, it may be a trimmed part of one. */
const MIN_PARTIAL = 12;
/** How far the quoter may have cut lines out of the middle of the source. */
const MAX_SKIPPED_SOURCE_LINES = 8;

/** Lines arrive trimmed with no-break spaces made spaces; runs of spaces and tabs remain to fold. */
const normalise = (text: string): string =>
  text.includes("  ") || text.includes("\t") ? text.replace(/\s+/g, " ") : text;

/** The body's lines, with `lines` their numbers in the file (for the problems' lines). */
export function resolveBody(
  postNumber: number,
  body: readonly string[],
  lines: BodyLines,
  earlier: readonly QuoteSource[],
): ResolvedBody {
  const opens = quoteOpensOf(body);
  // No quote (most posts): the body is the post's own text, as the loop below would find it.
  // ownLines present (undefined), so both returns share one shape: postsOf reads them at one site (issue 15).
  if (opens === undefined) return { blocks: paragraphsOf(body), ownLines: undefined, problems: NO_PROBLEMS };
  const problems: { line: number; message: string }[] = [];
  const ownLines: string[] = [];
  const blocks: Block[] = [];
  // The post's own lines since the last quote, flushed into paragraphs at each quote and at the end.
  let run: string[] = [];

  let index = 0;
  while (index < body.length) {
    const open = opens[index];
    if (!open) {
      const text = body[index]!;
      run.push(text);
      if (text !== "") ownLines.push(text);
      index++;
      continue;
    }
    blocks.push(...paragraphsOf(run));
    run = [];
    const openLine = lineOfBody(lines, index);
    let author = open.author;
    let start = index + 1;
    if (!open.sameLine && start < body.length) {
      const named = matchQuotedFrom(body[start]!);
      if (named) {
        author = named;
        start++;
      }
    }
    let limit = body.length;
    for (let next = start; next < body.length; next++) {
      if (opens[next]) {
        limit = next;
        break;
      }
    }
    const quoted = body.slice(start, limit);
    const found = findSource(quoted, author, earlier);
    let end: number;
    if (found) {
      end = start + found.end;
    } else {
      end = start + paragraphEnd(quoted);
      const whose = author === undefined ? "an unnamed quote" : `the quote of ${author}`;
      if (end > start) {
        problems.push({
          line: openLine,
          message: `post #${postNumber}: ${whose} matches no earlier post in the dump; its end is guessed at the first blank line (line ${lineOfBody(lines, end - 1)} is its last)`,
        });
      }
    }
    const quoteLines = body.slice(start, end);
    blocks.push({
      type: "quote",
      ...(author !== undefined ? { author } : {}),
      ...(found ? { postNumber: found.source.number } : {}),
      blocks: paragraphsOf(quoteLines),
    });
    index = end;
  }
  blocks.push(...paragraphsOf(run));
  return { blocks, ownLines, problems };
}

type QuoteOpen = NonNullable<ReturnType<typeof matchQuoteOpen>>;

/** Each body line's quote opening (undefined for most), read once; undefined when the body opens none. */
function quoteOpensOf(body: readonly string[]): (QuoteOpen | undefined)[] | undefined {
  let opens: (QuoteOpen | undefined)[] | undefined;
  for (let index = 0; index < body.length; index++) {
    const open = matchQuoteOpen(body[index]!);
    if (open === undefined) continue;
    opens ??= new Array<QuoteOpen | undefined>(body.length).fill(undefined);
    opens[index] = open;
  }
  return opens;
}

/** Index after the first paragraph of the quoted lines (leading blank lines skipped). */
function paragraphEnd(quoted: readonly string[]): number {
  let index = 0;
  while (index < quoted.length && quoted[index] === "") index++;
  while (index < quoted.length && quoted[index] !== "") index++;
  return index;
}

function lineMatches(quoted: string, source: string, skipping: boolean): boolean {
  if (quoted === source) return true;
  const minimum = skipping ? MIN_PARTIAL * 2 : MIN_PARTIAL;
  return quoted.length >= minimum && source.includes(quoted);
}

/**
 * Earlier posts' own lines by text, and posts by author, built up as the thread's `earlier` list
 * grows (kept beside the list, so the caller only pushes sources): a quote's candidate sources
 * are found without reading every earlier post. Without it, a dump of 1,000 posts each quoting
 * 30 lines that every earlier post held took 23 s; the work now grows with the dump.
 */
interface SourceIndex {
  indexed: number;
  /** Normalised line → indexes (ascending, each once) of the sources holding it. Built only when a
   *  quote outruns its budget (rare), up to `linesIndexed`: most threads never need it (issue 15). */
  byLine: Map<string, number[]>;
  linesIndexed: number;
  /** Author → indexes (ascending) of their posts. */
  byAuthor: Map<string, number[]>;
}

const indexes = new WeakMap<readonly QuoteSource[], SourceIndex>();

function indexOf(earlier: readonly QuoteSource[]): SourceIndex {
  let index = indexes.get(earlier);
  if (!index) indexes.set(earlier, (index = { indexed: 0, byLine: new Map(), linesIndexed: 0, byAuthor: new Map() }));
  for (; index.indexed < earlier.length; index.indexed++) {
    const at = index.indexed;
    const posts = index.byAuthor.get(earlier[at]!.author);
    if (posts) posts.push(at);
    else index.byAuthor.set(earlier[at]!.author, [at]);
  }
  return index;
}

/** The earlier posts holding `line` exactly, ascending. */
function holdersOf(line: string, earlier: readonly QuoteSource[], index: SourceIndex): readonly number[] {
  for (; index.linesIndexed < earlier.length; index.linesIndexed++) {
    const at = index.linesIndexed;
    for (const text of earlier[at]!.lines) {
      const holders = index.byLine.get(text);
      if (!holders) index.byLine.set(text, [at]);
      else if (holders[holders.length - 1] !== at) holders.push(at);
    }
  }
  return index.byLine.get(line) ?? [];
}

/** How many line comparisons a quote may cost going back post by post: a base, and so many a quoted
 *  line; beyond that, the earlier posts holding the quote's first line exactly (from the index), at
 *  most `exactCandidates` of them. */
export interface SearchLimits {
  base: number;
  perLine: number;
  exactCandidates: number;
}

const LIMITS: SearchLimits = { base: 5_000, perLine: 100, exactCandidates: 64 };

/** The quote's non-blank lines as written and their indexes in the quoted lines (two arrays, not an object a
 *  line), and as many of them normalised, in order, as a chain has reached (issue 15: the quoted lines run
 *  on into the reply, and most are never compared). */
interface Wanted {
  written: string[];
  indexes: number[];
  texts: string[];
}

/** The `k`th wanted line, normalised. */
function wantedAt(wanted: Wanted, k: number): string {
  const { texts } = wanted;
  while (texts.length <= k) texts.push(normalise(wanted.written[texts.length]!));
  return texts[k]!;
}

interface Chain {
  source: QuoteSource;
  end: number;
  score: number;
}

/**
 * The earlier post whose own lines the quoted lines copy longest; ties go to the nearest post.
 * Posts are tried nearest first, within a budget of line comparisons that grows with the quote
 * (a repetitive dump cannot make each quote read the whole thread); past the budget, only the
 * posts holding the first quoted line exactly are tried, found by the index. Exported with its limits for
 * test/parse-quote-search.test.ts, which compares it with the rule written out plainly.
 */
export function findSource(
  quoted: readonly string[],
  author: string | undefined,
  earlier: readonly QuoteSource[],
  limits: SearchLimits = LIMITS,
): { source: QuoteSource; end: number } | undefined {
  const wanted: Wanted = { written: [], indexes: [], texts: [] };
  for (let at = 0; at < quoted.length; at++) {
    if (quoted[at] === "") continue;
    wanted.written.push(quoted[at]!);
    wanted.indexes.push(at);
  }
  if (wanted.written.length === 0) return undefined;
  const first = wantedAt(wanted, 0);
  // A chain that reaches the last quoted line (every line matched): nothing later can do better.
  const whole = wanted.indexes[wanted.indexes.length - 1]! + 1;
  const index = indexOf(earlier);
  const allowance = limits.base + limits.perLine * wanted.written.length;
  const budget = { left: allowance };
  let best: Chain | undefined;
  const posts = author === undefined ? undefined : (index.byAuthor.get(author) ?? []);
  // The posts tried go back from the latest without a gap: those from `lowestTried` on (the author's, when named).
  let lowestTried = Number.POSITIVE_INFINITY;
  for (let i = (posts ?? earlier).length - 1; i >= 0 && budget.left > 0; i--) {
    lowestTried = posts ? posts[i]! : i;
    best = longestChain(wanted, earlier[lowestTried]!, budget, best);
    if (best?.end === whole) return best;
  }
  if (budget.left <= 0) {
    budget.left = allowance;
    const holders = holdersOf(first, earlier, index);
    let taken = 0;
    for (let i = holders.length - 1; i >= 0 && taken < limits.exactCandidates && budget.left > 0; i--) {
      const at = holders[i]!;
      if (at >= lowestTried || (author !== undefined && earlier[at]!.author !== author)) continue;
      taken++;
      best = longestChain(wanted, earlier[at]!, budget, best);
      if (best?.end === whole) return best;
    }
  }
  return best && { source: best.source, end: best.end };
}

/** The longest run of `wanted` lines `source` holds from any start (or `best`, when it is not longer). */
function longestChain(
  wanted: Wanted,
  source: QuoteSource,
  budget: { left: number },
  best: Chain | undefined,
): Chain | undefined {
  const { texts, indexes } = wanted;
  const count = wanted.written.length;
  const lines = source.lines;
  budget.left--;
  for (let start = 0; start < lines.length && budget.left > 0; start++) {
    budget.left--;
    if (!lineMatches(texts[0]!, lines[start]!, false)) continue;
    let score = texts[0]!.length;
    let last = indexes[0]!;
    let position = start + 1;
    for (let k = 1; k < count; k++) {
      let matched = -1;
      const text = wantedAt(wanted, k);
      const stop = Math.min(lines.length, position + MAX_SKIPPED_SOURCE_LINES + 1);
      for (let candidate = position; candidate < stop; candidate++) {
        budget.left--;
        if (lineMatches(text, lines[candidate]!, candidate > position)) {
          matched = candidate;
          break;
        }
      }
      if (matched < 0) break;
      score += text.length;
      last = indexes[k]!;
      position = matched + 1;
    }
    if (!best || score > best.score) best = { source, end: last + 1, score };
  }
  return best;
}

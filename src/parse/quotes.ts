// Quotes have no end marker in a text dump: the quoted lines run straight into the reply.
// The end is found by matching the quoted lines against the earlier posts' own text
// (vBulletin strips nested quotes when quoting, so a quote copies its source's own lines).
// Only when no earlier post holds them does a paragraph rule decide, with a warning.
import type { Block } from "../model.ts";
import { paragraphsOf } from "./blocks.ts";
import { matchQuoteOpen, matchQuotedFrom } from "./phrases.ts";
import type { SourceLine } from "./vbulletin-text.ts";

/** An earlier post as quotes see it: its own lines, quotes removed, blank lines dropped. */
export interface QuoteSource {
  number: number;
  author: string;
  lines: string[];
}

export interface ResolvedBody {
  blocks: Block[];
  /** This post's own non-blank lines (quotes removed), for later posts to quote. */
  ownLines: string[];
  problems: { line: number; message: string }[];
}

/** A quoted line shorter than this must equal its source line; longer, it may be a trimmed part of one. */
const MIN_PARTIAL = 12;
/** How far the quoter may have cut lines out of the middle of the source. */
const MAX_SKIPPED_SOURCE_LINES = 8;

/** Lines arrive trimmed with no-break spaces made spaces; runs of spaces and tabs remain to fold. */
const normalise = (text: string): string => (text.includes("  ") || text.includes("\t") ? text.replace(/\s+/g, " ") : text);

export function resolveBody(postNumber: number, body: readonly SourceLine[], earlier: readonly QuoteSource[]): ResolvedBody {
  const blocks: Block[] = [];
  const ownLines: string[] = [];
  const problems: ResolvedBody["problems"] = [];
  // The post's own lines since the last quote, flushed into paragraphs at each quote and at the end.
  let run: string[] = [];

  let index = 0;
  while (index < body.length) {
    const open = matchQuoteOpen(body[index]!.text);
    if (!open) {
      const text = body[index]!.text;
      run.push(text);
      if (text !== "") ownLines.push(normalise(text));
      index++;
      continue;
    }
    blocks.push(...paragraphsOf(run));
    run = [];
    const openLine = body[index]!.line;
    let author = open.author;
    let start = index + 1;
    if (!open.sameLine && start < body.length) {
      const named = matchQuotedFrom(body[start]!.text);
      if (named) {
        author = named;
        start++;
      }
    }
    let limit = body.length;
    for (let next = start; next < body.length; next++) {
      if (matchQuoteOpen(body[next]!.text)) {
        limit = next;
        break;
      }
    }
    const quoted = body.slice(start, limit);
    const candidates = author === undefined ? earlier : earlier.filter((source) => source.author === author);
    const found = findSource(quoted, candidates);
    let end: number;
    if (found) {
      end = start + found.end;
    } else {
      end = start + paragraphEnd(quoted);
      const whose = author === undefined ? "an unnamed quote" : `the quote of ${author}`;
      if (end > start) {
        problems.push({
          line: openLine,
          message: `post #${postNumber}: ${whose} matches no earlier post in the dump; its end is guessed at the first blank line (line ${body[end - 1]!.line} is its last)`,
        });
      }
    }
    const quoteLines = body.slice(start, end).map((line) => line.text);
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

/** Index after the first paragraph of the quoted lines (leading blank lines skipped). */
function paragraphEnd(quoted: readonly SourceLine[]): number {
  let index = 0;
  while (index < quoted.length && quoted[index]!.text === "") index++;
  while (index < quoted.length && quoted[index]!.text !== "") index++;
  return index;
}

function lineMatches(quoted: string, source: string, skipping: boolean): boolean {
  if (quoted === source) return true;
  const minimum = skipping ? MIN_PARTIAL * 2 : MIN_PARTIAL;
  return quoted.length >= minimum && source.includes(quoted);
}

/** The earlier post whose own lines the quoted lines copy longest; ties go to the nearest post. */
function findSource(quoted: readonly SourceLine[], candidates: readonly QuoteSource[]): { source: QuoteSource; end: number } | undefined {
  const wanted: { text: string; index: number }[] = [];
  quoted.forEach((line, index) => {
    if (line.text !== "") wanted.push({ text: normalise(line.text), index });
  });
  if (wanted.length === 0) return undefined;
  let best: { source: QuoteSource; end: number; score: number } | undefined;
  for (let c = candidates.length - 1; c >= 0; c--) {
    const source = candidates[c]!;
    for (let start = 0; start < source.lines.length; start++) {
      if (!lineMatches(wanted[0]!.text, source.lines[start]!, false)) continue;
      let score = wanted[0]!.text.length;
      let last = wanted[0]!.index;
      let position = start + 1;
      for (let k = 1; k < wanted.length; k++) {
        let at = -1;
        const stop = Math.min(source.lines.length, position + MAX_SKIPPED_SOURCE_LINES + 1);
        for (let candidate = position; candidate < stop; candidate++) {
          if (lineMatches(wanted[k]!.text, source.lines[candidate]!, candidate > position)) {
            at = candidate;
            break;
          }
        }
        if (at < 0) break;
        score += wanted[k]!.text.length;
        last = wanted[k]!.index;
        position = at + 1;
      }
      if (!best || score > best.score) best = { source, end: last + 1, score };
    }
  }
  return best && { source: best.source, end: best.end };
}

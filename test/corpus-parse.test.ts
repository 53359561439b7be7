// The parser against the generated corpus, whose truth is known post by post: every thread,
// post, profile, quote (author, source post, text), edit note and Similar Threads row of the
// generator must come back out of parseDumps.
import { describe, expect, it } from "vitest";
import {
  Corpus,
  formatDate,
  generateThread,
  renderListedRow,
  renderThreadPages,
  type GeneratedThread,
  type Segment,
} from "../bench/corpus-generator.ts";
import type { Block, Thread } from "../src/model.ts";
import { parseDumps } from "../src/parse/index.ts";

const MINUTE = 60_000;

/** Text of a parsed block list as comparable paragraphs: quotes as their own entries. */
type Piece = { quote?: { author?: string; postNumber?: number }; paragraphs: string[] };

const squash = (text: string): string => text.replace(/[\s\u00a0]+/g, " ").trim();

function parsedPieces(blocks: readonly Block[]): Piece[] {
  const pieces: Piece[] = [];
  for (const block of blocks) {
    if (block.type === "quote") {
      pieces.push({
        quote: { author: block.author, postNumber: block.postNumber },
        paragraphs: block.blocks.flatMap((b) =>
          b.type === "paragraph" ? [squash(b.inlines.map((i) => i.text).join(""))] : [],
        ),
      });
      continue;
    }
    if (block.type !== "paragraph") continue;
    const text = squash(block.inlines.map((i) => i.text).join(""));
    const last = pieces[pieces.length - 1];
    if (last && !last.quote) last.paragraphs.push(text);
    else pieces.push({ paragraphs: [text] });
  }
  return pieces;
}

function expectedPieces(segments: readonly Segment[]): Piece[] {
  const pieces: Piece[] = [];
  for (const segment of segments) {
    const paragraphs = segment.text
      .split(/\n{2,}/)
      .map(squash)
      .filter((p) => p !== "");
    if (segment.kind === "quote")
      pieces.push({ quote: { author: segment.author, postNumber: segment.of }, paragraphs });
    else {
      const last = pieces[pieces.length - 1];
      if (last && !last.quote) last.paragraphs.push(...paragraphs);
      else pieces.push({ paragraphs });
    }
  }
  return pieces;
}

describe("parseDumps over a generated corpus", () => {
  const corpus = new Corpus({ threads: 120, seed: 77 });
  const generated: GeneratedThread[] = Array.from({ length: corpus.threads }, (_, i) => generateThread(corpus, i));
  const files = generated.flatMap((thread) => renderThreadPages(corpus, thread));
  const result = parseDumps(files.map((f) => ({ file: f.file, bytes: f.text })));
  const byFirstFile = new Map<string, Thread>();
  for (const thread of result.threads) for (const file of thread.source.files) byFirstFile.set(file, thread);

  it("finds every thread, page group and post, with no failures or warnings", () => {
    expect(result.failures).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.threads).toHaveLength(generated.length);
    for (const g of generated) {
      const thread = byFirstFile.get(g.files[0]!)!;
      expect([...thread.source.files].sort()).toEqual([...g.files].sort());
      expect(thread.title).toBe(g.title);
      expect(thread.forum.name).toBe(g.forum.name);
      expect(thread.breadcrumbs.slice(1)).toEqual([g.forum.category, g.forum.name]);
      expect(thread.posts.map((p) => p.number)).toEqual(g.posts.map((p) => p.number));
    }
  });

  it("reads each post's header, profile, title, edit note and signature", () => {
    for (const g of generated) {
      const thread = byFirstFile.get(g.files[0]!)!;
      g.posts.forEach((post, i) => {
        const parsed = thread.posts[i]!;
        const { date, time } = formatDate(post.postedAt);
        expect(parsed.postedAtText).toBe(`${date}, ${time}`);
        expect(parsed.author.name).toBe(post.author.name);
        expect(parsed.author.title).toBe(post.author.title);
        expect(parsed.author.hasAvatar).toBe(post.author.hasAvatar);
        expect(parsed.author.postCount).toBe(post.author.postCount);
        const joined = new Date(post.author.joinedAt * MINUTE);
        expect(parsed.author.joinDate).toBe(
          `${joined.getUTCFullYear()}-${String(joined.getUTCMonth() + 1).padStart(2, "0")}`,
        );
        expect(parsed.title).toBe(post.title);
        expect(parsed.edited?.by).toBe(post.edited?.by);
        expect(parsed.edited?.reason).toBe(post.edited?.reason);
        expect(parsed.signature !== undefined).toBe(post.author.signature !== undefined);
      });
    }
  });

  it("ends every quote where the generator ended it and names the post it came from", () => {
    let quotes = 0;
    for (const g of generated) {
      const thread = byFirstFile.get(g.files[0]!)!;
      g.posts.forEach((post, i) => {
        const expected = expectedPieces(post.segments);
        quotes += expected.filter((p) => p.quote).length;
        expect(parsedPieces(thread.posts[i]!.body), `${g.key} #${post.number}`).toEqual(expected);
      });
    }
    expect(quotes).toBeGreaterThan(100);
  });

  it("splits Similar Threads rows into the generator's title, starter and forum, linking archived ones", () => {
    const titles = new Set(result.threads.map((t) => t.title));
    const authors = new Set(result.threads.flatMap((t) => t.posts.map((p) => p.author.name)));
    let archived = 0;
    let guessed = 0;
    for (const g of generated) {
      const thread = byFirstFile.get(g.files[0]!)!;
      expect(thread.similarListed.map((row) => row.row)).toEqual(g.similar.map(renderListedRow));
      thread.similarListed.forEach((row, k) => {
        const truth = g.similar[k]!;
        const split = [row.title, row.starter, row.forum, row.replies];
        const wanted = [truth.title, truth.starter, truth.forum, truth.replies];
        if (truth.threadKey) {
          // An archived thread: its title and starter are known, so the split is too.
          archived++;
          expect(split).toEqual(wanted);
          expect(row.split).toBe("known");
          expect(row.archivedUrl).toBe(byFirstFile.get(`${truth.threadKey}.txt`)!.url);
        } else if (titles.has(truth.title) && authors.has(truth.starter)) {
          // Outside the corpus, but its title and starter are both names the archive knows.
          expect(split).toEqual(wanted);
        } else {
          // Single spaces cannot tell "How many zone blocks question Sarah Scott" apart for sure
          // when the archive knows only part of it; the row text is what must survive.
          guessed++;
          expect(row.archivedUrl).toBeUndefined();
        }
      });
    }
    expect(archived).toBeGreaterThan(100);
    expect(guessed).toBeGreaterThan(0);
  });
});

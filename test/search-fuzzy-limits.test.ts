// A shared search link must not freeze a reader's tab (issue 13): lunr's fuzzy automaton grows
// about 7 times with each step of edit distance (`abcdefghij~6` took 5 s, `~7` hung) and with
// the word's length. The engine searches distances above 2 as 2, long fuzzy words exactly, and
// refuses a fuzzy or wildcard word that expands to more than MAX_EXPANDED_TERMS index words.
import { afterEach, describe, expect, it, vi } from "vitest";
import { syntheticThreads } from "../bench/similar-corpus.ts";
import { buildIndex } from "../src/search/build-index.ts";
import {
  createSearcher,
  MAX_EDIT_DISTANCE,
  MAX_EXPANDED_TERMS,
  MAX_FUZZY_TERM_LENGTH,
  UnhelpfulQueryError,
} from "../src/search/client/engine.js";
import { searchCorpus } from "../src/search/documents.ts";
import { lunr } from "../src/search/lunr.ts";
import { indexFiles } from "../src/search/shards.ts";

// Pseudo-words, about 4,600 distinct index terms: enough for a wildcard to expand past the cap.
const corpus = searchCorpus({ threads: syntheticThreads({ threads: 400, seed: 20260527 }).threads });
const built = buildIndex(corpus);
const files = new Map(indexFiles(corpus, built, "/").map((f) => [f.path, f.content]));
const manifest = JSON.parse(files.get("manifest.json")!);
const engine = () => createSearcher({ lunr, manifest, fetchJson: async (path) => JSON.parse(files.get(path)!) });
const terms = Object.keys((built.index as unknown as { invertedIndex: object }).invertedIndex);
/** lunr's TokenSet, typed for the spy (the package's types do not name fromFuzzyString). */
const tokenSet = lunr.TokenSet as unknown as { fromFuzzyString(term: string, distance: number): unknown };
const whole = (q: string) => built.index.search(q).map((r) => [r.ref, r.score]);

afterEach(() => {
  vi.restoreAllMocks();
});

describe("fuzzy search limits", () => {
  it("are 2 edits, 30 letters and 1,000 expanded words", () => {
    expect([MAX_EDIT_DISTANCE, MAX_FUZZY_TERM_LENGTH, MAX_EXPANDED_TERMS]).toEqual([2, 30, 1000]);
  });

  it("searches ~6 as ~2, never building a wider automaton, and says so", async () => {
    const word = terms.find((term) => term.length === 9)!;
    const fuzzy = vi.spyOn(tokenSet, "fromFuzzyString");
    const found = await engine().search(`${word}~6`);
    expect(fuzzy).toHaveBeenCalled();
    for (const [, distance] of fuzzy.mock.calls) expect(distance).toBeLessThanOrEqual(MAX_EDIT_DISTANCE);
    fuzzy.mockRestore();
    expect(found.results.map((r) => [r.ref, r.score])).toEqual(whole(`${word}~2`));
    expect(found.results.length).toBeGreaterThan(0);
    expect(found.notes.join(" ")).toContain("at most 2 letters off");
    // Within the cap, nothing to say.
    expect((await engine().search(`${word}~1`)).notes).toEqual([]);
  });

  it("searches a fuzzy word longer than 30 letters exactly", async () => {
    const long = "gudorluka".repeat(20);
    const fuzzy = vi.spyOn(tokenSet, "fromFuzzyString");
    const found = await engine().search(`${long}~2`);
    expect(fuzzy).not.toHaveBeenCalled();
    expect(found.results).toEqual([]);
    expect(found.notes.join(" ")).toContain("longer than 30 letters");
  });

  it("refuses a word that expands to more than 1,000 index words", async () => {
    // A lone leading wildcard matches every word of the index.
    expect(terms.length).toBeGreaterThan(MAX_EXPANDED_TERMS);
    await expect(engine().search("*")).rejects.toBeInstanceOf(UnhelpfulQueryError);
    await expect(engine().search("*")).rejects.toThrow(/too many different words/);
  });
});

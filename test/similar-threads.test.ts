import { describe, expect, it } from "vitest";
import { computeSimilar } from "../src/archive/similar.ts";
import { detectLanguage, ownParagraphs, stemWord, words } from "../src/archive/similar-text.ts";
import {
  backPainIds,
  fixtureThreads,
  fixtureThreadsQuotesAsOwnText,
  germanBackIds,
  germanFoodIds,
  nutritionIds,
} from "./fixtures/similar/threads.ts";

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const result = [...items];
  let state = seed;
  for (let i = result.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [result[i], result[j]] = [result[j]!, result[i]!];
  }
  return result;
}

describe("similar-thread text", () => {
  it("stems English and German inflections to one term and drops stop words", () => {
    expect(stemWord("running", "en")).toBe(stemWord("runs", "en"));
    expect(stemWord("spasms", "en")).toBe(stemWord("spasm", "en"));
    expect(stemWord("schmerzen", "de")).toBe(stemWord("schmerz", "de"));
    expect(stemWord("the", "en")).toBeNull();
    expect(stemWord("und", "de")).toBeNull();
  });

  it("tells English from German by stop words", () => {
    expect(detectLanguage(words("My lower back starts to spasm after any long run and it is getting worse"))).toBe(
      "en",
    );
    expect(
      detectLanguage(words("Nach dem Laufen habe ich immer Schmerzen im unteren Rücken und es wird schlimmer")),
    ).toBe("de");
  });

  it("reads words without URLs, numbers or contraction tails", () => {
    expect(words("It's 4x800m, see http://example.com/a?b=c and don't stop 2009")).toEqual([
      "It",
      "4x800m",
      "see",
      "and",
      "don",
      "stop",
    ]);
  });

  it("takes only a post's own paragraphs, not its quotes", () => {
    expect(
      ownParagraphs([
        { type: "quote", author: "A", blocks: [{ type: "paragraph", inlines: [{ type: "text", text: "quoted" }] }] },
        {
          type: "paragraph",
          inlines: [
            { type: "text", text: "own " },
            { type: "link", href: "http://x.org/", text: "http://x.org/" },
          ],
        },
      ]),
    ).toEqual(["own "]);
  });
});

describe("computeSimilar", () => {
  const threads = fixtureThreads();
  const similar = computeSimilar(threads);
  const idsOf = (id: string): string[] => (similar.get(id) ?? []).map((ref) => ref.id);

  it("lists every thread, never itself, at most five, best first", () => {
    expect([...similar.keys()].sort()).toEqual(threads.map((thread) => thread.id).sort());
    for (const [id, refs] of similar) {
      expect(refs.length).toBeLessThanOrEqual(5);
      expect(refs.map((ref) => ref.id)).not.toContain(id);
      for (let i = 1; i < refs.length; i++) expect(refs[i - 1]!.score).toBeGreaterThanOrEqual(refs[i]!.score);
    }
  });

  it("ranks back-pain threads above nutrition threads for the back-pain thread", () => {
    const list = idsOf("back-1");
    const otherBackThreads = backPainIds.filter((id) => id !== "back-1");
    expect(list.slice(0, otherBackThreads.length).sort()).toEqual(otherBackThreads);
    expect(list.filter((id) => nutritionIds.includes(id))).toEqual([]);
  });

  it("finds the German back-pain and German nutrition threads among themselves", () => {
    for (const group of [germanBackIds, germanFoodIds]) {
      for (const id of group) {
        expect(
          idsOf(id)
            .slice(0, group.length - 1)
            .sort(),
        ).toEqual(group.filter((other) => other !== id));
      }
    }
  });

  it("carries url, title and a score in (0, 1]", () => {
    const ref = similar.get("back-1")![0]!;
    const target = threads.find((thread) => thread.id === ref.id)!;
    expect(ref.url).toBe(target.url);
    expect(ref.title).toBe(target.title);
    expect(ref.score).toBeGreaterThan(0);
    expect(ref.score).toBeLessThanOrEqual(1);
  });

  it("does not let a shared quote and signature make unrelated threads alike", () => {
    expect(idsOf("tyres")).not.toContain("strings");
    expect(idsOf("strings")).not.toContain("tyres");
    // The same words as the posts' own text would make them alike: the test means something.
    const asOwnText = computeSimilar(fixtureThreadsQuotesAsOwnText());
    expect(asOwnText.get("tyres")!.map((ref) => ref.id)).toContain("strings");
  });

  it("gives the same result for any input order", () => {
    const expected = JSON.stringify([...similar]);
    for (const seed of [1, 2, 3]) {
      expect(JSON.stringify([...computeSimilar(shuffled(threads, seed))])).toBe(expected);
    }
  });

  it("lists nothing for an empty archive or a thread without words", () => {
    expect(computeSimilar([]).size).toBe(0);
    const empty = { ...threads[0]!, id: "empty", posts: [], title: "" };
    expect(computeSimilar([...threads, empty]).get("empty")).toEqual([]);
  });
});

// firstInOrder (site/view/shared.ts): the home page's latest threads and the feed's entries are the
// first few of all threads in an order; taken in one pass, they must be what sorting all of them
// and keeping the first few gave, ties in input order included.
import { describe, expect, it } from "vitest";
import { firstInOrder } from "../src/site/view/shared.ts";

/** A fixed sequence of pseudo-random integers below `below` (a linear congruential generator). */
function randoms(count: number, below: number, seed: number): number[] {
  let state = seed;
  return Array.from({ length: count }, () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state % below;
  });
}

describe("firstInOrder", () => {
  // Items that tie on their key (a date shared by several threads) keep their input order.
  const byKey = (a: { key: number }, b: { key: number }) => a.key - b.key;

  it("gives the first `count` a stable sort gives, for many inputs with ties", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const [length = 0, count = 0] = randoms(2, 60, seed);
      const items = randoms(length, 8, seed + 1000).map((key, at) => ({ key, at }));
      const sorted = [...items].sort(byKey).slice(0, count);
      expect(firstInOrder(items, count, byKey)).toEqual(sorted);
    }
  });

  it("gives everything sorted when asked for more than there is, and nothing for no count", () => {
    const items = [3, 1, 2, 1].map((key, at) => ({ key, at }));
    expect(firstInOrder(items, 10, byKey).map((i) => i.at)).toEqual([1, 3, 2, 0]);
    expect(firstInOrder(items, 0, byKey)).toEqual([]);
  });

  it("compares about once an item when few are kept of many", () => {
    let calls = 0;
    const counted = (a: number, b: number) => (calls++, a - b);
    const items = randoms(4000, 1_000_000, 7);
    const first = firstInOrder(items, 15, counted);
    expect(first).toEqual([...items].sort((a, b) => a - b).slice(0, 15));
    // A sort of 4,000 compares ~12 times an item; kept 15, most items are compared once and dropped.
    expect(calls / items.length).toBeLessThan(2);
  });
});

// Author page URLs (archive/load.ts authorUrlOf): a name of ASCII letters and digits in words one space
// apart is slugged without slugify (a rebuild makes every author's URL), as slugify slugs it.
import { afterEach, describe, expect, it, vi } from "vitest";
import slugify from "@sindresorhus/slugify";
import { authorUrlOf } from "../src/archive/load.ts";
import { slugOf } from "../src/parse/thread.ts";

vi.mock("@sindresorhus/slugify", async (original) => {
  const actual = await original<typeof import("@sindresorhus/slugify")>();
  return { default: vi.fn(actual.default) };
});
afterEach(() => vi.mocked(slugify).mockClear());

/** A seeded generator (mulberry32), so a failure names the same names again. */
function randomOf(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Names of one to twelve words of one to twelve letters and digits, some past 80 characters. */
function faithfulNames(count: number): string[] {
  const random = randomOf(15);
  const pick = (n: number) => Math.floor(random() * n);
  return Array.from({ length: count }, () =>
    Array.from({ length: 1 + pick(12) }, () =>
      Array.from({ length: 1 + pick(12) }, () => ALPHANUMERIC[pick(ALPHANUMERIC.length)]).join(""),
    ).join(" "),
  );
}

describe("author page URLs", () => {
  it("slug a name of letters and digits as slugify does, without calling it", () => {
    const generated = faithfulNames(2000);
    expect(generated.some((name) => name.length > 80)).toBe(true);
    // Past 80 characters a slug is cut: those names are hashed (the next test).
    const names = [
      "Steven Low",
      "iPhone Guy",
      "ABC def 12",
      "x",
      "CamelCase Name",
      ...generated.filter((n) => n.length <= 80),
    ];
    const urls = names.map(authorUrlOf);
    expect(slugify).not.toHaveBeenCalled();
    expect(urls).toEqual(names.map((name) => `/authors/${slugOf(name, "author")}/`));
    expect(urls.slice(0, 5)).toEqual([
      "/authors/steven-low/",
      "/authors/iphone-guy/",
      "/authors/abc-def-12/",
      "/authors/x/",
      "/authors/camelcase-name/",
    ]);
  });

  it("give two names alike in their first 80 characters two pages (review2)", () => {
    const [first, second] = [`Marta ${"x".repeat(74)}a`, `Marta ${"x".repeat(74)}b`].map(authorUrlOf);
    expect(first).not.toBe(second);
    expect(first).toMatch(new RegExp(`^/authors/marta-${"x".repeat(74)}-[0-9a-f]{6}/$`));
    expect(authorUrlOf("x".repeat(80))).toBe(`/authors/${"x".repeat(80)}/`);
  });

  it("slug any other name with slugify, and a hash of it without case", () => {
    const urls = ["José Smith", "JOSÉ SMITH", "a  b", " lead", "東京"].map(authorUrlOf);
    expect(slugify).toHaveBeenCalled();
    expect(urls[0]).toMatch(/^\/authors\/jose-smith-[0-9a-f]{6}\/$/);
    expect(urls[1]).toBe(urls[0]);
    expect(urls[2]).toMatch(/^\/authors\/a-b-[0-9a-f]{6}\/$/);
    expect(urls[3]).toMatch(/^\/authors\/lead-[0-9a-f]{6}\/$/);
    expect(urls[4]).toMatch(/^\/authors\/author-[0-9a-f]{6}\/$/);
  });
});

// fill() splits each pattern once and joins its parts (issue 15: pages fill some hundred messages
// each); it must give exactly what one regular-expression replace over the pattern gives.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fill } from "../src/i18n/locale.ts";

/** The rule as written before the fast path: every `{word}` replaced, unknown names kept as written. */
const reference = (pattern: string, valueFor: (name: string) => string | undefined) =>
  pattern.replace(/\{(\w+)\}/g, (whole, name: string) => valueFor(name) ?? whole);

// Patterns made of the pieces that matter: braces alone or unbalanced, names, text, `$` (special in
// replace strings), empty names.
const piece = fc.constantFrom(
  "{",
  "}",
  "{}",
  "{count}",
  "{name}",
  "{a_1}",
  "{ x }",
  "$&",
  "$1",
  "text ",
  "é",
  "{{n}}",
  "",
);
const pattern = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(""));
const values = fc.dictionary(fc.constantFrom("count", "name", "a_1", "n", "x"), fc.string({ maxLength: 6 }));

describe("fill", () => {
  it("replaces known placeholders and keeps unknown ones as written", () => {
    const valueFor = (name: string) => ({ count: "12", who: "{count}" })[name];
    expect(fill("{count} posts by {who}, {other}", valueFor)).toBe("12 posts by {count}, {other}");
    expect(fill("no placeholder", valueFor)).toBe("no placeholder");
    expect(fill("{count}{count}", valueFor)).toBe("1212");
  });

  it("gives what one regular-expression replace gives, for any pattern and values", () => {
    fc.assert(
      fc.property(pattern, values, (text, given) => {
        const valueFor = (name: string) => (Object.hasOwn(given, name) ? given[name] : undefined);
        // Twice: the second call reads the pattern's parts from the cache.
        expect(fill(text, valueFor)).toBe(reference(text, valueFor));
        expect(fill(text, valueFor)).toBe(reference(text, valueFor));
      }),
      { numRuns: process.env.CI ? 1000 : 300 },
    );
  });
});

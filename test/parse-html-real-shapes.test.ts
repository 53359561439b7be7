// The shapes real saved pages showed (issue 12, ../shared/corpus/html/), each in a small page made
// from what the corpus shows, for what the corpus pages alone do not pin down.
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { decodeHtml } from "../src/parse/html/charset.ts";

describe("charset: valid multi-byte UTF-8 wins over a declared single-byte charset", () => {
  const page = (charset: string, body: string) =>
    `<html><head><meta http-equiv="Content-Type" content="text/html; charset=${charset}"></head><body>${body}</body></html>`;

  it("reads a page declared ISO-8859-1 whose bytes are UTF-8 as UTF-8, with a warning", () => {
    const decoded = decodeHtml(new TextEncoder().encode(page("ISO-8859-1", "Schönen Gruß, 19.04.2020,\u00a021:41")));
    expect(decoded.encoding).toBe("utf-8");
    expect(decoded.text).toContain("Schönen Gruß, 19.04.2020,\u00a021:41");
    expect(decoded.problems).toEqual([{ line: 0, message: 'the page declares the charset "iso-8859-1" but its bytes are UTF-8; read as UTF-8' }]);
  });

  it("keeps the declared charset when the bytes are not UTF-8 (real Latin-1), and says nothing", () => {
    const decoded = decodeHtml(new Uint8Array(iconv.encode(page("ISO-8859-1", "Schönen Gruß"), "latin1")));
    expect(decoded.encoding).toBe("windows-1252");
    expect(decoded.text).toContain("Schönen Gruß");
    expect(decoded.problems).toEqual([]);
  });

  it("keeps the declared charset for pure ASCII bytes", () => {
    const decoded = decodeHtml(new TextEncoder().encode(page("windows-1252", "plain")));
    expect(decoded.encoding).toBe("windows-1252");
    expect(decoded.problems).toEqual([]);
  });
});

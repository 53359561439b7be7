// The shapes real saved pages showed (issue 12, ../shared/corpus/html/), each in a small page made
// from what the corpus shows, for what the corpus pages alone do not pin down.
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { parseForumDate, parseJoinDate } from "../src/parse/dates.ts";
import { decodeHtml } from "../src/parse/html/charset.ts";
import { matchEditNote } from "../src/parse/phrases.ts";

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

describe("dates: skins' prefixes and separators, and French as a language pack", () => {
  const zone = { offsetMinutes: 60 };

  it("reads a skin's prefix and separators (skyscraperpage: 'Posted Apr 11, 2020, 1:02 PM')", () => {
    expect(parseForumDate("Posted Apr 11, 2020, 1:02 PM")).toEqual({ ok: true, iso: "2020-04-11T13:02:00" });
    expect(parseForumDate("Posted: Mar 21, 2020, 12:31 AM")).toEqual({ ok: true, iso: "2020-03-21T00:31:00" });
    expect(parseForumDate("Mar 31, 2019 14:11")).toEqual({ ok: true, iso: "2019-03-31T14:11:00" });
    expect(parseForumDate("Apr 12, 2020 at 12:23 AM")).toEqual({ ok: true, iso: "2020-04-12T00:23:00" });
  });

  it("reads French dates: day-first slashes, '13h16', month names, relative days", () => {
    const french = { ...zone, slashDates: "dmy" as const, captured: "2020-03-02" };
    expect(parseForumDate("10/05/2006, 13h16", french)).toEqual({ ok: true, iso: "2006-05-10T13:16:00+01:00" });
    expect(parseForumDate("09/04/2019 à 09h38", french)).toEqual({ ok: true, iso: "2019-04-09T09:38:00+01:00" });
    expect(parseForumDate("12 mars 2008, 10h02", french)).toEqual({ ok: true, iso: "2008-03-12T10:02:00+01:00" });
    expect(parseForumDate("1er févr. 2008", french)).toEqual({ ok: true, iso: "2008-02-01T00:00:00+01:00" });
    expect(parseForumDate("Aujourd'hui, 10h02", french)).toEqual({ ok: true, iso: "2020-03-02T10:02:00+01:00" });
    expect(parseForumDate("Hier, 23h59", french)).toEqual({ ok: true, iso: "2020-03-01T23:59:00+01:00" });
    expect(parseJoinDate("janvier 2003")).toBe("2003-01");
    expect(parseJoinDate("août 2011")).toBe("2011-08");
  });

  it("reads slashes month first unless the page says otherwise", () => {
    expect(parseForumDate("10/05/2006, 01:16 PM")).toEqual({ ok: true, iso: "2006-10-05T13:16:00" });
    expect(parseForumDate("10/05/2006, 01:16 PM", { slashDates: "mdy" })).toEqual({ ok: true, iso: "2006-10-05T13:16:00" });
  });

  it("never returns page text as a date", () => {
    expect(parseForumDate("Aujourd'hui").ok).toBe(false);
    expect(parseForumDate("Posted yesterday-ish").ok).toBe(false);
  });

  it("reads the French edit note with its reason (futura-sciences)", () => {
    expect(matchEditNote("Dernière modification par mach3 ; 09/04/2019 à 09h38. Motif: mise à jour du lien vers symbols.pdf")).toEqual({
      by: "mach3", when: "09/04/2019 à 09h38", reason: "mise à jour du lien vers symbols.pdf",
    });
    expect(matchEditNote("Dernière modification par Futura ; 09/02/2005 à 21h10.")).toEqual({ by: "Futura", when: "09/02/2005 à 21h10", reason: undefined });
  });
});

// A saved page's reader knows its forum's language pack; the thread carries it, so a French forum
// gets a French site (interface words, month names, lang attributes) without a config. Text the
// pack does not tell is left to the archive's detector (English or German).
import "./helpers/html-reader.ts";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { archiveOf } from "../src/archive/load.ts";
import { parseDumps } from "../src/parse/index.ts";
import { englishLocale } from "../src/i18n/locale.ts";
import { dateView } from "../src/site/view/shared.ts";

const CORPUS = "../shared/corpus/html";
const page = (name: string) => ({ file: name, bytes: readFileSync(`${CORPUS}/${name}`) });

describe("a thread's language", () => {
  it("is the French pack of futura-sciences (the page says 'Citation', 'Réponse', French months)", () => {
    const [thread] = parseDumps([page("futura-sciences-1.html")]).threads;
    expect(thread?.language).toBe("fr");
    // The archive keeps what the reader said: its detector knows only English and German.
    expect(archiveOf([thread!]).threads[0]?.language).toBe("fr");
  });

  it("is German on drwindows and English on msworld, from the reader, as the detector would say", () => {
    const [german] = parseDumps([page("drwindows-1.html")]).threads;
    const [english] = parseDumps([page("msworld-1.html")]).threads;
    expect([german?.language, english?.language]).toEqual(["de", "en"]);
  });
});

describe("a date the parser could not read", () => {
  it("is shown as the page wrote it (postedAt is empty, never page text)", () => {
    expect(dateView(englishLocale(), "", "Someday, 09:27 AM")).toEqual({ text: "Someday, 09:27 AM" });
  });
});

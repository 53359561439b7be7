// Which language pack a saved page is written in: its <html lang>, else the pack whose footer
// time-zone line or page navigation the page shows. Decides what the page's phrases cannot tell
// by themselves, such as whether "10/05/2006" is May 10 or October 5.
import type { CheerioAPI } from "cheerio";
import { LANGUAGE_PACKS, type LanguagePack } from "../language.ts";

export function languagePackOf($: CheerioAPI, lines: readonly string[]): LanguagePack | undefined {
  const lang = ($("html").attr("lang") ?? $("html").attr("xml:lang") ?? "").trim().toLowerCase().split(/[-_]/)[0];
  const byLang = LANGUAGE_PACKS.find((pack) => pack.code === lang);
  if (byLang) return byLang;
  for (let index = lines.length - 1; index >= 0; index--) {
    const line = lines[index]!;
    const pack = LANGUAGE_PACKS.find((candidate) => candidate.timeZoneLine.test(line) || candidate.pageNav.test(line));
    if (pack) return pack;
  }
  return undefined;
}

/** How the page writes dates with slashes: a first part over 12 means day first, a second part
 *  over 12 month first; else the language pack says. */
export function slashDatesOf(dateTexts: readonly string[], pack: LanguagePack | undefined): "dmy" | "mdy" | undefined {
  for (const text of dateTexts) {
    const match = /(?:^|\s)(\d{1,2})\/(\d{1,2})\/\d{4}/.exec(text);
    if (!match) continue;
    if (Number(match[1]) > 12) return "dmy";
    if (Number(match[2]) > 12) return "mdy";
  }
  return pack?.slashDates;
}

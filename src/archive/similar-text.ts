// Text side of similar threads: which words of a thread count, in which language, and
// their stems. Stemmers and stop-word lists are lunr's (English) and lunr-languages' (German).
import lunr from "lunr";
import stemmerSupport from "lunr-languages/lunr.stemmer.support.js";
import germanSupport from "lunr-languages/lunr.de.js";
import type { Block, Thread } from "../model.ts";
import { blockTexts } from "../model-text.ts";

export type TextLanguage = "en" | "de";

type TokenFunction = (token: lunr.Token) => lunr.Token | undefined;
interface LunrWithGerman {
  stemmer: TokenFunction;
  stopWordFilter: TokenFunction;
  stemmerSupport?: unknown;
  de?: { stemmer: TokenFunction; stopWordFilter: TokenFunction };
}

const lunrLanguages = lunr as unknown as LunrWithGerman;
// Applying a plugin twice makes lunr warn about re-registered functions; the search index
// may already have applied them to this same lunr instance.
if (lunrLanguages.stemmerSupport === undefined) stemmerSupport(lunr);
if (lunrLanguages.de === undefined) germanSupport(lunr);
const german = lunrLanguages.de!;

const pipelines: Record<TextLanguage, { stem: TokenFunction; stop: TokenFunction }> = {
  en: { stem: lunrLanguages.stemmer, stop: lunrLanguages.stopWordFilter },
  de: { stem: german.stemmer, stop: german.stopWordFilter },
};

// What the lunr lists leave out but forum text is full of: the stems left after cutting an
// English contraction at its apostrophe ("don't" → "don"), and chat fillers.
const extraStopWords: Record<TextLanguage, ReadonlySet<string>> = {
  en: new Set([
    "don",
    "doesn",
    "didn",
    "isn",
    "wasn",
    "aren",
    "weren",
    "couldn",
    "wouldn",
    "shouldn",
    "won",
    "haven",
    "hasn",
    "hadn",
    "ain",
    "ll",
    "ve",
    "re",
    "im",
    "ive",
    "dont",
    "also",
    "just",
    "really",
    "get",
    "got",
    "much",
    "well",
    "thanks",
    "thank",
    "lol",
  ]),
  de: new Set(["ja", "mal", "schon", "halt", "eben", "gibt", "danke", "gut", "ganz"]),
};

function isStopWord(word: string, language: TextLanguage): boolean {
  return extraStopWords[language].has(word) || pipelines[language].stop(new lunr.Token(word, {})) === undefined;
}

const stemCache: Record<TextLanguage, Map<string, string | null>> = { en: new Map(), de: new Map() };

/** The stem of a lower-case word, or null for a stop word. Memoised: forum text repeats itself. */
export function stemWord(word: string, language: TextLanguage): string | null {
  const cache = stemCache[language];
  let stem = cache.get(word);
  if (stem === undefined) {
    stem = isStopWord(word, language) ? null : pipelines[language].stem(new lunr.Token(word, {}))!.toString();
    if (stem !== null && stem.length < 2) stem = null;
    cache.set(word, stem);
  }
  return stem;
}

const stopCountCache = new Map<string, number>();
/** +1 for an English-only stop word, -1 for a German-only one, 0 otherwise (of a lower-case word). */
export function stopWordLean(word: string): number {
  let lean = stopCountCache.get(word);
  if (lean === undefined) {
    lean = (isStopWord(word, "en") ? 1 : 0) - (isStopWord(word, "de") ? 1 : 0);
    stopCountCache.set(word, lean);
  }
  return lean;
}

/** A text's language from the sum of its words' stop-word leans: English unless German stop words
 *  outnumber English ones (cheap, and good enough per thread). */
export function languageOfLean(lean: number): TextLanguage {
  return lean < 0 ? "de" : "en";
}

/** The language of a text's words (as written): see languageOfLean. */
export function detectLanguage(words: readonly string[]): TextLanguage {
  let lean = 0;
  for (const word of words) lean += stopWordLean(word.toLowerCase());
  return languageOfLean(lean);
}

const urlPattern = /\b(?:https?:\/\/|www\.)\S+/giu;
// Words with inner apostrophes stay one token, so the contraction is cut off whole: the word is the
// part before the first apostrophe (the first group).
const wordPattern = /([\p{L}\p{N}]+)(?:['’][\p{L}]+)*/gu;
const letterPattern = /\p{L}/u;
const maxWordLength = 40;

/** Calls `visit` with each word of a text as written (case kept), in order: URLs, numbers and
 *  one-letter bits dropped, contractions cut at the apostrophe. */
export function forEachWord(text: string, visit: (word: string) => void): void {
  const withoutUrls =
    text.includes("http") || text.includes("www.") || text.includes("HTTP") || text.includes("WWW.")
      ? text.replace(urlPattern, " ")
      : text;
  if (!NOT_ASCII.test(withoutUrls)) {
    forEachAsciiWord(withoutUrls, visit);
    return;
  }
  wordPattern.lastIndex = 0;
  for (let match = wordPattern.exec(withoutUrls); match !== null; match = wordPattern.exec(withoutUrls)) {
    const word = match[1]!;
    if (word.length < 2 || word.length > maxWordLength || !letterPattern.test(word)) continue;
    visit(word);
  }
}

const NOT_ASCII = /[^\x00-\x7f]/;

const isAsciiLetter = (code: number) => (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
const isAsciiDigit = (code: number) => code >= 48 && code <= 57;

/** forEachWord's words of an ASCII text, by its character codes: wordPattern's matches, whose letters and
 *  digits in ASCII are [A-Za-z] and [0-9] and whose apostrophe can only be "'". Twice as fast as the
 *  Unicode pattern, and nearly all forum text is ASCII (issue 15: ~0.7 s of a clean 10k build's main thread
 *  read 46 M characters of paragraphs with the pattern). test/similar-words-ascii.test.ts holds the two equal. */
function forEachAsciiWord(text: string, visit: (word: string) => void): void {
  const length = text.length;
  let at = 0;
  while (at < length) {
    let code = text.charCodeAt(at);
    if (!isAsciiLetter(code) && !isAsciiDigit(code)) {
      at++;
      continue;
    }
    // The word: a run of letters and digits (one letter at least, or it is a number).
    const start = at;
    let letter = false;
    for (; at < length; at++) {
      code = text.charCodeAt(at);
      if (isAsciiLetter(code)) letter = true;
      else if (!isAsciiDigit(code)) break;
    }
    const end = at;
    // Then contractions ("'t", "'ve"), each an apostrophe and one letter or more, skipped.
    while (at + 1 < length && text.charCodeAt(at) === 39 && isAsciiLetter(text.charCodeAt(at + 1))) {
      for (at += 2; at < length && isAsciiLetter(text.charCodeAt(at)); at++);
    }
    if (end - start < 2 || end - start > maxWordLength || !letter) continue;
    visit(text.slice(start, end));
  }
}

/** The words of a text as written (see forEachWord). */
export function words(text: string): string[] {
  const result: string[] = [];
  forEachWord(text, (word) => result.push(word));
  return result;
}

/** The text a post wrote itself: paragraphs only. Quotes repeat another post (often of another
 *  thread) and signatures repeat on every post of a user; neither says what a thread is about. */
export function ownParagraphs(body: readonly Block[]): string[] {
  // List items (HTML pages) are the post's own words too; a link spelling its own address says
  // nothing about the topic.
  return blockTexts(body, { links: "named" });
}

/** Calls `visit` with each of a thread's posts' own words, as written, in order. */
export function forEachPostWord(thread: Thread, visit: (word: string) => void): void {
  for (const post of thread.posts) {
    for (const paragraph of ownParagraphs(post.body)) forEachWord(paragraph, visit);
  }
}

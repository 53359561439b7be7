// vBulletin's stored text as the reader sees it: the HTML entities vBulletin wrote into it, and
// UTF-8 bytes that a latin1 column holds (shown double-encoded by every client). Pure functions.
import { decodeHTML } from "entities";

/** `&#8364;` → "€": the entities a browser sent for characters the board's charset lacks, which
 *  vBulletin keeps in `pagetext` (its display escapes every other `&`, so `&lt;` stays "&lt;"). */
export function decodeNumericEntities(text: string): string {
  if (!text.includes("&#")) return text;
  return text.replace(/&#(\d{1,7});/g, (whole, digits: string) => {
    const code = Number(digits);
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
  });
}

/** Titles and user names, which vBulletin stores HTML-escaped ("Bob &amp; Co"). */
export function decodeTitle(text: string): string {
  return text.includes("&") ? decodeHTML(text) : text;
}

/** Admin-written HTML (forum descriptions, custom user titles) as plain text. */
export function htmlToText(text: string): string {
  return decodeTitle(text.replace(/<[^>]*>/g, ""))
    .replace(/\s+/g, " ")
    .trim();
}

/** MySQL's latin1 from characters back to bytes: Windows-1252, the five bytes it leaves undefined passed through. */
const LATIN1_BYTES = (() => {
  const cp1252 = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";
  const map = new Map<string, number>();
  for (let b = 0; b < 256; b++) map.set(b >= 0x80 && b < 0xa0 ? cp1252[b - 0x80]! : String.fromCharCode(b), b);
  return map;
})();

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Text of a latin1 column that holds UTF-8 bytes ("CafÃ©") back to what was written ("Café"):
 * only when every character is a latin1 byte and those bytes are valid UTF-8 with at least one
 * multi-byte sequence; anything else is left as it is (real latin1 text like "Café" stays).
 */
export function repairUtf8InLatin1(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[\u00c2-\u00f4]/.test(text)) return text;
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const byte = LATIN1_BYTES.get(text[i]!);
    if (byte === undefined) return text;
    bytes[i] = byte;
  }
  try {
    return UTF8.decode(bytes);
  } catch {
    return text;
  }
}

// Body lines into blocks: paragraphs split at blank lines, URLs into link inlines.
import type { Block, Inline } from "../model.ts";

/** http(s) URLs and bare www. hosts, as vBulletin auto-links them. */
const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>"'`]+/gi;
/** vBulletin shortens long link texts to "first part...last part". */
const SHORTENED = /\.\.\.|…/;

export function paragraphsOf(lines: readonly string[]): Block[] {
  const blocks: Block[] = [];
  let start = -1;
  for (let index = 0; index <= lines.length; index++) {
    const blank = index === lines.length || lines[index] === "";
    if (!blank && start < 0) start = index;
    else if (blank && start >= 0) {
      // A one-line paragraph (most are) is its line, without a copy of it.
      const text = index - start === 1 ? lines[start]! : lines.slice(start, index).join("\n");
      blocks.push({ type: "paragraph", inlines: inlinesOf(text) });
      start = -1;
    }
  }
  return blocks;
}

export function inlinesOf(text: string): Inline[] {
  if (!/www\.|:\/\//i.test(text)) return [{ type: "text", text }];
  const inlines: Inline[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    // Sentence punctuation after a URL is not part of it.
    const url = withoutTrailingPunctuation(match[0]);
    if (!url.includes(".") || url.length < 8) continue;
    const start = match.index;
    if (start > last) inlines.push({ type: "text", text: text.slice(last, start) });
    const href = /^https?:\/\//i.test(url) ? url : `http://${url}`;
    inlines.push(
      SHORTENED.test(url) ? { type: "link", href, text: url, truncated: true } : { type: "link", href, text: url },
    );
    last = start + url.length;
  }
  if (last < text.length) inlines.push({ type: "text", text: text.slice(last) });
  return inlines;
}

const TRAILING_PUNCTUATION = new Set([".", ",", ";", ":", "!", "?", ")", "]"]);

/** The URL without the punctuation it ends with. A loop, not /[.,;:!?)\]]+$/: that expression
 *  retries from every character of a long run of dots inside a URL (quadratic on a long line). */
function withoutTrailingPunctuation(url: string): string {
  let end = url.length;
  while (end > 0 && TRAILING_PUNCTUATION.has(url[end - 1]!)) end--;
  return url.slice(0, end);
}

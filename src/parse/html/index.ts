// Saved HTML pages (vBulletin 2 to 5, as saved by a browser, wget, HTTrack or the Wayback
// Machine) into the same pages text dumps become. The front door for parse/index.ts.
import type { Failure, Warning } from "../../model.ts";
import type { DumpPage } from "../vbulletin-text.ts";
import { decodeHtml } from "./charset.ts";
import { parseHtmlPage, type HtmlOptions } from "./page.ts";
import { threadIdOf } from "./urls.ts";

export { looksLikeHtml } from "./detect.ts";

/** vBulletin's pages that are no threads, by their script or friendly folder: what a mirror of a
 *  forum holds besides its threads. */
const OTHER_PAGES =
  /(?:^|\/)(?:forumdisplay|member|memberlist|index|search|calendar|online|faq|showgroups|usercp|private|register|login|profile|tags|group|album|blog|announcement|misc|sendmessage|newreply|newthread)\.php(?:$|[?#/])|\/(?:forums|members|blogs|groups|tags)\/[^/?.]*\/?$/i;
/** Addresses of a thread or a post, whatever folder they sit in: never another kind of page. */
const THREAD_PAGES = /showthread|showpost|printthread|\/threads\//i;

/** What kind of other page a file with no posts is (its address or file name names a script that
 *  is no thread), or undefined when it may well be a thread page that could not be read. */
function otherPageOf(file: string, address: string | undefined): string | undefined {
  for (const where of [address, file.split(/[\\/]/).at(-1)]) {
    if (!where || threadIdOf(where) || THREAD_PAGES.test(where)) continue;
    const path = where.replace(/^[a-z]+:\/\/[^/]+/i, "");
    const match = OTHER_PAGES.exec(path);
    if (match) return match[0].replace(/^\//, "").replace(/[?#/]$/, "");
  }
  return undefined;
}

/** `options`: the archivist's front matter when the page has some (the text then comes already
 *  decoded, by the dump rules) and the lines it took. */
export function parseHtmlDump(
  file: string,
  bytes: Uint8Array | string,
  options: HtmlOptions = {},
): { page: DumpPage } | { failure: Failure; warnings: Warning[] } {
  let decoded: ReturnType<typeof decodeHtml>;
  try {
    decoded = decodeHtml(bytes);
  } catch (error) {
    return {
      failure: { file, reason: `the HTML page could not be decoded (${(error as Error).message})` },
      warnings: [],
    };
  }
  try {
    const { page, generation, otherPage, language } = parseHtmlPage(decoded.text, file, options);
    if (language) page.language = language;
    page.warnings.unshift(
      ...decoded.problems.map((problem) => ({ file, line: problem.line, message: problem.message })),
    );
    if (page.posts.length === 0) {
      // vBulletin's own messages stand at thread addresses; other kinds of pages are told by their
      // address or file name, and by their markup only when neither names anything (a page at a
      // thread's address may be a thread that could not be read).
      const address = page.frontMatter.url;
      const namesThread = [address, file.split(/[\\/]/).at(-1)].some(
        (where) => where && (threadIdOf(where) || THREAD_PAGES.test(where)),
      );
      const message = otherPage && !otherPage.byMarkup ? otherPage.kind : undefined;
      const byMarkup = otherPage?.byMarkup && !address && !namesThread ? otherPage.kind : undefined;
      const other = message ?? otherPageOf(file, address) ?? byMarkup;
      if (other)
        return { failure: { file, reason: `not a thread page (${other})`, notAThread: true }, warnings: page.warnings };
      const reason = generation
        ? `no post found in this vBulletin ${generation} HTML page`
        : 'no vBulletin post found in this HTML page (no post markup like <table id="post123">, <li id="post_123"> or data-node-id)';
      return { failure: { file, reason }, warnings: page.warnings };
    }
    return { page };
  } catch (error) {
    // A page the parser cannot read must not stop the build: it is reported, never thrown.
    return { failure: { file, reason: `the HTML page could not be read (${(error as Error).message})` }, warnings: [] };
  }
}

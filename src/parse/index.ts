// The parser's front door: dump bytes in, threads, warnings and failures out. Pure.
import type { Failure, ListedThread, Thread, Warning } from "../model.ts";
import { parseForumDate } from "./dates.ts";
import { decodeDump } from "./decode.ts";
import { looksLikeHtml, parseHtmlDump } from "./html/index.ts";
import { stripReplyPrefix } from "./phrases.ts";
import { splitListedRow, type ArchiveKnowledge } from "./similar-rows.ts";
import { assembleThreads, makeIdsDistinct, pageGroupKey, type AssembledThread } from "./thread.ts";
import { parseVbulletinText, type DumpPage } from "./vbulletin-text.ts";
import { compareText } from "../order.ts";

export interface DumpInput {
  file: string;
  bytes: Uint8Array | string;
}

export interface ParseResult {
  threads: Thread[];
  /** Every warning, threads' and failed files', by file and line. */
  warnings: Warning[];
  failures: Failure[];
}

/** One dump into a page, or the reason it holds no thread. */
export function parseDump(input: DumpInput): { page: DumpPage } | { failure: Failure; warnings: Warning[] } {
  // Each file says what it is: a saved HTML page (any vBulletin generation) or a text dump.
  if (looksLikeHtml(input.bytes)) return parseHtmlDump(input.file, input.bytes);
  const decoded = decodeDump(input.bytes);
  // A saved page under the archivist's front matter: the page parser, with the front matter winning.
  if (decoded.lineOffset > 0 && looksLikeHtml(decoded.text)) {
    const result = parseHtmlDump(input.file, decoded.text, { frontMatter: decoded.frontMatter, lineOffset: decoded.lineOffset });
    const problems = decoded.problems.map((problem: string | { line: number; message: string }) => (typeof problem === "string" ? { file: input.file, line: 1, message: problem } : { file: input.file, line: problem.line, message: problem.message }));
    if ("page" in result) result.page.warnings.unshift(...problems);
    else result.warnings.unshift(...problems);
    return result;
  }
  const page = parseVbulletinText(decoded.text, input.file, { frontMatter: decoded.frontMatter, lineOffset: decoded.lineOffset });
  page.warnings.unshift(...decoded.problems.map((problem) => ({ file: input.file, line: problem.line, message: problem.message })));
  if (page.posts.length === 0) {
    const empty = decoded.text.trim() === "";
    const reason = empty
      ? "the file is empty"
      : looksBinary(decoded.text)
        ? "the file is binary data, not text"
        : "no vBulletin post found (no post header line like \"Old 05-09-2009, 09:27 AM #1\")";
    return { failure: { file: input.file, reason }, warnings: page.warnings };
  }
  return { page };
}

/** Text has no control characters but tab and line ends; data has many (NUL, or over 1 in 20
 *  characters a control character or an undecodable byte). */
function looksBinary(text: string): boolean {
  if (text.includes("\u0000")) return true;
  let controls = 0;
  for (const char of text) {
    const code = char.charCodeAt(0);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0xfffd) controls++;
  }
  return controls * 20 > text.length;
}

export function parseDumps(inputs: readonly DumpInput[]): ParseResult {
  const pages: DumpPage[] = [];
  const failures: Failure[] = [];
  const warnings: Warning[] = [];
  for (const input of inputs) {
    const result = parseDump(input);
    if ("page" in result) pages.push(result.page);
    else {
      failures.push(result.failure);
      warnings.push(...result.warnings);
    }
  }
  return assemblePages(pages, failures, warnings);
}

/** Pages (parsed one file at a time, so the raw text can go) into threads with archive-wide knowledge. */
export function assemblePages(pages: readonly DumpPage[], failures: Failure[] = [], warnings: Warning[] = []): ParseResult {
  const groups = new Map<string, DumpPage[]>();
  for (const page of pages) {
    const key = pageGroupKey(page);
    const group = groups.get(key);
    if (group) group.push(page);
    else groups.set(key, [page]);
  }
  return assembleGroups(
    [...groups.values()].map((group) => () => group),
    { dayFirstSites: dayFirstSitesOf(pages) },
    failures,
    warnings,
  );
}

export interface AssembleOptions {
  /** Sites whose dashed dates read day first (dayFirstSitesOf over all pages). */
  dayFirstSites: ReadonlySet<string>;
  /** Called with each thread once its pages are assembled (the loader packs its post bodies). */
  onThread?: (thread: Thread) => void;
}

/** The sites any of whose pages shows a dashed date with a day over 12 first. */
export function dayFirstSitesOf(pages: Iterable<Pick<DumpPage, "site" | "dayFirstDashes">>): Set<string> {
  const sites = new Set<string>();
  for (const page of pages) if (page.dayFirstDashes && page.site !== undefined) sites.add(page.site);
  return sites;
}

/**
 * Threads from pages grouped by `pageGroupKey`. Each group is loaded only when its turn comes and
 * can be let go after, so a caller can keep the pages out of memory until then; the result is the
 * same as assembling all pages at once, since pages with different keys never join.
 */
export function assembleGroups(
  groups: Iterable<() => DumpPage[]>,
  options: AssembleOptions,
  failures: Failure[] = [],
  warnings: Warning[] = [],
): ParseResult {
  const assembled: AssembledThread[] = [];
  for (const load of groups) {
    const pages = load();
    readDashedDates(pages, options.dayFirstSites);
    const entries = assembleThreads(pages);
    // Equal ids only arise within one key (the id hashes site, forum and title).
    makeIdsDistinct(entries.map((entry) => entry.thread));
    for (const entry of entries) {
      options.onThread?.(entry.thread);
      assembled.push(entry);
    }
  }
  const threads = assembled.map((entry) => entry.thread);
  const knowledge = knowledgeOf(threads);
  for (const { thread, listedRows } of assembled) {
    for (const row of listedRows) {
      const listed = splitListedRow(row.text, knowledge, {
        offsetMinutes: thread.timezone?.offsetMinutes,
        captured: thread.source.captured,
        dayFirstDashes: row.dayFirstDashes,
      });
      if (listed) thread.similarListed.push(listed);
      else thread.warnings.push({ file: row.file, line: row.line, message: `Similar Threads row not understood, kept here: ${row.text}` });
    }
  }
  linkListedThreads(threads);
  for (const thread of threads) warnings.push(...thread.warnings);
  threads.sort((a, b) => compareText(a.url, b.url));
  failures.sort((a, b) => compareText(a.file, b.file));
  warnings.sort((a, b) => compareText(a.file, b.file) || a.line - b.line);
  return { threads, warnings, failures };
}

/** A board writes dashed dates one way: when any page of a site shows a day over 12 first
 *  ("20-11-2012"), its other pages' dashed dates are read day first too ("10-11-2012" is 10 November). */
function readDashedDates(pages: readonly DumpPage[], dayFirstSites: ReadonlySet<string>): void {
  for (const page of pages) {
    if (page.dayFirstDashes || page.site === undefined || !dayFirstSites.has(page.site)) continue;
    page.dayFirstDashes = true;
    const context = { offsetMinutes: page.timezone?.offsetMinutes, captured: page.frontMatter.captured, dayFirstDashes: true };
    for (const post of page.posts) {
      const posted = parseForumDate(post.postedAtText, context);
      if (posted.ok) post.postedAt = posted.iso;
      if (post.edited) {
        const edited = parseForumDate(post.edited.atText, context);
        if (edited.ok) post.edited.at = edited.iso;
      }
    }
  }
}

/** What the archive knows that tells a Similar Threads row's columns apart. */
export function knowledgeOf(threads: readonly Thread[]): ArchiveKnowledge {
  const forums = new Set<string>();
  const authors = new Set<string>();
  const titles = new Set<string>();
  for (const thread of threads) {
    forums.add(thread.forum.name);
    for (const crumb of thread.breadcrumbs.slice(1)) forums.add(crumb);
    titles.add(thread.title);
    for (const post of thread.posts) authors.add(post.author.name);
  }
  return { forums, authors, titles };
}

/** Points listed rows at the archived thread they name: same site, forum and title, and the same starter when the first post is archived. */
export function linkListedThreads(threads: readonly Thread[]): void {
  const byTitle = new Map<string, Thread[]>();
  const keyOf = (site: string, forum: string, title: string) => JSON.stringify([site, forum, stripReplyPrefix(title).toLowerCase()]);
  for (const thread of threads) {
    const key = keyOf(thread.site, thread.forum.name, thread.title);
    byTitle.set(key, [...(byTitle.get(key) ?? []), thread]);
  }
  for (const thread of threads) {
    for (const listed of thread.similarListed) {
      const candidates = (byTitle.get(keyOf(thread.site, listed.forum, listed.title)) ?? []).filter((candidate) => candidate !== thread);
      const match = pickListed(listed, candidates);
      if (match) {
        listed.archivedUrl = match.url;
        listed.archivedId = match.id;
      } else {
        delete listed.archivedUrl;
        delete listed.archivedId;
      }
    }
  }
}

function pickListed(listed: ListedThread, candidates: Thread[]): Thread | undefined {
  const byStarter = candidates.filter((candidate) => candidate.posts[0]?.number === 1 && candidate.posts[0].author.name === listed.starter);
  if (byStarter.length === 1) return byStarter[0];
  const unknownStarter = candidates.filter((candidate) => candidate.posts[0]?.number !== 1);
  return byStarter.length === 0 && unknownStarter.length === 1 && candidates.length === 1 ? unknownStarter[0] : undefined;
}

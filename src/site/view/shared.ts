// Page sizes and the small pieces every kind of page uses: dates, pagers, orderings, XML text.
import type { Locale } from "../../i18n/locale.ts";
import type { Post } from "../../model.ts";
import { compareText } from "../../order.ts";
import { dateValue, isIsoDate } from "../format.ts";
import { pagePath, POSTS_PER_PAGE } from "../paths.ts";
import type { DateView, Pager, PagerLink, ThreadRow } from "./types.ts";

export { POSTS_PER_PAGE };
export const THREADS_PER_PAGE = 50;
export const AUTHOR_POSTS_PER_PAGE = 50;
export const AUTHORS_PER_PAGE = 100;
export const SITEMAP_URL_LIMIT = 50_000;
export const FEED_ENTRIES = 30;
export const HOME_LATEST = 15;
export const CLUSTERS_PER_PAGE = 25;

/** Text for XML 1.0, which has no way to write most control characters (BEL, ESC, NUL…) or
 *  U+FFFE/U+FFFF: each becomes U+FFFD, so one such character in a dump cannot make the feed unreadable. */
export function xmlText(text: string): string {
  return text.replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, "\ufffd");
}

/** A date for `<time>`: its ISO value and its text in the site's language (month names from the
 *  catalogue), or the text as the dump wrote it when it could not be read. */
export function dateView(locale: Locale, value: string | undefined, fallback?: string): DateView {
  if (value === undefined) return { text: fallback || "" };
  const dates = shownDates(locale);
  const known = dates.get(value);
  if (known !== undefined) return { iso: value, text: known };
  const shown = postDateText(locale, value);
  if (shown === undefined && !isIsoDate(value)) return { text: value || fallback || "" };
  if (dates.size >= DATES_KEPT) dates.clear();
  const text = shown ?? locale.date(value);
  dates.set(value, text);
  return { iso: value, text };
}

/** dateView of a post's date, the date as the dump wrote it (the fallback) read only when needed. Not
 *  kept in dateView's memo: an author page's posts' dates are nearly all different, and would churn it. */
export function postDateView(locale: Locale, post: Pick<Post, "postedAt" | "postedAtText">): DateView {
  const value = post.postedAt;
  const text = postDateText(locale, value);
  return text !== undefined ? { iso: value, text } : dateView(locale, value, post.postedAtText);
}

/** Places of the digits of a date-time as the archive writes a post's ("2009-05-09T09:27:00Z",
 *  "2009-05-09T09:27:00-05:00"), and of its separators. */
const DIGITS_AT = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];
const SEPARATORS: [number, number][] = [
  [4, 0x2d],
  [7, 0x2d],
  [10, 0x54],
  [13, 0x3a],
  [16, 0x3a],
];
const ZONE_DIGITS_AT = [20, 21, 23, 24];

const isDigit = (code: number) => code >= 0x30 && code <= 0x39;
const twoDigits = (text: string, at: number) => (text.charCodeAt(at) - 48) * 10 + text.charCodeAt(at + 1) - 48;

/** The text dateView gives a date-time of that shape, from its day's text: no whole-date memo and no
 *  Date.parse a date (issue 15: author pages show every post's date, ~150,000 at 10,000 threads, nearly
 *  all different). Undefined for any other shape, a time past 23:59:59, or a day or zone Date.parse
 *  does not read (dateView then reads it as it always did). */
function postDateText(locale: Locale, value: string): string | undefined {
  const length = value.length;
  if (length !== 20 && length !== 25) return undefined;
  for (const at of DIGITS_AT) if (!isDigit(value.charCodeAt(at))) return undefined;
  for (const [at, code] of SEPARATORS) if (value.charCodeAt(at) !== code) return undefined;
  if (length === 20) {
    if (value.charCodeAt(19) !== 0x5a) return undefined;
  } else {
    const sign = value.charCodeAt(19);
    if ((sign !== 0x2b && sign !== 0x2d) || value.charCodeAt(22) !== 0x3a) return undefined;
    for (const at of ZONE_DIGITS_AT) if (!isDigit(value.charCodeAt(at))) return undefined;
  }
  if (twoDigits(value, 11) > 23 || twoDigits(value, 14) > 59 || twoDigits(value, 17) > 59) return undefined;
  const day = value.slice(0, 10);
  // Date.parse reads a date-time of this shape, its time in range, when it reads its day and its zone.
  if (!readsAs(readDays, day, `${day}T00:00:00Z`)) return undefined;
  if (length === 25 && !readsAs(readZones, value.slice(19), `2000-01-01T00:00:00${value.slice(19)}`)) return undefined;
  return locale.dateAtTime(day, value.slice(11, 16));
}

/** Whether Date.parse reads each day and zone met, by its text (a few thousand days; ~180 years kept). */
const readDays = new Map<string, boolean>();
const readZones = new Map<string, boolean>();

function readsAs(read: Map<string, boolean>, key: string, date: string): boolean {
  let reads = read.get(key);
  if (reads === undefined) {
    if (read.size >= 1 << 16) read.clear();
    reads = !Number.isNaN(Date.parse(date));
    read.set(key, reads);
  }
  return reads;
}

/** Each locale's ISO dates as dateView shows them, by value. A site shows a date in many places (a
 *  thread's last post in its row and in every Similar Threads table listing it, a post on its page
 *  and its author's) and every thread page's fingerprint makes the Similar Threads rows (build/
 *  page-inputs.ts): at 2,000 threads 11,000 dates shown, 5,600 distinct, ~7 ms checked (a
 *  `Date.parse`) and formatted each time, ~1 ms kept. Up to DATES_KEPT a locale (~10 MB), then anew. */
const datesShown = new WeakMap<Locale, Map<string, string>>();
const DATES_KEPT = 2 ** 17;

function shownDates(locale: Locale): Map<string, string> {
  let dates = datesShown.get(locale);
  if (dates === undefined) {
    dates = new Map();
    datesShown.set(locale, dates);
  }
  return dates;
}

/** The title of page `page` (1-based) of a listing or thread: page 1 keeps the plain title. */
export function pageTitle(locale: Locale, title: string, page: number): string {
  return page === 1 ? title : locale.t("page.numbered", { title, page: String(page) });
}

export function makePager(rootPath: string, page: number, count: number): Pager {
  const wanted = new Set<number>([1, count]);
  for (let n = page - 3; n <= page + 3; n++) if (n >= 1 && n <= count) wanted.add(n);
  const links: (PagerLink | null)[] = [];
  let last = 0;
  for (const n of [...wanted].sort((a, b) => a - b)) {
    if (n - last > 1) links.push(null);
    links.push({ n, url: pagePath(rootPath, n), current: n === page });
    last = n;
  }
  return {
    page,
    count,
    links,
    prev: page > 1 ? pagePath(rootPath, page - 1) : undefined,
    next: page < count ? pagePath(rootPath, page + 1) : undefined,
  };
}

/** A post's `dateValue`: a loaded post gives it from its record, without writing its date out. */
export function postedTime(post: Post): number {
  return (post as { postedAtTime?: () => number | undefined }).postedAtTime?.() ?? dateValue(post.postedAt);
}

/** The first `count` of `items` in the order a stable sort by `compare` gives them (what
 *  `[...items].sort(compare).slice(0, count)` gives), in one pass: the home page and the feed show
 *  a few of all the threads, and sorting every one of them for it took ~20 comparisons a thread at
 *  10,000 threads (issue 15). `compare` must order consistently, as a sort's must. */
export function firstInOrder<T>(items: Iterable<T>, count: number, compare: (a: T, b: T) => number): T[] {
  const first: T[] = [];
  if (count <= 0) return first;
  for (const item of items) {
    if (first.length === count && compare(item, first[count - 1]!) >= 0) continue;
    // After every item it does not precede: the stable sort's place among equals.
    let at = first.length;
    while (at > 0 && compare(item, first[at - 1]!) < 0) at--;
    first.splice(at, 0, item);
    if (first.length > count) first.pop();
  }
  return first;
}

/** Newest-first order of threads by last post, ties by title then id. */
export function compareByLastPost(a: ThreadRow, b: ThreadRow): number {
  return (
    dateValue(b.lastPost.iso) - dateValue(a.lastPost.iso) || compareText(a.title, b.title) || compareText(a.id, b.id)
  );
}

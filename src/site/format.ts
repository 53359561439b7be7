// Dates and numbers as the pages show them. Locale-free on purpose: the same input must give
// the same bytes on every machine, whatever its ICU data or time zone.

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** True when `value` is an ISO 8601 date the pages can put in `<time datetime>`. */
export function isIsoDate(value: string | undefined): value is string {
  return typeof value === "string" && ISO_LOCAL.test(value) && !Number.isNaN(Date.parse(value));
}

/** An ISO date for machines (sitemap, Atom), which require a zone: a dump without one is read as
 *  UTC, as dateValue reads it. */
export function withZone(value: string): string {
  return /(?:Z|[+-]\d{2}:\d{2})$/.test(value) || !/T\d{2}:\d{2}/.test(value) ? value : `${value}Z`;
}

/** "9 May 2009, 09:27" — the wall-clock time the forum showed, not converted to the reader's zone. */
export function formatDate(value: string | undefined): string {
  if (!value) return "";
  const m = ISO_LOCAL.exec(value);
  if (!m) return value;
  const [, y, mo, d, h, mi] = m;
  const day = `${Number(d)} ${MONTHS[Number(mo) - 1] ?? mo} ${y}`;
  return h === undefined ? day : `${day}, ${h}:${mi}`;
}

/** "Apr 2008" from "2008-04"; anything else as written. */
export function formatMonth(value: string | undefined): string {
  if (!value) return "";
  const m = /^(\d{4})-(\d{2})$/.exec(value);
  if (!m) return value;
  return `${MONTHS[Number(m[2]) - 1] ?? m[2]} ${m[1]}`;
}

/** 12221 → "12,221". */
export function formatCount(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return "";
  return String(Math.trunc(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Milliseconds since the epoch for sorting; unreadable dates sort as oldest. A date-time
 *  without an offset (zone unknown) is read as UTC, not the build machine's zone, so the order
 *  of pages never depends on where the build runs. */
export function dateValue(value: string | undefined): number {
  if (!value) return Number.NEGATIVE_INFINITY;
  // Remembered: site data reads every post's date several times (authors' pages, the feed, listings'
  // orders), and a lookup costs a fraction of the parse (issue 15: ~0.6 CPU s at 10,000 threads).
  let time = dateValues.get(value);
  if (time === undefined) {
    if (dateValues.size >= DATE_VALUES_KEPT) dateValues.clear();
    time = parseDateValue(value);
    dateValues.set(value, time);
  }
  return time;
}

/** The dates dateValue read, by their text; at most DATE_VALUES_KEPT (then it starts again). */
const dateValues = new Map<string, number>();
const DATE_VALUES_KEPT = 1 << 17; // ~10 MB at most: listings sort rows, one a thread

function parseDateValue(value: string): number {
  const m = ISO_LOCAL.exec(value);
  if (!m) return Number.NEGATIVE_INFINITY;
  // One parse: a zone changes which instant, never whether it is a date.
  const time = Date.parse(m[4] !== undefined && m[6] === undefined ? `${value}Z` : value);
  return Number.isNaN(time) ? Number.NEGATIVE_INFINITY : time;
}

/** Longest <title> worth showing: tabs and search results cut the rest (the page's h1 has it all). */
export const TITLE_MAX = 70;

const ENTITY_LENGTH: Record<string, number> = { "&": 5, "<": 4, ">": 4, '"': 6, "'": 5 };

/** Length of `text` once HTML-escaped: how validators (html-validate's long-title) count a title. */
function escapedLength(text: string): number {
  let n = 0;
  for (const c of text) n += ENTITY_LENGTH[c] ?? c.length;
  return n;
}

/** "Thread title · Site archive", dropping the site name, then shortening, to stay within
 *  TITLE_MAX characters as written in the HTML (entities counted). */
export function documentTitle(title: string, siteTitle: string): string {
  const own = title.replace(/\s+/g, " ").trim();
  if (own === "") return shorten(siteTitle, TITLE_MAX);
  // A title with its own direction controls (a right-to-left override) is isolated, FSI … PDI,
  // so it cannot reverse " · Site archive" after it (<title> can hold no <bdi>).
  const wrap = BIDI_CONTROLS.test(own) ? (text: string) => `\u2068${text}\u2069` : (text: string) => text;
  const full = `${wrap(own)} · ${siteTitle}`;
  if (escapedLength(full) <= TITLE_MAX) return full;
  return wrap(shorten(own, TITLE_MAX - wrap("").length));
}

/** Unicode's explicit direction embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069). */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/;

function shorten(text: string, max: number): string {
  if (escapedLength(text) <= max) return text;
  const chars = [...text];
  let cut = "";
  let used = 1; // the ellipsis
  for (const c of chars) {
    const n = ENTITY_LENGTH[c] ?? c.length;
    if (used + n > max) break;
    cut += c;
    used += n;
  }
  const space = cut.lastIndexOf(" ");
  return `${(space > cut.length / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

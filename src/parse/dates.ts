// Forum dates as the dump writes them ("05-09-2009, 09:27 AM", "09.05.2009, 09:27",
// "2016-02-01, 02:21", "Today, 10:02 PM", "Gestern, 22:15") into ISO 8601.
import { LANGUAGE_PACKS } from "./language.ts";

export interface DateContext {
  /** The dump's zone offset; without it the ISO string carries no offset. */
  offsetMinutes?: number;
  /** Capture date (YYYY-MM-DD) that "Today" and "Yesterday" are relative to. */
  captured?: string;
  /** A board that writes dashed dates day first (DD-MM-YYYY). */
  dayFirstDashes?: boolean;
  /** How the board writes dates with slashes ("10/05/2006"): from a day over 12 on the page, else
   *  its language pack; month first when unknown (vBulletin's English default). */
  slashDates?: "dmy" | "mdy";
}

export type DateResult = { ok: true; iso: string } | { ok: false; problem: string };

const hourMarks = [":", ...new Set(LANGUAGE_PACKS.flatMap((pack) => pack.hourMarks))].map(escapeRegExp).join("|");
const TIME = String.raw`(?<hour>\d{1,2})(?:${hourMarks})(?<minute>\d{2})(?::(?<second>\d{2}))?\s*(?<ampm>[AaPp]\.?[Mm]\.?)?(?:\s*Uhr)?`;
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
const joiners = [...new Set(LANGUAGE_PACKS.flatMap((pack) => pack.dateTimeJoiners))].map(escapeRegExp).join("|");
/** "Posted Apr 11, 2020, 1:02 PM": words before the date, longest first, with an optional colon. */
const PREFIX = new RegExp(
  String.raw`^(?:${[...new Set(LANGUAGE_PACKS.flatMap((pack) => pack.datePrefixes))]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join("|")}):?\s+(?=\S)`,
  "i",
);
const SEPARATOR = String.raw`(?:,\s*|\s+(?:${joiners})\s+|\s+)`;
const relativeNames = LANGUAGE_PACKS.flatMap((pack) => [...pack.today, ...pack.yesterday]).map(escapeRegExp);
const months: Record<string, number> = Object.assign({}, ...LANGUAGE_PACKS.map((pack) => pack.months));

type DateShape = { pattern: RegExp; order: "slashed" | "dmy" | "ymd" | "dashed" | "relative" | "named" };

/** The date settings a board may use, as data: each shape a regular expression over the whole text. */
const SHAPES: DateShape[] = [
  {
    pattern: new RegExp(String.raw`^(?<a>\d{1,2})-(?<b>\d{1,2})-(?<y>\d{4})(?:${SEPARATOR}${TIME})?$`),
    order: "dashed",
  },
  {
    pattern: new RegExp(String.raw`^(?<a>\d{1,2})\.(?<b>\d{1,2})\.(?<y>\d{4})(?:${SEPARATOR}${TIME})?$`),
    order: "dmy",
  },
  { pattern: new RegExp(String.raw`^(?<y>\d{4})-(?<a>\d{1,2})-(?<b>\d{1,2})(?:${SEPARATOR}${TIME})?$`), order: "ymd" },
  {
    pattern: new RegExp(String.raw`^(?<a>\d{1,2})/(?<b>\d{1,2})/(?<y>\d{4})(?:${SEPARATOR}${TIME})?$`),
    order: "slashed",
  },
  {
    pattern: new RegExp(String.raw`^(?<rel>${relativeNames.join("|")})(?:${SEPARATOR}${TIME})?$`, "i"),
    order: "relative",
  },
  // "9th May 2009, 09:27", "May 9th, 2009, 09:27 AM", "12 mars 2008, 10h02", "9. Mai 2009"
  {
    pattern: new RegExp(
      String.raw`^(?:(?<d1>\d{1,2})(?:st|nd|rd|th|er)?\.? (?<m1>\p{L}+)\.?|(?<m2>\p{L}+)\.? (?<d2>\d{1,2})(?:st|nd|rd|th)?),? (?<y>\d{4})(?:${SEPARATOR}${TIME})?$`,
      "u",
    ),
    order: "named",
  },
];

/** Whether text has the shape of a forum date (the caller may still fail to resolve it). */
export function looksLikeDate(text: string): boolean {
  return scanNumericDate(text) !== undefined || looksLikeDateByShapes(text);
}

/** looksLikeDate by the regular expressions alone: what the numeric scanner must agree with. */
export function looksLikeDateByShapes(text: string): boolean {
  const trimmed = text.trim();
  return SHAPES.some((shape) => shape.pattern.test(trimmed));
}

export function parseForumDate(text: string, context: DateContext = {}): DateResult {
  const scanned = scanNumericDate(text);
  return (scanned && numericDate(scanned, context)) ?? parseForumDateByShapes(text, context);
}

/** parseForumDate by the regular expressions alone (every shape, prefixes, white space), which the
 *  numeric scanner's fast path must agree with wherever it answers. */
export function parseForumDateByShapes(text: string, context: DateContext = {}): DateResult {
  const trimmed = text.replace(/\s+/g, " ").trim().replace(PREFIX, "");
  for (const shape of SHAPES) {
    const match = shape.pattern.exec(trimmed);
    if (!match?.groups) continue;
    const g = match.groups;
    let year: number;
    let month: number;
    let day: number;
    if (shape.order === "relative") {
      if (!context.captured)
        return {
          ok: false,
          problem: `"${trimmed}" is relative and the dump has no capture date (add \`captured: YYYY-MM-DD\` front matter)`,
        };
      const base = /^(\d{4})-(\d{2})-(\d{2})$/.exec(context.captured);
      if (!base) return { ok: false, problem: `capture date "${context.captured}" is not YYYY-MM-DD` };
      const isYesterday = LANGUAGE_PACKS.some((pack) =>
        pack.yesterday.some((name) => name.toLowerCase() === g.rel!.toLowerCase()),
      );
      const date = new Date(Date.UTC(Number(base[1]), Number(base[2]) - 1, Number(base[3]) - (isYesterday ? 1 : 0)));
      year = date.getUTCFullYear();
      month = date.getUTCMonth() + 1;
      day = date.getUTCDate();
    } else if (shape.order === "named") {
      const monthName = (g.m1 ?? g.m2 ?? "").toLowerCase();
      const found = months[monthName];
      if (!found) continue;
      year = Number(g.y);
      month = found;
      day = Number(g.d1 ?? g.d2);
    } else {
      year = Number(g.y);
      const a = Number(g.a);
      const b = Number(g.b);
      const dayFirst =
        shape.order === "dmy" ||
        (shape.order === "dashed" && context.dayFirstDashes === true) ||
        (shape.order === "slashed" && context.slashDates === "dmy");
      [month, day] = dayFirst ? [b, a] : [a, b];
    }
    return assemble(trimmed, year, month, day, g, context.offsetMinutes);
  }
  return { ok: false, problem: `"${trimmed}" is not a date format the parser knows` };
}

/** A numeric date as written ("05-09-2009, 09:27 AM", "2016-02-01 14:21:05", "09.05.2009"): its shape
 *  and numbers. */
interface NumericDate {
  order: "dashed" | "dmy" | "ymd" | "slashed";
  year: number;
  a: number;
  b: number;
  hour: number;
  minute: number;
  second: number;
  /** "p" or "a" when the time has AM or PM. */
  ampm: "a" | "p" | undefined;
}

/** The one NumericDate the scanner fills and returns (issue 15: an object a date, with its AM/PM key added
 *  later, was 3% of what the parser allocated). Its answer is read at once, before the next scan. */
const scratchDate: NumericDate = {
  order: "dashed",
  year: 0,
  a: 0,
  b: 0,
  hour: 0,
  minute: 0,
  second: 0,
  ampm: undefined,
};

const DIGIT_0 = 48;
const digitAt = (text: string, at: number): number => {
  const code = text.charCodeAt(at) - DIGIT_0;
  return code >= 0 && code <= 9 ? code : -1;
};
const joinerSpans = [...new Set(LANGUAGE_PACKS.flatMap((pack) => pack.dateTimeJoiners))].map((word) => ` ${word} `);

/**
 * The common numeric dates read without a regular expression (issue 15: the shapes' expressions with
 * their named groups, and the white space and prefix passes before them, were most of what a post's
 * date cost). It answers only for text in one narrow form: digits in one of the four numeric shapes,
 * then optionally ", " or " " or " at " (a joiner) and a time "H:MM" or "H:MM:SS" with " AM"/"PM" (any
 * case, with or without the space), nothing else, no other white space. Such text is unchanged by the
 * white space and prefix passes and matches exactly one shape's expression with these numbers; for
 * anything else (undefined) the expressions decide. A property test holds the two to each other.
 */
function scanNumericDate(text: string): NumericDate | undefined {
  const first = readDigits(text, 0, 4);
  if (first < 0) return undefined;
  let at = digitsEnd(first, 0);
  const mark = text[at];
  let order: NumericDate["order"];
  let year: number;
  let a: number;
  let b: number;
  if (digitsLength(first) === 4) {
    if (mark !== "-") return undefined;
    const month = readDigits(text, at + 1, 2);
    const monthEnd = digitsEnd(month, at + 1);
    if (month < 0 || text[monthEnd] !== "-") return undefined;
    const day = readDigits(text, monthEnd + 1, 2);
    if (day < 0) return undefined;
    order = "ymd";
    year = digitsValue(first);
    a = digitsValue(month);
    b = digitsValue(day);
    at = digitsEnd(day, monthEnd + 1);
  } else {
    if (digitsLength(first) > 2 || (mark !== "-" && mark !== "." && mark !== "/")) return undefined;
    const second = readDigits(text, at + 1, 2);
    const secondEnd = digitsEnd(second, at + 1);
    if (second < 0 || text[secondEnd] !== mark) return undefined;
    const years = readDigits(text, secondEnd + 1, 4);
    if (years < 0 || digitsLength(years) !== 4) return undefined;
    order = mark === "-" ? "dashed" : mark === "." ? "dmy" : "slashed";
    year = digitsValue(years);
    a = digitsValue(first);
    b = digitsValue(second);
    at = digitsEnd(years, secondEnd + 1);
  }
  const date = scratchDate;
  date.order = order;
  date.year = year;
  date.a = a;
  date.b = b;
  date.hour = 0;
  date.minute = 0;
  date.second = 0;
  date.ampm = undefined;
  if (at === text.length) return date;
  at = timeStart(text, at);
  return at < 0 ? undefined : scanTime(text, at, date);
}

/** Where the time starts after the date at `at` (", ", " ", " at "), or -1. */
function timeStart(text: string, at: number): number {
  const start = text.startsWith(", ", at) ? at + 2 : text[at] === " " ? at + 1 : -1;
  if (start < 0) return -1;
  if (digitAt(text, start) >= 0) return start;
  const joiner = joinerSpans.find((span) => text.startsWith(span, at));
  return joiner !== undefined && digitAt(text, at + joiner.length) >= 0 ? at + joiner.length : -1;
}

/** "H:MM", "H:MM:SS", each optionally with AM or PM, from `at` to the end of the text, into `date`. */
function scanTime(text: string, at: number, date: NumericDate): NumericDate | undefined {
  const hour = readDigits(text, at, 2);
  const hourEnd = digitsEnd(hour, at);
  if (hour < 0 || text[hourEnd] !== ":") return undefined;
  const minute = readDigits(text, hourEnd + 1, 2);
  if (minute < 0 || digitsLength(minute) !== 2) return undefined;
  date.hour = digitsValue(hour);
  date.minute = digitsValue(minute);
  at = hourEnd + 3;
  if (text[at] === ":") {
    const second = readDigits(text, at + 1, 2);
    if (second < 0 || digitsLength(second) !== 2) return undefined;
    date.second = digitsValue(second);
    at += 3;
  }
  if (at === text.length) return date;
  if (text[at] === " ") at++;
  const half = text[at];
  const isHalf = half === "A" || half === "a" || half === "P" || half === "p";
  if (!isHalf || (text[at + 1] !== "M" && text[at + 1] !== "m") || at + 2 !== text.length) return undefined;
  date.ampm = half === "A" || half === "a" ? "a" : "p";
  return date;
}

/**
 * Up to `max` (at most 4) digits from `at`, as one number: value * 8 + how many, or -1 for none (a
 * longer run reads as none). One number, not an object a call: the scanner runs for every post's date.
 */
function readDigits(text: string, at: number, max: number): number {
  let value = 0;
  let end = at;
  for (let digit = digitAt(text, end); digit >= 0; digit = digitAt(text, ++end)) {
    if (end - at === max) return -1;
    value = value * 10 + digit;
  }
  return end === at ? -1 : value * 8 + (end - at);
}
const digitsValue = (digits: number): number => Math.floor(digits / 8);
const digitsLength = (digits: number): number => digits % 8;
/** Where digits read from `at` end. */
const digitsEnd = (digits: number, at: number): number => at + (digits % 8);

/** A scanned date resolved as the shapes' path resolves it; undefined when that path would refuse it
 *  (it then says why). */
function numericDate(date: NumericDate, context: DateContext): DateResult | undefined {
  const dayFirst =
    date.order === "dmy" ||
    (date.order === "dashed" && context.dayFirstDashes === true) ||
    (date.order === "slashed" && context.slashDates === "dmy");
  const month = dayFirst ? date.b : date.a;
  const day = dayFirst ? date.a : date.b;
  let hour = date.hour;
  if (date.ampm !== undefined) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (date.ampm === "p" ? 12 : 0);
  }
  const { year, minute, second } = date;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  return { ok: true, iso: isoText(year, month, day, hour, minute, second, context.offsetMinutes) };
}

const digit = (value: number): number => DIGIT_0 + (value % 10);
const tens = (value: number): number => digit(Math.floor(value / 10));
const [DASH, COLON, T, NONE] = [45, 58, 84, 0];
const LOCAL_LENGTH = 19;

/**
 * "YYYY-MM-DDTHH:MM:SS" and the zone's offset ("-07:00"), made as one flat string: a template literal
 * makes a tree of string pieces, and every post's date is held until its thread is assembled (issue 15).
 */
function isoText(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  offsetMinutes: number | undefined,
): string {
  const offset = offsetMinutes === undefined ? "" : offsetText(offsetMinutes);
  const century = Math.floor(year / 100);
  // Every character an argument, the zone's six last: no array, no piece strings.
  const zone = offset.length === 6;
  const local = String.fromCharCode(
    tens(century),
    digit(century),
    tens(year),
    digit(year),
    DASH,
    tens(month),
    digit(month),
    DASH,
    tens(day),
    digit(day),
    T,
    tens(hour),
    digit(hour),
    COLON,
    tens(minute),
    digit(minute),
    COLON,
    tens(second),
    digit(second),
    zone ? offset.charCodeAt(0) : NONE,
    zone ? offset.charCodeAt(1) : NONE,
    zone ? offset.charCodeAt(2) : NONE,
    zone ? offset.charCodeAt(3) : NONE,
    zone ? offset.charCodeAt(4) : NONE,
    zone ? offset.charCodeAt(5) : NONE,
  );
  return zone ? local : local.slice(0, LOCAL_LENGTH) + offset;
}
const offsetTexts = new Map<number, string>();
function offsetText(offsetMinutes: number): string {
  let text = offsetTexts.get(offsetMinutes);
  if (text === undefined) {
    text = formatOffset(offsetMinutes);
    if (offsetTexts.size < 1000) offsetTexts.set(offsetMinutes, text);
  }
  return text;
}

function assemble(
  text: string,
  year: number,
  month: number,
  day: number,
  g: Record<string, string | undefined>,
  offsetMinutes?: number,
): DateResult {
  let hour = g.hour === undefined ? 0 : Number(g.hour);
  const minute = g.minute === undefined ? 0 : Number(g.minute);
  const second = g.second === undefined ? 0 : Number(g.second);
  if (g.ampm) {
    if (hour < 1 || hour > 12) return { ok: false, problem: `"${text}" has hour ${hour} with ${g.ampm}` };
    const pm = g.ampm.toLowerCase().startsWith("p");
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return { ok: false, problem: `"${text}" is not a valid date` };
  }
  const local = `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}`;
  return { ok: true, iso: offsetMinutes === undefined ? local : local + formatOffset(offsetMinutes) };
}

export function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** "Apr 2008" / "Mai 2009" / "04-2008" → "2008-04". */
export function parseJoinDate(text: string): string | undefined {
  const trimmed = text.trim();
  const named = /^(?<m>\p{L}+)\.? (?<y>\d{4})$/u.exec(trimmed);
  if (named?.groups) {
    const month = months[named.groups.m!.toLowerCase()];
    return month ? `${named.groups.y}-${pad(month)}` : undefined;
  }
  const numeric = /^(?<m>\d{1,2})[-./](?<y>\d{4})$/.exec(trimmed) ?? /^(?<y>\d{4})-(?<m>\d{1,2})$/.exec(trimmed);
  if (numeric?.groups) {
    const month = Number(numeric.groups.m);
    return month >= 1 && month <= 12 ? `${numeric.groups.y}-${pad(month)}` : undefined;
  }
  const full = parseForumDate(trimmed);
  return full.ok ? full.iso.slice(0, 7) : undefined;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}

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
  const trimmed = text.trim();
  return SHAPES.some((shape) => shape.pattern.test(trimmed));
}

export function parseForumDate(text: string, context: DateContext = {}): DateResult {
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

// A language's messages at work: look-up with {placeholders} and plural forms, dates with the
// catalogue's month names, numbers with its group separator. Nothing here asks the machine's ICU
// for names or formats, so the same archive gives the same bytes everywhere; plural categories
// come from Intl.PluralRules (CLDR rules, the same in every Node build with full ICU, the default).
import { loadCatalogue, type Catalogue, type Message } from "./catalogue.ts";

export type Params = Record<string, unknown>;

/** Days whose text dateAtTime keeps (~180 years), then anew. */
const DAY_TEXTS_KEPT = 1 << 16;

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/;

export class Locale {
  readonly language: string;
  readonly catalogue: Catalogue;
  private readonly plurals: Intl.PluralRules | undefined;

  constructor(language: string, catalogue: Catalogue) {
    this.language = language;
    this.catalogue = catalogue;
    this.plurals =
      Intl.PluralRules.supportedLocalesOf([language]).length > 0 ? new Intl.PluralRules(language) : undefined;
  }

  /** The message's text for `params` (its plural form chosen by `params.count`), placeholders still in. */
  pattern(key: string, params: Params = {}): string {
    const message: Message | undefined = this.catalogue[key];
    if (message === undefined) return key;
    if (typeof message === "string") return message;
    if (Array.isArray(message)) return message.join(", ");
    const count = typeof params.count === "number" ? params.count : Number.NaN;
    const category = this.plurals ? this.plurals.select(count) : count === 1 ? "one" : "other";
    return message[category] ?? message.other ?? key;
  }

  /** The message as plain text: placeholders replaced; `count`, which also picks the plural form,
   *  with the group separator, the others as given. */
  t(key: string, params: Params = {}): string {
    return fill(this.pattern(key, params), (name) => this.value(name, params[name]));
  }

  /** A parameter as text: `count` when a number formatted, anything else as a string. */
  value(name: string, value: unknown): string {
    if (name === "count" && typeof value === "number") return this.count(value);
    return value === undefined || value === null ? "" : String(value);
  }

  list(key: string): string[] {
    const message = this.catalogue[key];
    return Array.isArray(message) ? message : [];
  }

  /** 12221 → "12,221" / "12.221" / "12 221". */
  count(value: number | undefined): string {
    if (value === undefined || !Number.isFinite(value)) return "";
    const separator = this.t("number.group");
    const digits = String(Math.trunc(Math.abs(value))).replace(/\B(?=(\d{3})+(?!\d))/g, "\u0000");
    return `${value < 0 ? "-" : ""}${digits.replaceAll("\u0000", separator)}`;
  }

  /** "9 May 2009, 09:27" / "9. Mai 2009, 09:27": the wall-clock time the forum showed, never converted. */
  date(value: string | undefined): string {
    if (!value) return "";
    const m = ISO.exec(value);
    if (!m) return value;
    const [, y, mo, d, h, mi] = m;
    const month = this.list("date.monthsShort")[Number(mo) - 1] ?? mo;
    const day = this.t("date.day", { day: String(Number(d)), month, year: y });
    return h === undefined ? day : this.t("date.dayTime", { date: day, time: `${h}:${mi}` });
  }

  /** date() of a date-time whose day ("2009-05-09") and time ("09:27") are read already, the day's
   *  text kept: a site's dates fall on a few thousand days (issue 15: author pages show every post's). */
  dateAtTime(day: string, time: string): string {
    let text = this.dayTexts.get(day);
    if (text === undefined) {
      if (this.dayTexts.size >= DAY_TEXTS_KEPT) this.dayTexts.clear();
      text = this.date(day);
      this.dayTexts.set(day, text);
    }
    return this.t("date.dayTime", { date: text, time });
  }

  private readonly dayTexts = new Map<string, string>();

  /** "Apr 2008" from "2008-04"; anything else as written. */
  month(value: string | undefined): string {
    if (!value) return "";
    const m = /^(\d{4})-(\d{2})$/.exec(value);
    if (!m) return value;
    return this.t("date.month", { month: this.list("date.monthsShort")[Number(m[2]) - 1] ?? m[2], year: m[1] });
  }

  /** What the search page's script needs: its own messages, plural forms, and the date format and short month names. */
  clientMessages(): Record<string, Message> {
    const out: Record<string, Message> = {
      "number.group": this.catalogue["number.group"] ?? ",",
      "date.monthsShort": this.list("date.monthsShort"),
    };
    out["date.day"] = this.catalogue["date.day"] ?? "{day} {month} {year}";
    out["date.dayTime"] = this.catalogue["date.dayTime"] ?? "{date}, {time}";
    for (const [key, message] of Object.entries(this.catalogue))
      if (key.startsWith("search.js.")) out[key.slice(10)] = message;
    return out;
  }
}

const patternParts = new Map<string, readonly string[]>();

/** `{name}` placeholders of `pattern` replaced by `valueFor(name)`; unknown names stay as written. */
export function fill(pattern: string, valueFor: (name: string) => string | undefined): string {
  if (!pattern.includes("{")) return pattern; // most messages have no placeholder
  // Text and names alternate: "a {b} c" → ["a ", "b", " c"]; split once per pattern (a page fills
  // some hundred messages from a few dozen patterns).
  let parts = patternParts.get(pattern);
  if (!parts) {
    if (patternParts.size >= 10_000) patternParts.clear();
    parts = pattern.split(/\{(\w+)\}/);
    patternParts.set(pattern, parts);
  }
  let text = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) text += (valueFor(parts[i]!) ?? `{${parts[i]}}`) + parts[i + 1];
  return text;
}

let english: Locale | undefined;
/** The package's English, the default of every view and filter. */
export function englishLocale(): Locale {
  english ??= new Locale("en", loadCatalogue("en").catalogue);
  return english;
}

// The template side of the catalogues: Nunjucks filters that print the site's words.
//   {{ "nav.home" | t }}                         a message
//   {{ "count.posts" | t({ count: n }) }}        plural form chosen by `count` (formatted: 12,221)
//   {{ "thread.meta" | t({ forum: m.person(…) }) }}  placeholders: text is escaped, markup (macro
//                                                output, `| safe`) is kept as markup
//   {{ "notFound.title" | tPlain }}              the same as plain text, to hand on to other filters
//   {{ iso | date }}  {{ "2008-04" | month }}  {{ n | count }}   dates and numbers of the language
// A message's own text is escaped too, except for keys ending in "Html", which hold markup.
import nunjucks from "nunjucks";
import { escapeHtml } from "../site/render.ts";
import { fill, type Locale, type Params } from "./locale.ts";

const TEXT_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

/** A message's own text as HTML: the attributes of the templates are all double-quoted, so an
 *  apostrophe ("archive's") stays as written, as it did when the words were in the templates. */
function escapeText(text: string): string {
  return text.replace(/[&<>"]/g, (c) => TEXT_ESCAPES[c] ?? c);
}

type SafeString = InstanceType<typeof nunjucks.runtime.SafeString>;

function isSafe(value: unknown): value is SafeString {
  return value instanceof nunjucks.runtime.SafeString;
}

/** A message as HTML, marked safe for Nunjucks' autoescape. */
export function translate(locale: Locale, key: unknown, params: Params = {}): SafeString {
  const name = String(key);
  const pattern = locale.pattern(name, params);
  const html = fill(name.endsWith("Html") ? pattern : escapeText(pattern), (param) => {
    const value = params[param];
    if (isSafe(value)) return value.toString();
    return escapeHtml(locale.value(param, value));
  });
  return new nunjucks.runtime.SafeString(html);
}

/** The filters for Nunjucks: `t`, `date`, `month`, `count`. */
export function localeFilters(locale: Locale): Record<string, (...args: never[]) => unknown> {
  // A message without parameters is the same HTML every time: made once (pages ask for dozens each).
  const plain = new Map<unknown, SafeString>();
  const plainMessage = (key: unknown): SafeString => {
    let html = plain.get(key);
    if (!html) plain.set(key, (html = translate(locale, key)));
    return html;
  };
  return {
    t: (key: unknown, params?: Params) => (params === undefined ? plainMessage(key) : translate(locale, key, params)),
    /** The message as plain text, for filters that take text (documentTitle); printing escapes it. */
    tPlain: (key: unknown, params?: Params) => locale.t(String(key), params ?? {}),
    date: (iso?: string) => locale.date(iso),
    month: (value?: string) => locale.month(value),
    count: (n?: number) => locale.count(n),
  };
}

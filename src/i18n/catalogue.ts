// Message catalogues: every word the site itself prints, as data (locales/<language>.json). The
// package ships English, German and French; an owner's `<input>/locales/<language>.json` adds a
// language or overrides single messages, merged over ours. A key missing from a catalogue falls back
// to English, so a new language can start small.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const PACKAGE_LOCALES = fileURLToPath(new URL("../../locales/", import.meta.url));
export const FALLBACK_LANGUAGE = "en";

/** A message: text with {placeholders}; plural forms by CLDR category ("one", "other", …); or a
 *  list (month names). */
export type Message = string | string[] | Partial<Record<Intl.LDMLPluralRule, string>>;
export type Catalogue = Record<string, Message>;

/** A catalogue the build cannot use; the message names the file and the key. */
export class CatalogueError extends Error {}

/** The languages the package ships a catalogue for. */
export const SHIPPED_LANGUAGES = ["en", "de", "fr"] as const;

const PLURAL_CATEGORIES = new Set(["zero", "one", "two", "few", "many", "other"]);

/** Checks one catalogue file's shape: each value a string, a list of strings, or plural forms. */
export function checkCatalogue(value: unknown, file: string, known: ReadonlySet<string>): Catalogue {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new CatalogueError(`${file}: must be a JSON object of messages ("key": "text")`);
  }
  for (const [key, message] of Object.entries(value)) {
    if (!known.has(key)) throw new CatalogueError(`${file}: unknown message key "${key}"`);
    const ok =
      typeof message === "string" ||
      (Array.isArray(message) && message.every((m) => typeof m === "string")) ||
      (typeof message === "object" &&
        message !== null &&
        !Array.isArray(message) &&
        Object.entries(message).every(([k, v]) => PLURAL_CATEGORIES.has(k) && typeof v === "string") &&
        "other" in message);
    if (!ok) throw new CatalogueError(`${file}: "${key}" must be text, a list of texts, or plural forms with "other"`);
    if (key.startsWith("date.months") && (!Array.isArray(message) || message.length !== 12)) {
      throw new CatalogueError(`${file}: "${key}" must list the 12 month names`);
    }
  }
  return value as Catalogue;
}

function readCatalogue(file: string, known: ReadonlySet<string>): Catalogue {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8").replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new CatalogueError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  return checkCatalogue(value, file, known);
}

const english = JSON.parse(readFileSync(join(PACKAGE_LOCALES, `${FALLBACK_LANGUAGE}.json`), "utf8")) as Catalogue;
export const MESSAGE_KEYS: ReadonlySet<string> = new Set(Object.keys(english));

/** The language's catalogue, English beneath it, the owner's file over it. */
export function loadCatalogue(language: string, inputDir?: string): { catalogue: Catalogue; files: string[] } {
  const files: string[] = [];
  const layers: Catalogue[] = [english];
  const shipped = join(PACKAGE_LOCALES, `${language}.json`);
  if (language !== FALLBACK_LANGUAGE && existsSync(shipped)) layers.push(readCatalogue(shipped, MESSAGE_KEYS));
  const own = inputDir ? join(inputDir, "locales", `${language}.json`) : undefined;
  if (own && existsSync(own)) {
    layers.push(readCatalogue(own, MESSAGE_KEYS));
    files.push(own);
  } else if (!existsSync(shipped)) {
    throw new CatalogueError(
      `no catalogue for the language "${language}": the package has ${SHIPPED_LANGUAGES.join(", ")}; ` +
        `add locales/${language}.json to the input folder (keys as in the package's locales/en.json)`,
    );
  }
  return { catalogue: Object.assign({}, ...layers) as Catalogue, files };
}

/** The archive's own language: the one most threads are written in (ties: English first, then by
 *  tag), English when none is known or the package and input have no catalogue for it. */
export function archiveLanguage(languages: readonly (string | undefined)[], inputDir?: string): string {
  const counts = new Map<string, number>();
  for (const language of languages) if (language) counts.set(language, (counts.get(language) ?? 0) + 1);
  const ranked = [...counts].sort(
    (a, b) =>
      b[1] - a[1] || Number(b[0] === FALLBACK_LANGUAGE) - Number(a[0] === FALLBACK_LANGUAGE) || (a[0] < b[0] ? -1 : 1),
  );
  const best = ranked[0]?.[0];
  if (!best) return FALLBACK_LANGUAGE;
  const available =
    existsSync(join(PACKAGE_LOCALES, `${best}.json`)) ||
    (inputDir !== undefined && existsSync(join(inputDir, "locales", `${best}.json`)));
  return available ? best : FALLBACK_LANGUAGE;
}

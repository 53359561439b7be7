// Reading the owner's configuration from the input folder: forum-archive.config.json (always
// works), or forum-archive.config.mjs / .js (code, for owners who want it). The file is checked
// against schema/forum-archive.config.schema.json with Ajv, so the schema editors complete from is
// the very one the build enforces; every problem names the key and the file.
import { existsSync, readFileSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import type { ErrorObject, ValidateFunction } from "ajv";
import { contrastProblem, nearestPassing } from "./colors.ts";
import type { ForumArchiveConfig } from "./types.ts";

export const CONFIG_FILES = [
  "forum-archive.config.json",
  "forum-archive.config.mjs",
  "forum-archive.config.js",
] as const;
export const SCHEMA_FILE = fileURLToPath(new URL("../../schema/forum-archive.config.schema.json", import.meta.url));

/** A configuration the build cannot use; the message names the file and the key. */
export class ConfigError extends Error {}

/** The configuration as the build uses it: checked, paths resolved, dark accent filled in. */
export interface SiteConfig extends Omit<ForumArchiveConfig, "logo" | "$schema"> {
  /** The file it came from, when there was one. */
  file?: string;
  /** The logo: its file, and its path inside the site ("assets/logo.svg"). */
  logo?: { file: string; path: string };
}

const schema = JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as Record<string, unknown>;
/** Compiled when a config is first checked (compiling costs ~0.3 CPU s), and Ajv loaded then too
 *  (~0.03 s): a build of a folder without a config checks none. */
let validator: ValidateFunction<ForumArchiveConfig> | undefined;
function compiledValidator(): ValidateFunction<ForumArchiveConfig> {
  if (validator) return validator;
  const { Ajv } = createRequire(import.meta.url)("ajv") as typeof import("ajv");
  return (validator = new Ajv({ allErrors: true, strict: true }).compile<ForumArchiveConfig>(schema));
}

/** What each pattern of the schema asks for, in words. */
const PATTERN_WORDS: Record<string, string> = {
  "^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$": "a colour written #rrggbb",
  "^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$": "a language tag such as en, de or pt-BR",
  "^(/|https?://)": 'a site path ("/about/") or an http(s) address',
  "^/": 'a path starting with "/"',
  "^https?://": "an http(s) address such as https://example.org",
};

/** "/nav/0/url" → "nav[0].url". */
function keyOf(instancePath: string, child?: string): string {
  const parts = instancePath.split("/").slice(1);
  if (child !== undefined) parts.push(child);
  return parts.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

function describeError(error: ErrorObject): string {
  const key = keyOf(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "additionalProperties":
      return `unknown key "${keyOf(error.instancePath, String(params.additionalProperty))}"`;
    case "required":
      return `"${key}" needs the key "${String(params.missingProperty)}"`;
    case "type":
      return `"${key}" must be ${params.type === "integer" ? "a whole number" : `a ${String(params.type)}`}`;
    case "pattern":
      return `"${key}" must be ${PATTERN_WORDS[String(params.pattern)] ?? `like ${String(params.pattern)}`}`;
    default:
      return `"${key || "(the file)"}" ${error.message ?? "is not valid"}`;
  }
}

/** Checks a parsed configuration; throws a ConfigError listing every problem, each naming its key. */
export function checkConfig(value: unknown, file: string): ForumArchiveConfig {
  const validate = compiledValidator();
  if (validate(value)) return value;
  const problems = [...new Set((validate.errors ?? []).map(describeError))];
  throw new ConfigError(`${file}: ${problems.join("; ")}`);
}

/** The line and column of character `offset` of `text`. */
function lineOf(text: string, offset: number): string {
  const before = text.slice(0, offset).split("\n");
  return `${before.length}:${(before.at(-1)?.length ?? 0) + 1}`;
}

async function readConfigFile(file: string): Promise<unknown> {
  if (file.endsWith(".json")) {
    const text = (await readFile(file, "utf8")).replace(/^\uFEFF/, "");
    try {
      return JSON.parse(text);
    } catch (error) {
      const message = (error as Error).message;
      const at = /position (\d+)/.exec(message);
      throw new ConfigError(`${file}${at ? `:${lineOf(text, Number(at[1]))}` : ""}: not valid JSON (${message})`);
    }
  }
  const exported = await importOwnerModule(file);
  if (exported === undefined) throw new ConfigError(`${file}: has no default export (write "export default { … }")`);
  return exported;
}

/** The default export of an owner's module (a config, an Eleventy config), loaded afresh when the
 *  file changed: a query of its time makes a new module in the same process (serve, tests). */
export async function importOwnerModule(file: string): Promise<unknown> {
  const version = (await stat(file)).mtimeMs;
  try {
    return ((await import(`${pathToFileURL(file).href}?v=${version}`)) as { default?: unknown }).default;
  } catch (error) {
    throw new ConfigError(`${file}: could not be loaded (${(error as Error).message.split("\n")[0]})`);
  }
}

/** The configuration file of `inputDir`, if any; two of them are an error (which one would win?). */
export function findConfigFile(inputDir: string): string | undefined {
  const found = CONFIG_FILES.map((name) => join(inputDir, name)).filter((file) => existsSync(file));
  if (found.length > 1)
    throw new ConfigError(`${found.join(" and ")}: only one configuration file may be used; remove the others`);
  return found[0];
}

/** Reads, checks and resolves the configuration of `inputDir` ({} when it has none). */
export async function loadConfig(inputDir: string): Promise<SiteConfig> {
  const file = findConfigFile(inputDir);
  if (!file) return {};
  return resolveConfig(checkConfig(await readConfigFile(file), file), inputDir, file);
}

/** A checked configuration made ready for the build: logo found inside the input, colours checked. */
export function resolveConfig(config: ForumArchiveConfig, inputDir: string, file: string): SiteConfig {
  const { $schema: _schema, logo, ...rest } = config;
  const resolved: SiteConfig = { ...rest, file };
  // An origin, as --site-url takes it: "https://example.org/" → "https://example.org".
  if (config.siteUrl !== undefined) resolved.siteUrl = new URL(config.siteUrl).origin;
  if (logo !== undefined) resolved.logo = resolveLogo(logo, inputDir, file);
  if (config.accentColor !== undefined) {
    const problem = contrastProblem(config.accentColor, "light");
    if (problem) throw new ConfigError(`${file}: "accentColor" ${problem}`);
  }
  if (config.accentColorDark !== undefined) {
    const problem = contrastProblem(config.accentColorDark, "dark");
    if (problem) throw new ConfigError(`${file}: "accentColorDark" ${problem}`);
  } else if (config.accentColor !== undefined) {
    resolved.accentColorDark = nearestPassing(config.accentColor, "dark");
  }
  return resolved;
}

function resolveLogo(logo: string, inputDir: string, file: string): { file: string; path: string } {
  const full = resolve(inputDir, logo);
  const inside = relative(resolve(inputDir), full);
  if (isAbsolute(logo) || inside.startsWith("..") || isAbsolute(inside)) {
    throw new ConfigError(`${file}: "logo" must be a file inside the input folder, not ${logo}`);
  }
  if (!existsSync(full)) throw new ConfigError(`${file}: "logo" names ${logo}, which does not exist`);
  const path = inside.split(sep).join("/");
  if (!/^[\w./-]+$/.test(path))
    throw new ConfigError(`${file}: "logo" ${logo}: use letters, digits, "-", "_" and "." in its name`);
  return { file: full, path };
}

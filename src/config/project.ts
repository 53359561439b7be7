// Everything an owner keeps in the input folder besides dumps and pages, made ready for the build:
// the configuration, the language and its catalogue, template overrides (`templates/`), extra
// static files (`assets/`), the colours' stylesheet and their own Eleventy config.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { cp, mkdir, rm, rmdir } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { archiveLanguage, loadCatalogue } from "../i18n/catalogue.ts";
import { Locale } from "../i18n/locale.ts";
import type { Archive, Thread } from "../model.ts";
import { ConfigError, importOwnerModule, loadConfig, type SiteConfig } from "./load.ts";

/** Where merged template folders live (one per input folder), beside the parsed-page cache. */
export const TEMPLATES_CACHE = ".cache/forum-archive/templates";
export const USER_ELEVENTY_CONFIGS = ["eleventy.config.js", "eleventy.config.mjs"] as const;
/** The stylesheet written when the config sets colours or a logo. */
export const THEME_CSS = "assets/theme.css";

export interface Project {
  config: SiteConfig;
  locale: Locale;
  /** The input's own catalogue files (locales/<language>.json), if any: they shape every page. */
  localeFiles: string[];
  /** The templates Eleventy reads: the package's, or a merged copy when the input has templates/. */
  templatesDir: string;
  /** The input's templates/ folder, when it has one. */
  ownTemplates?: string;
  /** The input's assets/ folder, when it has one: copied over the package's assets. */
  ownAssets?: string;
  /** The input's Eleventy config, loaded after ours. */
  eleventyConfig?: string;
  /** assets/theme.css, when the config sets colours or a logo. */
  themeCss?: string;
  /** Removes the merged templates folder once the pages are rendered (made again by the next build). */
  cleanUp(): Promise<void>;
}

/** Reads the input's configuration and overrides; `languages` are the threads' (for the default). */
export async function loadProject(
  input: string,
  packageTemplates: string,
  languages: readonly (string | undefined)[],
): Promise<Project> {
  const config = await loadConfig(input);
  const language = config.language ?? archiveLanguage(languages, input);
  let catalogue: ReturnType<typeof loadCatalogue>;
  try {
    catalogue = loadCatalogue(language, input);
  } catch (error) {
    throw new ConfigError(
      config.file && config.language
        ? `${config.file}: "language" ${(error as Error).message}`
        : (error as Error).message,
    );
  }
  const ownTemplates = existingDir(join(input, "templates"));
  const ownAssets = existingDir(join(input, "assets"));
  const eleventyConfig = USER_ELEVENTY_CONFIGS.map((name) => join(input, name)).find((file) => existsSync(file));
  const project: Project = {
    config,
    locale: new Locale(language, catalogue.catalogue),
    localeFiles: catalogue.files,
    templatesDir: ownTemplates ? await mergedTemplates(packageTemplates, ownTemplates, input) : packageTemplates,
    cleanUp: async () => {
      if (!ownTemplates) return;
      await rm(project.templatesDir, { recursive: true, force: true });
      // The folder that held it goes too when no other build's merged templates are in it.
      await rmdir(dirname(project.templatesDir)).catch(() => undefined);
    },
  };
  if (ownTemplates) project.ownTemplates = ownTemplates;
  if (ownAssets) project.ownAssets = ownAssets;
  if (eleventyConfig) project.eleventyConfig = eleventyConfig;
  const theme = themeCss(config);
  if (theme) project.themeCss = theme;
  return project;
}

function existingDir(dir: string): string | undefined {
  return existsSync(dir) ? dir : undefined;
}

/** The package's templates with the input's files of the same name in their place (and the input's
 *  new ones added), as one folder Eleventy reads. Kept at a path of its own per input folder, so
 *  page fingerprints stay the same from one build to the next. */
async function mergedTemplates(packageTemplates: string, ownTemplates: string, input: string): Promise<string> {
  const key = createHash("sha256").update(resolve(input)).digest("hex").slice(0, 16);
  const dir = resolve(TEMPLATES_CACHE, key);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await cp(packageTemplates, dir, { recursive: true });
  await cp(ownTemplates, dir, { recursive: true, force: true });
  return dir;
}

/** The colours' stylesheet: custom properties over style.css's, for both themes; a logo's size. */
function themeCss(config: SiteConfig): string | undefined {
  const rules: string[] = [];
  if (config.accentColor) rules.push(`:root { --accent: ${config.accentColor}; }`);
  if (config.accentColorDark) {
    rules.push(`@media (prefers-color-scheme: dark) {\n  :root { --accent: ${config.accentColorDark}; }\n}`);
    // Print is always light: back to the light accent there.
    if (config.accentColor) rules.push(`@media print {\n  :root { --accent: ${config.accentColor}; }\n}`);
  }
  if (config.logo) rules.push(".site-logo { height: 2em; width: auto; vertical-align: middle; margin-right: 0.5em; }");
  return rules.length > 0
    ? `/* forum-archive: the configuration's colours and logo */\n${rules.join("\n")}\n`
    : undefined;
}

/** What the site's data takes from the project (SiteDataOptions). */
export function siteOptionsOf(project: Project) {
  const { config } = project;
  return {
    locale: project.locale,
    ...(config.postsPerPage !== undefined ? { postsPerPage: config.postsPerPage } : {}),
    ...(config.title !== undefined ? { title: config.title } : {}),
    ...(config.description !== undefined ? { description: config.description } : {}),
    ...(config.logo !== undefined ? { logo: config.logo.path } : {}),
    nav: config.nav ?? [],
    stylesheets: project.themeCss ? [THEME_CSS] : [],
  };
}

/** The owner's Eleventy config function, if the input has one. */
export async function loadUserEleventyConfig(file: string): Promise<(config: unknown) => unknown> {
  const exported = await importOwnerModule(file);
  if (typeof exported !== "function") {
    throw new ConfigError(`${file}: must export a function: export default function (eleventyConfig) { … }`);
  }
  return exported as (config: unknown) => unknown;
}

/** The archive without the threads and forums the config leaves out, and without computed similar
 *  threads when it turns them off. The same archive object when it changes nothing. */
export async function applyExclusions(archive: Archive, config: SiteConfig): Promise<Archive> {
  const forums = new Set(config.exclude?.forums ?? []);
  const threads = new Set(config.exclude?.threads ?? []);
  let result = archive;
  if (forums.size > 0 || threads.size > 0) {
    const { archiveOf } = await import("../archive/load.ts");
    const { forumPathOf } = await import("../parse/folders.ts");
    const excluded = (t: Thread) =>
      threads.has(t.id) || threads.has(t.url) || forums.has(t.forum.name) || forums.has(forumPathOf(t.url));
    const kept = archive.threads.filter((t) => !excluded(t));
    if (kept.length !== archive.threads.length) {
      result = {
        ...archiveOf(kept, archive.warnings, archive.failures),
        ...(archive.loaded ? { loaded: archive.loaded } : {}),
      };
    }
  }
  if (config.similarThreads === false) {
    result = { ...result, clusters: [], threads: result.threads.map((t) => ({ ...t, similar: [] })) };
  }
  return result;
}

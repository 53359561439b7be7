// One Eleventy run over templates/: every page rendered from the site data and handed to
// `onPage` (which writes it), Eleventy itself running dry.
import { resolve } from "node:path";
import "./esm-resolver.ts"; // before Eleventy: see there
import Eleventy from "@11ty/eleventy";
import type { Locale } from "../i18n/locale.ts";
import type { SiteData } from "../site/view/index.ts";
import { resetEleventyCaches } from "./caches.ts";
import { type DirectTemplate, renderDirectly, rendersDirectly, type TemplateConfigLike } from "./direct.ts";
import { eleventyInternals } from "./internals.ts";
import { pageWriterPlugin, sitePlugin } from "./plugin.ts";

export interface RenderOptions {
  templatesDir: string;
  configPath: string;
  output: string;
  baseUrl: string;
  /** Without search, its page (templates/search.njk) is not rendered either. */
  search: boolean;
  /** Every rendered page: its path and content. What it returns (or resolves to) is what Eleventy keeps. */
  onPage: (outputPath: string, content: string) => string | Promise<string>;
  /** The site's language (the `t` filter and dates); default English. */
  locale?: Locale;
  /** The owner's Eleventy config (`<input>/eleventy.config.js`), added as a plugin after ours. */
  userConfig?: (eleventyConfig: unknown) => unknown;
  /** Only these templates (file names in templatesDir) are rendered; default all. A render worker
   *  renders thread.njk over its share; the main thread everything. */
  only?: readonly string[];
  /** Paginated templates of one item a page rendered by direct.ts, not by Eleventy's pagination
   *  (default on; off compares the two). */
  direct?: boolean;
}

/** What a render did: the pages direct.ts rendered, by template file (the rest went through
 *  Eleventy's own pagination). */
export interface RenderReport {
  directPages: Record<string, number>;
}

export async function renderPages(site: SiteData, options: RenderOptions): Promise<RenderReport> {
  // Template caches on (compiling once, not once a page), emptied around the build (see caches.ts).
  const cachesReset = await resetEleventyCaches();
  // Direct rendering takes its compiled layouts from Eleventy's layout cache.
  const internals = cachesReset && options.direct !== false ? await eleventyInternals() : null;
  const direct: DirectTemplate[] = [];
  const eleventy = new Eleventy(options.templatesDir, options.output, {
    configPath: options.configPath,
    quietMode: true,
    dryRun: true,
    pathPrefix: options.baseUrl,
    config: (cfg) => {
      if (!cachesReset) cfg.setUseTemplateCache(false);
      // Merged templates (an input's templates/ over ours) live under .cache/, which .gitignore lists.
      cfg.setUseGitIgnore(false);
      sitePlugin(cfg, { site, ...(options.locale ? { locale: options.locale } : {}) });
      if (options.userConfig) cfg.addPlugin(options.userConfig);
      // Plugins run in the order added: the page is written after every transform of the owner's.
      cfg.addPlugin(pageWriterPlugin(options.onPage));
      const only = options.only?.map((name) => resolve(options.templatesDir, name));
      const skipped = (inputPath: string) =>
        (!options.search && inputPath.endsWith("/search.njk")) ||
        (only !== undefined && !only.includes(resolve(inputPath)));
      cfg.addPreprocessor("forum-archive-skip", "njk", (data: DirectTemplate["data"], content: string) => {
        const inputPath = data.page.inputPath as string;
        if (skipped(inputPath)) return false;
        // Layouts are taken from Eleventy's layout cache: with its template cache off (an owner may
        // turn it off) there is none, and the template stays with Eleventy.
        if (!internals || cfg.useTemplateCache === false || !rendersDirectly(data)) return undefined;
        direct.push({ inputPath, data, content });
        return false; // its pages are rendered below
      });
    },
  });
  eleventy.disableLogger(); // the build's own progress and summary say what happened
  try {
    await eleventy.write();
    if (!internals) return { directPages: {} };
    return { directPages: await renderDirectly(direct, eleventy.eleventyConfig as TemplateConfigLike, internals) };
  } catch (error) {
    throw clearer(error);
  } finally {
    await resetEleventyCaches(); // let go of this build's templates, filters and archive
  }
}

/** Eleventy says a template failed as "Having trouble writing to <every page of it> from <template>"
 *  (thousands of paths for thread.njk), the reason in the error it wraps: the template and that
 *  reason, on one line, instead. The error a template's render never reached (a write's) stays. */
function clearer(error: unknown): unknown {
  const original = (error as { originalError?: unknown }).originalError;
  const template = /from "([^"]+)"$/.exec((error as Error).message ?? "")?.[1];
  if (!(original instanceof Error) || !template) return error;
  const reason = original.message.replace(/\s*\n\s*/g, " ").trim();
  return Object.assign(new Error(`could not render ${template}: ${reason}`, { cause: error }), {
    ...((original as NodeJS.ErrnoException).code ? { code: (original as NodeJS.ErrnoException).code } : {}),
  });
}

// The Eleventy plugin the build adds: the archive and its page arrays as global data, and the
// filters the templates use. Kept apart from .eleventy.js because it is TypeScript (see build.ts).
import nunjucks from "nunjucks";
import type { Archive } from "../model.ts";
import { documentTitle, formatCount, formatMonth } from "./format.ts";
import { withBase } from "./paths.ts";
import { renderBlocks, type QuoteTarget } from "./render.ts";
import type { Block } from "../model.ts";
import type { SiteView } from "./view.ts";

export interface SitePluginOptions {
  archive: Archive;
  view: SiteView;
  /** Called once for every file Eleventy writes (progress). */
  onPageWritten?: (outputPath: string) => void;
}

// The subset of Eleventy's UserConfig this plugin touches (Eleventy ships no types).
export interface EleventyConfigLike {
  addGlobalData(name: string, value: unknown): unknown;
  addFilter(name: string, fn: (...args: any[]) => unknown): unknown;
  addTransform(name: string, fn: (this: { page: { outputPath: string | false } }, content: string) => string): unknown;
  setNunjucksEnvironmentOptions(options: nunjucks.ConfigureOptions): unknown;
}

export function sitePlugin(cfg: EleventyConfigLike, options: SitePluginOptions): void {
  const { archive, view } = options;
  const baseUrl = view.baseUrl;

  cfg.setNunjucksEnvironmentOptions({ autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true });
  // The pages come from the arrays below, never from collections: keeping every rendered page
  // in collections would only hold the whole site in memory.
  cfg.addGlobalData("eleventyExcludeFromCollections", true);
  cfg.addGlobalData("archive", archive);
  cfg.addGlobalData("site", view);

  /** Site-relative path → href under the base URL. */
  cfg.addFilter("href", (path: unknown) => withBase(baseUrl, typeof path === "string" ? path : "/"));

  /** Post blocks → HTML. render.ts escapes every piece of dump text, so the result is marked safe here. */
  cfg.addFilter("blocks", (blocks: Block[] | undefined, quoteTargets?: Record<string, QuoteTarget>) => {
    const html = renderBlocks(blocks, {
      post: (n) => {
        const target = quoteTargets?.[String(n)];
        return target ? { href: withBase(baseUrl, target.href), author: target.author } : undefined;
      },
    });
    return new nunjucks.runtime.SafeString(html);
  });

  cfg.addFilter("documentTitle", (title: unknown, siteTitle: string) => documentTitle(typeof title === "string" ? title : "", siteTitle));
  cfg.addFilter("count", (n: number | undefined) => formatCount(n));
  cfg.addFilter("month", (s: string | undefined) => formatMonth(s));

  if (options.onPageWritten) {
    const tick = options.onPageWritten;
    cfg.addTransform("forum-archive-progress", function (content) {
      if (this.page.outputPath) tick(this.page.outputPath);
      return content;
    });
  }
}

// The Eleventy plugin the build adds: the site data as global data, the filters the templates
// use; and, apart, the transform that writes every page (Eleventy itself runs dry; see src/build/index.ts).
// Kept apart from config.js because it is TypeScript.
import nunjucks from "nunjucks";
import type { Block } from "../model.ts";
import { localeFilters } from "../i18n/filters.ts";
import { englishLocale, type Locale } from "../i18n/locale.ts";
import { documentTitle } from "../site/format.ts";
import { withBase } from "../site/paths.ts";
import {
  type AttachedFileHtml,
  type QuoteTarget,
  type RenderContext,
  renderAttachedFile,
  renderBlocks,
} from "../site/render.ts";
import type { SiteData } from "../site/view/index.ts";

export interface SitePluginOptions {
  site: SiteData;
  /** The site's language: the `t`, `date`, `month` and `count` filters (default English). */
  locale?: Locale;
}

// The subset of Eleventy's UserConfig this plugin touches (Eleventy ships no types).
export interface EleventyConfigLike {
  addGlobalData(name: string, value: unknown): unknown;
  addTransform(
    name: string,
    fn: (this: { page: { outputPath: string | false } }, content: string) => string | Promise<string>,
  ): unknown;
  setNunjucksEnvironmentOptions(options: nunjucks.ConfigureOptions): unknown;
  on(event: string, listener: (arg: never) => unknown): unknown;
}

/** What the `blocks` filter's rendering looks up: quoted posts' targets and attached files, with
 *  their addresses under the base URL. A class, not closures made for every post printed. */
class PostContext implements RenderContext {
  constructor(
    private readonly baseUrl: string,
    readonly locale: Locale,
    private readonly quoteTargets: Record<string, QuoteTarget> | undefined,
    private readonly files: Record<string, AttachedFileHtml> | undefined,
  ) {}

  post(n: number): QuoteTarget | undefined {
    const target = this.quoteTargets?.[String(n)];
    return target ? { href: withBase(this.baseUrl, target.href), author: target.author } : undefined;
  }

  attachment(id: string): AttachedFileHtml | undefined {
    return fileUnderBase(this.baseUrl, this.files?.[id]);
  }
}

/** An attached file's view with its address under the base URL. */
function fileUnderBase(baseUrl: string, file: AttachedFileHtml | undefined): AttachedFileHtml | undefined {
  return file?.url ? { ...file, url: withBase(baseUrl, file.url) } : file;
}

export function sitePlugin(cfg: EleventyConfigLike, options: SitePluginOptions): void {
  const { site } = options;
  const baseUrl = site.baseUrl;
  const locale = options.locale ?? englishLocale();

  cfg.setNunjucksEnvironmentOptions({
    autoescape: true,
    throwOnUndefined: false,
    trimBlocks: true,
    lstripBlocks: true,
  });
  // The pages come from the arrays below, never from collections: keeping every rendered page
  // in collections would only hold the whole site in memory.
  cfg.addGlobalData("eleventyExcludeFromCollections", true);
  // Thread and author pages are stubs in it; their templates ask it for the page view
  // (site.threadPage / site.authorPage) when the page is rendered.
  cfg.addGlobalData("site", site);

  // The filters go straight onto each Nunjucks environment Eleventy makes: Eleventy's own
  // addFilter wraps every call (copying page data onto `this`), and `href` alone runs some
  // hundred times a page. None of these filters reads `this`.
  const filters: Record<string, (...args: never[]) => unknown> = {
    /** Site-relative path → href under the base URL; an http(s) address (a config link) as it is. */
    href: (path: unknown) =>
      typeof path === "string" && /^https?:\/\//.test(path)
        ? path
        : withBase(baseUrl, typeof path === "string" ? path : "/"),
    /** Post blocks → HTML. render.ts escapes every piece of dump text, so the result is marked safe here. */
    blocks: (
      blocks: Block[] | undefined,
      quoteTargets?: Record<string, QuoteTarget>,
      files?: Record<string, AttachedFileHtml>,
    ) => new nunjucks.runtime.SafeString(renderBlocks(blocks, new PostContext(baseUrl, locale, quoteTargets, files))),
    /** An attached file (render.ts escapes its name) with its address under the base URL. */
    attachedFile: (file: AttachedFileHtml) =>
      new nunjucks.runtime.SafeString(renderAttachedFile(fileUnderBase(baseUrl, file)!)),
    documentTitle: (title: unknown, siteTitle: string) =>
      documentTitle(typeof title === "string" ? title : "", siteTitle),
    ...localeFilters(locale),
  };
  cfg.on("eleventy.engine.njk", ({ environment }: { environment: nunjucks.Environment }) => {
    for (const [name, fn] of Object.entries(filters))
      environment.addFilter(name, fn as (...args: unknown[]) => unknown);
  });
}

/** The transform that writes every page: added as the last plugin (see render.ts), after the
 *  owner's, so the owner's transforms (a minifier, say) run on a page before it is written. What
 *  `onPage` returns replaces the content Eleventy keeps: the build writes the page and hands back
 *  "", so Eleventy does not hold every rendered page until the end of the build. */
export function pageWriterPlugin(
  onPage: (outputPath: string, content: string) => string | Promise<string>,
): (cfg: EleventyConfigLike) => void {
  return (cfg) => {
    cfg.addTransform("forum-archive-write", function (content) {
      return this.page.outputPath ? onPage(this.page.outputPath, content) : content;
    });
  };
}

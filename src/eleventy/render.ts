// One Eleventy run over templates/: every page rendered from the site data and handed to
// `onPage` (which writes it), Eleventy itself running dry.
import Eleventy from "@11ty/eleventy";
import type { SiteData } from "../site/view/index.ts";
import { resetEleventyCaches } from "./caches.ts";
import { sitePlugin } from "./plugin.ts";

export interface RenderOptions {
  templatesDir: string;
  configPath: string;
  output: string;
  baseUrl: string;
  /** Without search, its page (templates/search.njk) is not rendered either. */
  search: boolean;
  /** Every rendered page: its path and content. What it returns (or resolves to) is what Eleventy keeps. */
  onPage: (outputPath: string, content: string) => string | Promise<string>;
}

export async function renderPages(site: SiteData, options: RenderOptions): Promise<void> {
  // Template caches on (compiling once, not once a page), emptied around the build (see caches.ts).
  const cachesReset = await resetEleventyCaches();
  const eleventy = new Eleventy(options.templatesDir, options.output, {
    configPath: options.configPath,
    quietMode: true,
    dryRun: true,
    pathPrefix: options.baseUrl,
    config: (cfg) => {
      if (!cachesReset) cfg.setUseTemplateCache(false);
      sitePlugin(cfg, { site, onPage: options.onPage });
      if (!options.search) {
        cfg.addPreprocessor("no-search", "njk", (data: { page: { inputPath: string } }) =>
          data.page.inputPath.endsWith("/search.njk") ? false : undefined,
        );
      }
    },
  });
  eleventy.disableLogger(); // the build's own progress and summary say what happened
  try {
    await eleventy.write();
  } finally {
    await resetEleventyCaches(); // let go of this build's templates, filters and archive
  }
}

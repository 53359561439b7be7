// Three of Eleventy's private modules that src/eleventy/direct.ts renders pages with: its layout
// cache (the compiled layouts of this build), TemplatePermalink (a permalink to a page's URL and
// output path, as Eleventy makes them) and TransformsUtil (a page's transforms, run as Eleventy runs
// them). They are reached by file, next to Eleventy's entry point, as caches.ts reaches the caches;
// test/eleventy-direct.test.ts fails when an Eleventy update moves them. Until then a build falls
// back to Eleventy's pagination (right, but slower).
import type { EleventyInternals } from "./direct.ts";

let internals: Promise<EleventyInternals | null> | undefined;

async function load(): Promise<EleventyInternals | null> {
  try {
    const entry = import.meta.resolve("@11ty/eleventy");
    const module = async (file: string) => ((await import(new URL(file, entry).href)) as { default: unknown }).default;
    const found = {
      layoutCache: await module("./LayoutCache.js"),
      TemplatePermalink: await module("./TemplatePermalink.js"),
      TransformsUtil: await module("./Util/TransformsUtil.js"),
    } as EleventyInternals;
    const usable =
      typeof found.layoutCache?.cache === "object" &&
      typeof found.TemplatePermalink?.prototype?.toHref === "function" &&
      typeof found.TemplatePermalink.prototype.toPath === "function" &&
      typeof found.TransformsUtil?.runAll === "function";
    return usable ? found : null;
  } catch {
    return null;
  }
}

/** Eleventy's modules that direct rendering needs, or null when this Eleventy has them elsewhere. */
export function eleventyInternals(): Promise<EleventyInternals | null> {
  internals ??= load();
  return internals;
}

// Eleventy configuration for the archive templates in templates/.
// Static settings only: the archive data and filters are TypeScript (src/eleventy/plugin.ts) and are
// added by src/build/index.ts through Eleventy's `config` option, so this file loads with or without tsx.
// dir.output is deliberately not set here: it would override the --output given to the build.
export default function (eleventyConfig) {
  eleventyConfig.setTemplateFormats(["njk"]);
  eleventyConfig.setQuietMode(true);
  // Quiet mode does not reach the benchmark groups made before it applies ("[11ty] Benchmark …
  // Nunjucks Filter" lines in the middle of our progress output).
  const benchmarks = eleventyConfig.benchmarkManager;
  benchmarks?.setVerboseOutput?.(false);
  for (const group of Object.values(benchmarks?.getAll?.() ?? {})) group.setIsVerbose?.(false);
  // Eleventy's template cache stays on: src/build/index.ts empties it around every build (see
  // src/eleventy/caches.ts), so a second build in one process never reuses the first's layouts.
  return {
    dir: { includes: "_includes", layouts: "_includes", data: "_data" },
    htmlTemplateEngine: "njk",
    markdownTemplateEngine: false,
  };
}

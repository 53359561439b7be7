// Eleventy configuration for the archive templates in templates/.
// Static settings only: the archive data and filters are TypeScript (src/site/plugin.ts) and are
// added by src/build.ts through Eleventy's `config` option, so this file loads with or without tsx.
// dir.output is deliberately not set here: it would override the --output given to the build.
export default function (eleventyConfig) {
  eleventyConfig.setTemplateFormats(["njk"]);
  eleventyConfig.setQuietMode(true);
  return {
    dir: { includes: "_includes", layouts: "_includes", data: "_data" },
    htmlTemplateEngine: "njk",
    markdownTemplateEngine: false,
  };
}

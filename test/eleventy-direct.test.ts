// Thread and author pages are rendered by src/eleventy/direct.ts, not by Eleventy's pagination
// (issue 15): the same bytes as Eleventy's pagination gives, page for page, with an owner's
// overridden thread-page layout whose filter, shortcode and global data still apply.
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEMPLATES_DIR } from "../src/build/index.ts";
import { loadProject, loadUserEleventyConfig, type Project } from "../src/config/project.ts";
import { rendersDirectly } from "../src/eleventy/direct.ts";
import { eleventyInternals } from "../src/eleventy/internals.ts";
import { renderPages } from "../src/eleventy/render.ts";
import { buildSiteData, type SiteData } from "../src/site/view/index.ts";
import { fixtureArchive } from "./helpers/archive.ts";

const CONFIG_PATH = fileURLToPath(new URL("../src/eleventy/config.js", import.meta.url));

let root: string;
let project: Project;
let site: SiteData;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "fa-direct-"));
  const input = join(root, "input");
  await mkdir(join(input, "templates", "_includes"), { recursive: true });
  const layout = await readFile(join(TEMPLATES_DIR, "_includes", "thread-page.njk"), "utf8");
  await writeFile(
    join(input, "templates", "_includes", "thread-page.njk"),
    layout.replace(
      "{% import",
      '<p class="owner">{{ threadStub.title | ownerFilter }} {{ page.url }} {% ownerCode "x" %} ' +
        "{{ ownerGlobal }}</p>\n" +
        // What Eleventy's pagination tells a page of the others, as the direct way must too.
        "<p>{{ pagination.pageNumber }} {{ pagination.href.next }} {{ pagination.links[0] }} " +
        "{{ pagination.page.previous.title }} {{ pagination.pages.length }} {{ pagination.hrefs.length }}</p>\n" +
        "{% import",
    ),
  );
  await writeFile(
    join(input, "eleventy.config.js"),
    "export default (config) => {\n" +
      '  config.addFilter("ownerFilter", function (s) { return String(s).toUpperCase() + "@" + this.page.url; });\n' +
      '  config.addShortcode("ownerCode", function (s) { return s + ":" + this.page.fileSlug; });\n' +
      '  config.addGlobalData("ownerGlobal", "owned");\n' +
      "};\n",
  );
  const archive = fixtureArchive();
  project = await loadProject(input, TEMPLATES_DIR, []);
  site = buildSiteData(archive, { baseUrl: "/forum/", hasSearch: true, locale: project.locale });
});
afterAll(async () => {
  await project?.cleanUp();
  if (root) await rm(root, { recursive: true, force: true });
});

/** Every page the templates render, by path under the output, rendered directly or not. */
async function render(
  direct: boolean,
  beforeOwner?: (config: { setUseTemplateCache(on: boolean): unknown }) => void,
): Promise<{ pages: Map<string, string>; directPages: Record<string, number> }> {
  const output = join(root, direct ? "direct" : "paginated");
  const owner = await loadUserEleventyConfig(project.eleventyConfig!);
  const pages = new Map<string, string>();
  const report = await renderPages(site, {
    templatesDir: project.templatesDir,
    configPath: CONFIG_PATH,
    output,
    baseUrl: "/forum/",
    search: true,
    locale: project.locale,
    userConfig: beforeOwner
      ? (config: unknown) => {
          beforeOwner(config as Parameters<typeof beforeOwner>[0]);
          return owner(config);
        }
      : owner,
    direct,
    onPage: (file, content) => {
      expect(pages.has(file)).toBe(false);
      pages.set(relative(output, resolve(file)), content);
      return "";
    },
  });
  return { pages, directPages: report.directPages };
}

describe("thread and author pages rendered without Eleventy's pagination", () => {
  it("finds the Eleventy modules it renders with", async () => {
    expect(
      await eleventyInternals(),
      "LayoutCache.js, TemplatePermalink.js or Util/TransformsUtil.js moved in this Eleventy: find them (see " +
        "src/eleventy/internals.ts) before updating it, or builds fall back to Eleventy's slower pagination",
    ).not.toBeNull();
  });

  it("come out byte for byte as Eleventy's pagination renders them, the owner's filter applied", async () => {
    const paginated = await render(false);
    const direct = await render(true);
    expect(paginated.directPages).toEqual({});
    // Every thread page and author page went the direct way (and the other paginated templates' of
    // the same shape: forum pages, the authors' index, clusters).
    expect(direct.directPages).toMatchObject({
      "thread.njk": site.threadPages.length,
      "author.njk": site.authorPages.length,
      "forum.njk": site.forumPages.length,
    });
    expect(site.threadPages.length).toBeGreaterThan(5);
    expect(site.authorPages.length).toBeGreaterThan(3);
    expect([...direct.pages.keys()].sort()).toEqual([...paginated.pages.keys()].sort());
    for (const [file, html] of paginated.pages) expect(direct.pages.get(file), file).toBe(html);

    // The owner's line: the filter and shortcode see the page (its URL and file slug, thread.njk's:
    // "thread"), the global data is there, and the URL is the page's without the base URL.
    for (const stub of site.threadPages) {
      const html = direct.pages.get(stub.permalink)!;
      const title = stub.title.toUpperCase();
      const escaped = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
      expect(html).toContain(`<p class="owner">${escaped(`${title}@${stub.url}`)} ${stub.url} x:thread owned</p>`);
    }
  });

  it("are left to Eleventy when the owner turns its template cache off (no cached layouts to render with)", async () => {
    const paginated = await render(false);
    const uncached = await render(true, (config) => config.setUseTemplateCache(false));
    expect(uncached.directPages).toEqual({});
    expect([...uncached.pages.keys()].sort()).toEqual([...paginated.pages.keys()].sort());
    for (const [file, html] of paginated.pages) expect(uncached.pages.get(file), file).toBe(html);
  });

  it("leave a template that paginates an object (Eleventy pages it by its keys) to Eleventy", () => {
    const shape = {
      pagination: { data: "site.items", size: 1, alias: "item" },
      permalink: () => "/x/",
      templateEngineOverride: "html",
      layout: "base.njk",
      eleventyExcludeFromCollections: true,
      page: {},
    };
    expect(rendersDirectly({ ...shape, site: { items: ["a", "b"] } })).toBe(true);
    expect(rendersDirectly({ ...shape, site: { items: { a: 1, b: 2 } } })).toBe(false);
  });
});

// Thread and author pages rendered by the build itself instead of by Eleventy's pagination (issue
// 15, item 3). Eleventy still reads the templates, runs the data cascade, configures Nunjucks (our
// filters, the owner's filters, shortcodes and globals from <input>/eleventy.config.js) and renders
// every other page; for a paginated template of one item a page whose own content is plain HTML
// (templates/thread.njk and author.njk, or an owner's override of that shape), the preprocessor in
// render.ts takes the template's data as Eleventy made it and skips the template, and its pages are
// rendered here: the same compiled layouts (Eleventy's own, from its layout cache) in the same
// Nunjucks environment, the same linters and transforms (ours writes the page), with the same data
// (`pagination` with its page number and links as Eleventy's pagination sets them; in a render
// worker, which paginates its share, they were never the site's). What this leaves out is
// Eleventy's per-page work: a cloned template, the template's data proxied and copied into every
// layout, the output locations worked out through the template.
import { basename } from "node:path";

/** A template whose pages are rendered here: the data Eleventy gave it (before pagination) and
 *  its own content, which a page's layouts receive as `content` as it is. */
export interface DirectTemplate {
  inputPath: string;
  data: TemplateData;
  content: string;
}

type TemplateData = Record<string, unknown> & { page: Record<string, unknown> };

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" &&
  value !== null &&
  [Object.prototype, null].includes(Object.getPrototypeOf(value) as object | null);

/** The parts of Eleventy's private modules used here (see internals in render.ts). */
export interface EleventyInternals {
  layoutCache: { cache: Record<string, LayoutTemplate> };
  TemplatePermalink: new (
    link: unknown,
  ) => {
    setUrlTransforms(transforms: unknown): void;
    toOutputPath(): string | false;
    toHref(): string | false;
    toPath(dir: string): string | false;
  };
  TransformsUtil: {
    runAll(content: string, page: unknown, transforms: unknown, options: { logger: unknown }): Promise<string>;
  };
}

interface LayoutTemplate {
  dataKeyLayoutPath: string;
  inputPath: string;
  getCompiledLayoutFunctions(): Promise<{ render: (data: unknown) => Promise<string> }[]>;
}

/** The part of Eleventy's TemplateConfig read here. */
export interface TemplateConfigLike {
  directories: { output: string };
  getConfig(): {
    transforms: Record<string, unknown>;
    linters: Record<string, unknown>;
    urlTransforms: unknown;
    javascriptFunctions: Record<string, unknown>;
  };
}

/** Pages rendered between two turns of the event loop. */
const YIELD_EVERY = 16;
const PLAIN_NAME = /^[A-Za-z_$][\w$]*$/;
const DATA_PATH = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;
/** The pagination settings this renderer reproduces; any other (before, filter, reverse…) leaves
 *  the template to Eleventy. */
const KNOWN_PAGINATION = new Set(["data", "size", "alias", "addAllPagesToCollections"]);

/** Whether the template's pages can be rendered here: one item a page under a plain alias, a
 *  permalink function, plain-HTML content, a layout, nothing computed, no permalink root. */
export function rendersDirectly(data: Record<string, unknown>): boolean {
  const pagination = data.pagination;
  return (
    isPlainObject(pagination) &&
    Object.keys(pagination).every((key) => KNOWN_PAGINATION.has(key)) &&
    pagination.size === 1 &&
    typeof pagination.alias === "string" &&
    PLAIN_NAME.test(pagination.alias) &&
    typeof pagination.data === "string" &&
    DATA_PATH.test(pagination.data) &&
    typeof data.permalink === "function" &&
    data.templateEngineOverride === "html" &&
    typeof data.layout === "string" &&
    // Its pages are in no collection, so no other page can miss them.
    data.eleventyExcludeFromCollections === true &&
    pagination.addAllPagesToCollections !== true &&
    !("eleventyComputed" in data) &&
    !data.permalinkRoot &&
    isPlainObject(data.page) &&
    // Eleventy paginates an object by its keys; only lists are rendered here.
    Array.isArray(paginated(data))
  );
}

/** What a template paginates (`pagination.data`, a dotted path into its data). */
function paginated(data: Record<string, unknown>): unknown {
  const path = (data.pagination as { data: string }).data;
  let value: unknown = data;
  for (const key of path.split(".")) value = (value as Record<string, unknown> | undefined)?.[key];
  return value;
}

/** The items a template paginates (rendersDirectly checked they are a list). */
const itemsOf = (data: TemplateData): unknown[] => paginated(data) as unknown[];

/** Renders every page of each template, one after another (the writer bounds what waits on disk);
 *  returns how many, by template file name. */
export async function renderDirectly(
  templates: readonly DirectTemplate[],
  templateConfig: TemplateConfigLike,
  internals: EleventyInternals,
): Promise<Record<string, number>> {
  const pages: Record<string, number> = {};
  for (const template of templates) {
    try {
      pages[basename(template.inputPath)] = await renderTemplate(template, templateConfig, internals);
    } catch (error) {
      throw clearer(template.inputPath, error);
    }
  }
  return pages;
}

async function renderTemplate(
  { data, content }: DirectTemplate,
  templateConfig: TemplateConfigLike,
  internals: EleventyInternals,
): Promise<number> {
  const config = templateConfig.getConfig();
  const layout = layoutOf(data.layout as string, internals);
  const layouts = await layout.getCompiledLayoutFunctions();
  const linters = Object.values(config.linters).filter((l) => typeof l === "function") as Linter[];
  // Eleventy's transform loop warns through its logger when a transform empties a page (ours does,
  // having written it); the build runs Eleventy's logger disabled.
  const logger = { warn() {}, log() {}, info() {}, error() {} };
  const pages = await pagesOf(data, templateConfig, internals);
  for (const [n, pageData] of pages.entries()) {
    // A page's render and write settle in microtasks only: messages (a worker asking for the next
    // batch of the search index, a render worker told to stop) wait until the event loop turns.
    if (n % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
    const page = pageData.page as Record<string, unknown>;
    let html = content;
    for (const { render } of layouts) html = await render({ content: html, ...pageData });
    for (const linter of linters) {
      const { inputPath, outputPath, url } = page;
      linter.call({ inputPath, outputPath, url, page }, html, inputPath, outputPath);
    }
    await internals.TransformsUtil.runAll(html, page, config.transforms, { logger });
  }
  return pages.length;
}

/** Each page's data as Eleventy's pagination makes it: the template's data with the item under its
 *  alias, `page` with the page's URL and output path, and `pagination` with the same fields. */
async function pagesOf(
  data: TemplateData,
  templateConfig: TemplateConfigLike,
  internals: EleventyInternals,
): Promise<Record<string, unknown>[]> {
  const config = templateConfig.getConfig();
  const { data: dataPath, size, alias } = data.pagination as { data: string; size: number; alias: string };
  const permalink = data.permalink as (data: unknown) => unknown;
  const items = itemsOf(data);
  const pages: Record<string, unknown>[] = [];
  const links: string[] = [];
  const hrefs: (string | false)[] = [];
  for (const [n, item] of items.entries()) {
    const page: Record<string, unknown> = { ...data.page };
    const pagination = {
      data: dataPath,
      size,
      alias,
      pages: items,
      items: [item],
      page: { previous: items[n - 1] ?? null, next: items[n + 1] ?? null, first: items[0], last: items.at(-1) },
      pageNumber: n,
    };
    const pageData = { ...data, pagination, page, [alias]: item };
    const link = new internals.TemplatePermalink(await permalink.call({ ...config.javascriptFunctions }, pageData));
    link.setUrlTransforms(config.urlTransforms);
    const rawPath = link.toOutputPath();
    if (rawPath) links.push(`/${rawPath}`);
    hrefs.push((page.url = link.toHref()));
    page.outputPath = link.toPath(templateConfig.directories.output);
    pages.push(pageData);
  }
  for (const [n, { pagination }] of pages.entries()) Object.assign(pagination as object, pageLinks(n, links, hrefs));
  return pages;
}

/** The links to the other pages that Eleventy's pagination gives a page (its getOverrideDataLinks
 *  and getOverrideDataHrefs). */
function pageLinks(n: number, links: string[], hrefs: (string | false)[]): Record<string, unknown> {
  const last = hrefs.length - 1;
  const link = {
    previousPageLink: n > 0 ? links[n - 1] : null,
    nextPageLink: n < last ? links[n + 1] : null,
    firstPageLink: links.length > 0 ? links[0] : null,
    lastPageLink: links.length > 0 ? links[links.length - 1] : null,
  };
  const href = {
    previousPageHref: n > 0 ? hrefs[n - 1] : null,
    nextPageHref: n < last ? hrefs[n + 1] : null,
    firstPageHref: hrefs.length > 0 ? hrefs[0] : null,
    lastPageHref: hrefs.length > 0 ? hrefs[last] : null,
  };
  return {
    ...link,
    previous: link.previousPageLink,
    next: link.nextPageLink,
    links,
    pageLinks: links,
    ...href,
    hrefs,
    href: {
      previous: href.previousPageHref,
      next: href.nextPageHref,
      first: href.firstPageHref,
      last: href.lastPageHref,
    },
  };
}

type Linter = (this: unknown, content: string, inputPath: unknown, outputPath: unknown) => unknown;

/** Eleventy's compiled layout for a template's `layout` key, from its layout cache (Eleventy put it
 *  there while it made the template's data). */
function layoutOf(key: string, internals: EleventyInternals): LayoutTemplate {
  const layout = Object.values(internals.layoutCache.cache).find((l) => l.dataKeyLayoutPath === key);
  if (!layout) throw new Error(`layout ${key} was not found`);
  return layout;
}

/** The error a page's render gave, as the build names a template's failure (see render.ts). */
function clearer(inputPath: string, error: unknown): Error {
  const reason = error instanceof Error ? error.message.replace(/\s*\n\s*/g, " ").trim() : String(error);
  const code = (error as NodeJS.ErrnoException)?.code;
  return Object.assign(new Error(`could not render ${inputPath}: ${reason}`, { cause: error }), code ? { code } : {});
}

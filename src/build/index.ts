// Building the archive site: load the archive, shape it into page data (site/view/), let Eleventy
// render templates/ with it (eleventy/), write the pages, assets, redirects and search index
// (output/), into a staging folder that replaces the output only when the build succeeded.
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadArchive } from "../archive/load.ts";
import { renderPages } from "../eleventy/render.ts";
import type { Archive } from "../model.ts";
import { sharedFingerprint } from "../output/fingerprints.ts";
import { filesUnder, replaceManifest } from "../output/manifest.ts";
import { checkOutputFolder, stageOutput } from "../output/staging.ts";
import { OutputWriter } from "../output/writer.ts";
import { loadMarkdownPages } from "../site/pages.ts";
import { normaliseBaseUrl } from "../site/paths.ts";
import { redirectMap } from "../site/redirects.ts";
import { buildSiteData, expectedPageCount, type SiteData } from "../site/view/index.ts";
import { createProgress, defaultProgressMode, type Progress } from "./progress.ts";
import { type BuildSummary, countWarnings, formatSummary, NGINX_REDIRECTS_FILE, REDIRECTS_FILE } from "./summary.ts";
import { UnchangedPages } from "./unchanged-pages.ts";

export { type BuildSummary, formatSummary, NGINX_REDIRECTS_FILE, REDIRECTS_FILE };

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const TEMPLATES_DIR = join(ROOT, "templates");
const ASSETS_DIR = join(TEMPLATES_DIR, "assets");
/** Code that shapes every page: a change in it renders every page again. */
const SITE_CODE_DIRS = [join(ROOT, "src", "site"), join(ROOT, "src", "eleventy")];
const CONFIG_PATH = join(ROOT, "src", "eleventy", "config.js");
const packageVersion = (entry: string, up: string): string =>
  (JSON.parse(readFileSync(new URL(up, import.meta.resolve(entry)), "utf8")) as { version: string }).version;

export interface BuildOptions {
  input: string;
  output: string;
  /** Prefix the archive is served under, "/" or "/prefix/". */
  baseUrl: string;
  /** Show a progress bar (a terminal) or plain lines. Default: a bar on a TTY, else lines. */
  progress?: "bar" | "lines" | "none";
  /** Origin for the absolute URLs of sitemap.xml, feed.xml and robots.txt ("https://example.org").
   *  Without it those files carry root-relative URLs. */
  siteUrl?: string;
  /** Markdown pages folder; default `<input>/pages`. */
  pagesDir?: string;
  /** Write the search page and index (default true). */
  search?: boolean;
}

/** Reads the dumps in `options.input` and builds the site. Prints the summary unless progress is "none". */
export async function buildFromInput(options: BuildOptions): Promise<BuildSummary> {
  const started = performance.now();
  const refused = checkOutputFolder(options.output, options.input);
  if (refused) throw new Error(refused);
  const mode = options.progress ?? defaultProgressMode();
  const progress = createProgress(mode);
  let total = 0;
  const archive = await loadArchive(options.input, (p) => {
    if (p.total !== total) {
      total = p.total;
      progress.start("Reading dumps", total);
    }
    progress.tick(p.file);
  });
  if (total > 0) progress.stop();
  const summary = await buildFromArchive(archive, { ...options, progress: mode }, progress, started);
  if (mode !== "none") console.log(formatSummary(summary));
  return summary;
}

/** Builds the site of an Archive already in memory (what buildFromInput does after loading; tests
 *  call it directly). The build goes to a staging folder that replaces `options.output` only when
 *  it succeeded. */
export async function buildFromArchive(
  archive: Archive,
  options: BuildOptions,
  progress: Progress = createProgress(options.progress ?? "none"),
  started = performance.now(),
): Promise<BuildSummary> {
  const staged = await stageOutput(options.output);
  let summary: BuildSummary;
  try {
    summary = await writeSite(archive, { ...options, output: staged.dir }, progress, started);
  } catch (error) {
    await staged.abandon();
    throw error;
  }
  await staged.commit();
  return staged.inPlace ? { ...summary, builtInPlace: staged.inPlace } : summary;
}

/** Old names of buildFromInput and buildFromArchive, kept until the branches written against them are merged. */
export const buildSite = buildFromInput;
export const renderArchive = buildFromArchive;

/** The build's steps, into `options.output` as it is (buildFromArchive gives it a staging folder). */
async function writeSite(archive: Archive, options: BuildOptions, progress: Progress, started: number): Promise<BuildSummary> {
  const baseUrl = normaliseBaseUrl(options.baseUrl);
  const search = options.search !== false;
  const { pages, failures: pageFailures } = await loadMarkdownPages(options.pagesDir ?? join(options.input, "pages"));
  const data = buildSiteData(archive, { baseUrl, siteUrl: options.siteUrl, pages, hasSearch: search });
  const unchanged = await UnchangedPages.open(options.output, await siteFingerprint(data));
  const site = unchanged.skipUnchanged(data);
  const writer = new OutputWriter(options.output);
  await writePages(site, writer, { output: options.output, baseUrl, search }, progress);
  await unchanged.save(writer);
  const pagesWritten = writer.files.size;
  const pagesUnchanged = writer.unchanged;
  await copyAssets(writer, options.output);
  const redirects = writeRedirects(archive, writer, options.output, baseUrl);
  await writer.flush();
  const searchFiles = search ? await writeSearch(archive, options.output, baseUrl) : 0;
  const removed = await removeStaleFiles(writer, options.output, searchFiles > 0);
  const failures = [...archive.failures.filter((f) => !f.notAThread), ...pageFailures, ...site.problems];
  return {
    threads: archive.threads.length,
    posts: archive.threads.reduce((n, t) => n + t.posts.length, 0),
    authors: archive.authors.length,
    pagesWritten,
    pagesUnchanged,
    staleRemoved: removed.length,
    warnings: countWarnings(archive),
    skipped: archive.failures.filter((failure) => failure.notAThread).length,
    failures: failures.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
    seconds: Math.round((performance.now() - started) / 10) / 100,
    searchFiles,
    redirects: redirects.rules.length,
    redirectConflicts: redirects.conflicts,
  };
}

/** What every page depends on besides its own data: templates, site code, versions, site-wide settings. */
async function siteFingerprint(site: SiteData): Promise<string> {
  return sharedFingerprint([TEMPLATES_DIR, ...SITE_CODE_DIRS], {
    config: await readFile(CONFIG_PATH, "utf8"),
    eleventy: packageVersion("@11ty/eleventy", "../package.json"),
    nunjucks: packageVersion("nunjucks", "./package.json"),
    baseUrl: site.baseUrl,
    siteUrl: site.siteUrl,
    title: site.title,
    nav: site.nav,
    hasSearch: site.hasSearch,
  });
}

/** Eleventy renders every page and runs dry: each page goes to the writer, which writes it only
 *  when its bytes changed, and Eleventy is given an empty string to keep (it otherwise holds every
 *  rendered page until the build ends). */
async function writePages(
  site: SiteData,
  writer: OutputWriter,
  options: { output: string; baseUrl: string; search: boolean },
  progress: Progress,
): Promise<void> {
  progress.start("Writing pages", expectedPageCount(site, options.search));
  await renderPages(site, {
    ...options,
    templatesDir: TEMPLATES_DIR,
    configPath: CONFIG_PATH,
    onPage: (file, content) => {
      const { rel, wait } = writer.write(file, content);
      progress.tick(rel);
      return wait ? wait.then(() => "") : "";
    },
  });
  await writer.flush();
  progress.stop();
}

async function copyAssets(writer: OutputWriter, output: string): Promise<void> {
  for (const file of await filesUnder(ASSETS_DIR, ASSETS_DIR)) {
    writer.write(join(output, "assets", file), await readFile(join(ASSETS_DIR, file)));
  }
}

/** The forum's old addresses (where saved pages told thread and post ids) to the permalinks. */
function writeRedirects(archive: Archive, writer: OutputWriter, output: string, baseUrl: string) {
  const redirects = redirectMap(archive, { baseUrl, isArchivePath: (path) => writesPath(writer.files, baseUrl, path) });
  writer.write(join(output, REDIRECTS_FILE), redirects.netlify);
  writer.write(join(output, NGINX_REDIRECTS_FILE), redirects.nginx);
  return redirects;
}

/** Whether `path` (an address, no query) is served by a file of this build: itself, or its index.html. */
function writesPath(files: ReadonlySet<string>, baseUrl: string, path: string): boolean {
  if (!path.startsWith(baseUrl)) return path === baseUrl.slice(0, -1);
  const rel = path.slice(baseUrl.length).replace(/\/+$/, "");
  return rel === "" || files.has(rel) || files.has(`${rel}/index.html`);
}

/** The search index (src/search/write.ts), imported only by builds that write it. */
async function writeSearch(archive: Archive, output: string, baseUrl: string): Promise<number> {
  const { writeSearchIndex } = await import("../search/write.ts");
  return (await writeSearchIndex(archive, output, baseUrl)).files;
}

/** Files of this build: the pages, the copied assets, the search folder (its own module clears stale
 *  index files there). Whatever the previous build wrote beyond these is removed; returns those. */
async function removeStaleFiles(writer: OutputWriter, output: string, withSearch: boolean): Promise<string[]> {
  const buildFiles = new Set(writer.files);
  if (withSearch) for (const file of await filesUnder(output, join(output, "search"))) buildFiles.add(file);
  return replaceManifest(output, buildFiles);
}

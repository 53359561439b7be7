// Building and serving the archive site (issue 3): load the archive, shape it into page arrays
// (site/view/), let Eleventy render templates/ with them, then write the search index.
import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Eleventy from "@11ty/eleventy";
import { loadArchive } from "./archive/load.ts";
import type { Archive, Failure, Warning } from "./model.ts";
import { filesUnder, replaceManifest } from "./site/manifest.ts";
import { loadMarkdownPages } from "./site/pages.ts";
import { normaliseBaseUrl } from "./site/paths.ts";
import { redirectMap } from "./site/redirects.ts";
import { sitePlugin } from "./site/plugin.ts";
import { resetEleventyCaches } from "./site/eleventy-cache.ts";
import { createProgress, defaultProgressMode, type Progress } from "./site/progress.ts";
import { startStaticServer } from "./site/serve.ts";
import { checkOutputFolder, stageOutput } from "./site/staging.ts";
import { OutputWriter } from "./site/writer.ts";
import { buildSiteData, expectedPageCount, type PageStub, type SiteData } from "./site/view/index.ts";
import { fileHasSize, pageFingerprint, readPageRecords, sharedFingerprint, writePageRecords, type PageRecord } from "./site/fingerprints.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const TEMPLATES_DIR = join(ROOT, "templates");
const ASSETS_DIR = join(TEMPLATES_DIR, "assets");
const SITE_CODE_DIR = join(ROOT, "src", "site");
const packageVersion = (entry: string, up: string): string =>
  (JSON.parse(readFileSync(new URL(up, import.meta.resolve(entry)), "utf8")) as { version: string }).version;
const ELEVENTY_VERSION = packageVersion("@11ty/eleventy", "../package.json");
const NUNJUCKS_VERSION = packageVersion("nunjucks", "./package.json");
const CONFIG_PATH = join(ROOT, ".eleventy.js");
const SEARCH_MODULE = new URL("./search/write.ts", import.meta.url);
/** Netlify / Cloudflare Pages redirect rules, and the same as an nginx map to include. */
export const REDIRECTS_FILE = "_redirects";
export const NGINX_REDIRECTS_FILE = "nginx-redirects.conf";

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
  /** Write the search page and index (default true, when the search module is present). */
  search?: boolean;
}

export interface BuildSummary {
  threads: number;
  posts: number;
  authors: number;
  pagesWritten: number;
  /** Of those, pages whose file already held exactly these bytes and was left untouched. */
  pagesUnchanged: number;
  warnings: number;
  failures: { file: string; reason: string }[];
  seconds: number;
  /** Files the search step wrote (0 when the search module is absent). */
  searchFiles: number;
  /** Files a previous build into the same folder wrote that this one no longer has (removed). */
  staleRemoved: number;
  /** Why the build went straight into the output, with no staging folder beside it (see staging.ts). */
  builtInPlace?: string;
  /** Saved pages of the forum that are no thread pages (forum indexes, profiles), left out. */
  skipped: number;
  /** Old forum addresses redirected (`_redirects`, `nginx-redirects.conf`). */
  redirects: number;
  /** Old addresses two threads claimed: which thread kept each. */
  redirectConflicts: string[];
}

/** Reads `options.input` with the archive loader and renders it. Prints the summary unless progress is "none". */
export async function buildSite(options: BuildOptions): Promise<BuildSummary> {
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
  const summary = await renderArchive(archive, { ...options, progress: mode }, progress, started);
  if (mode !== "none") console.log(formatSummary(summary));
  return summary;
}

/** Renders an Archive already in memory (what buildSite does after loading; tests call it directly).
 *  The build goes to a staging folder that replaces `options.output` only when it succeeded. */
export async function renderArchive(
  archive: Archive,
  options: BuildOptions,
  progress: Progress = createProgress(options.progress ?? "none"),
  started = performance.now(),
): Promise<BuildSummary> {
  const staged = await stageOutput(options.output);
  let summary: BuildSummary;
  try {
    summary = await renderInto(archive, { ...options, output: staged.dir }, progress, started);
  } catch (error) {
    await staged.abandon();
    throw error;
  }
  await staged.commit();
  return staged.inPlace ? { ...summary, builtInPlace: staged.inPlace } : summary;
}

async function renderInto(archive: Archive, options: BuildOptions, progress: Progress, started: number): Promise<BuildSummary> {
  const baseUrl = normaliseBaseUrl(options.baseUrl);
  const pagesDir = options.pagesDir ?? join(options.input, "pages");
  const { pages, failures: pageFailures } = await loadMarkdownPages(pagesDir);
  const hasSearch = options.search !== false && existsSync(join(TEMPLATES_DIR, "search.njk"));
  const model = buildSiteData(archive, { baseUrl, siteUrl: options.siteUrl, pages, hasSearch });

  // Thread and author pages (nearly all of them) whose fingerprint matches the previous build's
  // are not rendered at all; the others are, and their fingerprints recorded as they render.
  const previous = await readPageRecords(options.output);
  const shared = await sharedFingerprint([TEMPLATES_DIR, SITE_CODE_DIR], {
    config: await readFile(CONFIG_PATH, "utf8"),
    eleventy: ELEVENTY_VERSION,
    nunjucks: NUNJUCKS_VERSION,
    baseUrl,
    siteUrl: model.siteUrl,
    title: model.title,
    nav: model.nav,
    hasSearch: model.hasSearch,
  });
  const records = new Map<string, PageRecord>();
  const renderedHashes = new Map<string, string>();
  const kept: string[] = [];
  // Views already built to compare fingerprints, kept until their page renders (only the changed
  // pages of a rebuild, so few), so no view is built or hashed twice.
  const pendingViews = new Map<string, unknown>();
  const needRendering = <S extends PageStub>(stubs: S[], viewOf: (stub: S) => unknown): S[] =>
    previous.size === 0
      ? stubs
      : stubs.filter((stub) => {
          const old = previous.get(stub.permalink);
          if (old && fileHasSize(options.output, stub.permalink, old.size)) {
            const page = viewOf(stub);
            const hash = pageFingerprint(shared, page);
            if (old.hash === hash) {
              kept.push(stub.permalink);
              records.set(stub.permalink, old);
              return false;
            }
            pendingViews.set(stub.permalink, page);
            renderedHashes.set(stub.permalink, hash);
          }
          return true;
        });
  /** The page's view for rendering: the one the comparison built, or a new one, fingerprinted once. */
  const rendered = <S extends PageStub, V>(stub: S, viewOf: (stub: S) => V): V => {
    const pending = pendingViews.get(stub.permalink) as V | undefined;
    if (pending !== undefined) {
      pendingViews.delete(stub.permalink);
      return pending;
    }
    const page = viewOf(stub);
    renderedHashes.set(stub.permalink, pageFingerprint(shared, page));
    return page;
  };
  const site: SiteData = {
    ...model,
    threadPages: needRendering(model.threadPages, model.threadPage),
    authorPages: needRendering(model.authorPages, model.authorPage),
    threadPage: (stub) => rendered(stub, model.threadPage),
    authorPage: (stub) => rendered(stub, model.authorPage),
  };

  // Eleventy renders every page and runs dry: the plugin's last transform hands each page to the
  // writer, which writes it only when its bytes changed, and gives Eleventy back an empty string
  // to keep (Eleventy otherwise holds every rendered page until the build ends).
  const writer = new OutputWriter(options.output);
  progress.start("Writing pages", expectedPageCount(site, hasSearch));
  // Template caches on (compiling once, not once a page), emptied around the build (see eleventy-cache.ts).
  const cachesReset = await resetEleventyCaches();
  const eleventy = new Eleventy(TEMPLATES_DIR, options.output, {
    configPath: CONFIG_PATH,
    quietMode: true,
    dryRun: true,
    pathPrefix: baseUrl,
    config: (cfg) => {
      if (!cachesReset) cfg.setUseTemplateCache(false);
      sitePlugin(cfg, {
        site,
        onPage: (file, content) => {
          const { rel, wait } = writer.write(file, content);
          progress.tick(rel);
          return wait ? wait.then(() => "") : "";
        },
      });
      if (!hasSearch) {
        // Without search, its page (templates/search.njk) is not written either.
        cfg.addPreprocessor("no-search", "njk", (data: { page: { inputPath: string } }) =>
          data.page.inputPath.endsWith("/search.njk") ? false : undefined,
        );
      }
    },
  });
  eleventy.disableLogger(); // our own progress and summary say what happened
  try {
    await eleventy.write();
  } finally {
    await resetEleventyCaches(); // let go of this build's templates, filters and archive
  }
  await writer.flush();
  progress.stop();
  for (const rel of kept) writer.keep(rel);
  for (const [rel, hash] of renderedHashes) {
    const size = writer.sizes.get(rel);
    if (size !== undefined) records.set(rel, { hash, size });
  }
  await writePageRecords(options.output, records);
  const pagesWritten = writer.files.size;
  const pagesUnchanged = writer.unchanged;
  for (const file of await filesUnder(ASSETS_DIR, ASSETS_DIR)) writer.write(join(options.output, "assets", file), await readFile(join(ASSETS_DIR, file)));
  // The forum's old addresses (where saved pages told thread and post ids) to the permalinks.
  const redirects = redirectMap(archive, { baseUrl, isArchivePath: (path) => writesPath(writer.files, baseUrl, path) });
  writer.write(join(options.output, REDIRECTS_FILE), redirects.netlify);
  writer.write(join(options.output, NGINX_REDIRECTS_FILE), redirects.nginx);
  await writer.flush();

  const searchFiles = hasSearch ? await writeSearchIfPresent(archive, options.output, baseUrl) : 0;
  // Files of this build: the pages, the copied assets, the search folder (its own module clears
  // stale index files there). Whatever the previous build wrote beyond these is removed.
  const buildFiles = new Set(writer.files);
  if (searchFiles > 0) for (const file of await filesUnder(options.output, join(options.output, "search"))) buildFiles.add(file);
  const removed = await replaceManifest(options.output, buildFiles);

  const warnings = countWarnings(archive);
  return {
    threads: archive.threads.length,
    posts: archive.threads.reduce((n, t) => n + t.posts.length, 0),
    authors: archive.authors.length,
    pagesWritten,
    pagesUnchanged,
    staleRemoved: removed.length,
    warnings,
    skipped: archive.failures.filter((failure) => failure.notAThread).length,
    failures: [...archive.failures.filter((failure) => !failure.notAThread), ...pageFailures, ...site.problems].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
    seconds: Math.round((performance.now() - started) / 10) / 100,
    searchFiles,
    redirects: redirects.rules.length,
    redirectConflicts: redirects.conflicts,
  };
}

/** Whether `path` (an address, no query) is served by a file of this build: itself, or its index.html. */
function writesPath(files: ReadonlySet<string>, baseUrl: string, path: string): boolean {
  if (!path.startsWith(baseUrl)) return path === baseUrl.slice(0, -1);
  const rel = path.slice(baseUrl.length).replace(/\/+$/, "");
  return rel === "" || files.has(rel) || files.has(`${rel}/index.html`);
}

/** The search helper's module (src/search/write.ts) writes the index; the site builds without it. */
async function writeSearchIfPresent(archive: Archive, output: string, baseUrl: string): Promise<number> {
  if (!existsSync(SEARCH_MODULE)) return 0;
  let mod: { writeSearchIndex?: (a: Archive, out: string, base: string) => Promise<unknown> };
  try {
    const specifier = SEARCH_MODULE.href;
    mod = (await import(specifier)) as typeof mod;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_MODULE_NOT_FOUND" && String(error).includes("search/write")) return 0;
    throw error;
  }
  if (typeof mod.writeSearchIndex !== "function") return 0;
  const result = await mod.writeSearchIndex(archive, output, baseUrl);
  const files = (result as { files?: unknown } | undefined)?.files;
  return typeof files === "number" ? files : 0;
}

function countWarnings(archive: Archive): number {
  const seen = new Set<string>();
  const add = (w: Warning) => seen.add(`${w.file}\u0000${w.line}\u0000${w.message}`);
  archive.warnings.forEach(add);
  for (const thread of archive.threads) thread.warnings.forEach(add);
  return seen.size;
}

/** "1 thread", "2 threads": English plurals of the summary's nouns (all take an s). */
function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

export function formatSummary(summary: BuildSummary): string {
  const lines = [
    `Built ${counted(summary.threads, "thread")}, ${counted(summary.posts, "post")}, ${counted(summary.authors, "author")}: ` +
      `${counted(summary.pagesWritten, "page")}${summary.pagesUnchanged ? ` (${summary.pagesWritten - summary.pagesUnchanged} written, ${summary.pagesUnchanged} already up to date)` : " written"}${summary.searchFiles ? `, ${counted(summary.searchFiles, "search file")}` : ""}, ` +
      `${summary.staleRemoved ? `${counted(summary.staleRemoved, "stale file")} removed, ` : ""}` +
      `${counted(summary.warnings, "warning")}, ${counted(summary.failures.length, "failure")} in ${summary.seconds.toFixed(2)} s`,
  ];
  if (summary.builtInPlace) lines.push(`built in place, without a staging folder: ${summary.builtInPlace} (a failed build can leave this folder half written)`);
  if (summary.skipped) lines.push(`${summary.skipped} saved pages that are no threads (forum indexes, profiles, searches) skipped`);
  if (summary.redirects) lines.push(`${summary.redirects} old forum addresses redirected (${REDIRECTS_FILE}, ${NGINX_REDIRECTS_FILE})`);
  for (const conflict of summary.redirectConflicts) lines.push(`  redirect: ${conflict}`);
  for (const failure of summary.failures as Failure[]) lines.push(`  failed: ${failure.file}: ${failure.reason}`);
  return lines.join("\n");
}

/** Builds, then serves the output on localhost until the process is stopped (or `signal` aborts). */
export async function serveSite(
  options: BuildOptions & { port: number; signal?: AbortSignal; onReady?: (url: string) => void },
): Promise<void> {
  await buildSite(options);
  const server = await startStaticServer(options.output, options.baseUrl, options.port);
  console.log(`Serving ${options.output} at ${server.url} (Ctrl+C to stop)`);
  options.onReady?.(server.url);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      options.signal?.removeEventListener("abort", stop);
      void server.close().then(resolve);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    if (options.signal?.aborted) stop();
    else options.signal?.addEventListener("abort", stop, { once: true });
  });
}

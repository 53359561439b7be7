// Building the archive site: load the archive, shape it into page data (site/view/), let Eleventy
// render templates/ with it (eleventy/), write the pages, assets, redirects and search index
// (output/), into a staging folder that replaces the output only when the build succeeded.
import { existsSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { readFile, realpath } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { loadArchive } from "../archive/load.ts";
import type { searchIndexInWorker } from "../search/worker.ts";
import {
  applyExclusions,
  loadProject,
  loadUserEleventyConfig,
  siteOptionsOf,
  THEME_CSS,
  type Project,
} from "../config/project.ts";
import { isDumpPath } from "../input/vbulletin-db/cli-options.ts";
import type { DatabaseLoadOptions } from "../input/vbulletin-db/load.ts";
import type { Archive } from "../model.ts";
import { FINGERPRINTS_NAME, type FileStampList, sharedFingerprint } from "../output/fingerprints.ts";
import { lockOutput } from "../output/lock.ts";
import { tuneCompiler } from "./compiler-tuning.ts";
import { filesUnder, replaceManifest } from "../output/manifest.ts";
import {
  BUILD_RECORDS,
  checkOutputFolder,
  type OutputContents,
  OutputRefused,
  stageOutput,
} from "../output/staging.ts";
import { OutputWriter } from "../output/writer.ts";
import { loadMarkdownPages } from "../site/pages.ts";
import { normaliseBaseUrl } from "../site/paths.ts";
import { redirectMap } from "../site/redirects.ts";
import { buildSiteData, expectedPageCount, type SiteData, type SiteDataOptions } from "../site/view/index.ts";
import { createProgress, defaultProgressMode, type Progress } from "./progress.ts";
import {
  type BuildSummary,
  countWarnings,
  formatSummary,
  skippedReasons,
  NGINX_REDIRECTS_FILE,
  REDIRECTS_FILE,
} from "./summary.ts";
import {
  MIN_SHARE,
  type PrestartedWorkers,
  prestartRenderWorkers,
  type RenderJob,
  type RenderWorkers,
  type Share,
  splitShares,
  startRenderWorkers,
  workersMemoryAllows,
} from "./render-workers.ts";
import { PageInputs } from "./page-inputs.ts";
import { UnchangedPages } from "./unchanged-pages.ts";
import { inputsFingerprint, recordInputs, unchangedOutput } from "./unchanged-inputs.ts";
import { compareText } from "../order.ts";

export { type BuildSummary, formatSummary, NGINX_REDIRECTS_FILE, REDIRECTS_FILE };

// This module runs from src/build/ (tests, benchmarks) or lib/build/ (the command, compiled):
// the package root is two folders up either way, the site code beside it.
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const TEMPLATES_DIR = join(ROOT, "templates");
const ASSETS_DIR = join(TEMPLATES_DIR, "assets");
/** Code that shapes every page (as it runs: TypeScript, or the compiled lib/): a change in it
 *  renders every page again. Besides the site code, what reads a post's packed text and what a
 *  page's fingerprint is made of: a page is fingerprinted from its thread's packed bytes, not from
 *  the text they decode to. */
const CODE_EXTENSION = import.meta.url.endsWith(".ts") ? ".ts" : ".js";
const SITE_CODE = [
  "../site",
  "../eleventy",
  "../i18n",
  ...["../archive/packed-posts", "../archive/packed-bodies", "./page-inputs"].map((file) => file + CODE_EXTENSION),
].map((path) => fileURLToPath(new URL(path, import.meta.url)));
const CONFIG_PATH = fileURLToPath(new URL("../eleventy/config.js", import.meta.url));
const packageVersion = (entry: string, up: string): string =>
  (JSON.parse(readFileSync(new URL(up, import.meta.resolve(entry)), "utf8")) as { version: string }).version;

export interface BuildOptions {
  input: string;
  output: string;
  /** Prefix the archive is served under, "/" or "/prefix/"; default the config's, else "/". */
  baseUrl?: string;
  /** Show a progress bar (a terminal) or plain lines. Default: a bar on a TTY, else lines. */
  progress?: "bar" | "lines" | "none";
  /** Origin for the absolute URLs of sitemap.xml, feed.xml and robots.txt ("https://example.org").
   *  Without it those files carry root-relative URLs. */
  siteUrl?: string;
  /** Markdown pages folder; default `<input>/pages`. */
  pagesDir?: string;
  /** Write the search page and index (default true). */
  search?: boolean;
  /** vBulletin database inputs: --db and the options for dumps (*.sql, *.sql.gz). */
  database?: DatabaseLoadOptions;
  /** Build into an output folder that holds other things than an archive, replacing files of the
   *  archive's names (see README, "The output folder"). */
  force?: boolean;
  /** Threads to build with (default: the machine's, os.availableParallelism()); 1 builds in this thread
   *  alone. The output is the same byte for byte whatever the count. */
  jobs?: number;
}

/** The steps a build takes that tests watch (a rebuild with nothing changed loads nothing). */
export const buildSteps = {
  // Imported when a build loads (as Eleventy is when it renders): a rebuild with nothing changed needs neither.
  loadArchive: async (...args: Parameters<typeof loadArchive>) =>
    (await import("../archive/load.ts")).loadArchive(...args),
  searchIndexInWorker: async (...args: Parameters<typeof searchIndexInWorker>) =>
    (await import("../search/worker.ts")).searchIndexInWorker(...args),
  startRenderWorkers,
  prestartRenderWorkers,
};

/** Reads the dumps in `options.input` and builds the site. Prints the summary unless progress is "none".
 *  When no input changed since the last build into this output, and the output is as it left it,
 *  nothing else happens (unchanged-inputs.ts). */
export async function buildFromInput(options: BuildOptions): Promise<BuildSummary> {
  const started = performance.now();
  const refused = checkOutputFolder(options.output, options.input);
  if (refused) throw new Error(refused);
  // The lock first: a second build is refused before it spends time reading the dumps.
  const published = await publishedPathOf(options.output);
  const lock = await lockOutput(published, options.output);
  const untuneCompiler = tuneCompiler(published);
  try {
    const mode = options.progress ?? defaultProgressMode();
    const fingerprint = await inputsFingerprint(options);
    const inputs = fingerprint?.hash;
    const kept = inputs === undefined ? undefined : await unchangedOutput(published, inputs);
    if (kept) {
      const summary = { ...kept, seconds: Math.round((performance.now() - started) / 10) / 100 };
      if (mode !== "none") console.log(formatSummary(summary));
      return summary;
    }
    const progress = createProgress(mode);
    let total = 0;
    let prestarted: PrestartedWorkers | undefined;
    const onProgress = (p: { total: number; file: string }) => {
      if (p.total !== total) {
        total = p.total;
        progress.start("Reading dumps", total);
        prestarted ??= prestartWorkers(options, published, total);
      }
      progress.tick(p.file);
    };
    // The renderer (Eleventy and its modules) loads while the dumps are read, in the turns this
    // thread waits on the disk, not after the site data when the render workers wait for their shares.
    import("../eleventy/render.ts").catch(() => {}); // a failure to load is reported where it is awaited
    try {
      // A dump the input fingerprint found unchanged is looked up in the parsed-page cache by its digest, unread.
      const dumpDigest = fingerprint && ((file: string) => fingerprint.digests.settledDigestOf(file));
      const archive = await buildSteps.loadArchive(options.input, onProgress, {
        database: options.database,
        dumpDigest,
      });
      if (total > 0) progress.stop();
      const staging = { ...options, progress: mode };
      const summary = await buildStaged(archive, staging, progress, started, inputs, prestarted).finally(() =>
        archive.attachmentBytes?.close(),
      );
      if (mode !== "none") console.log(formatSummary(summary));
      return summary;
    } finally {
      await prestarted?.end(); // those the build did not take (it failed, or needed fewer)
    }
  } finally {
    untuneCompiler();
    await lock.release();
  }
}

/** Render workers started as the dumps are read (issue 15: a worker loads its modules for ~1 s,
 *  which then overlaps the reading, done in this thread alone), when the build will likely give
 *  them pages: with more than one job, at least MIN_SHARE dumps, and an output that holds no pages
 *  of a last build (a rebuild renders few pages, often none in a worker). */
function prestartWorkers(options: BuildOptions, published: string, dumps: number): PrestartedWorkers | undefined {
  const jobs = options.jobs ?? availableParallelism();
  if (jobs < 2 || dumps < MIN_SHARE || existsSync(join(published, FINGERPRINTS_NAME))) return undefined;
  // About as many as the shares so many dumps can fill (a worker's share is at least MIN_SHARE thread pages).
  return buildSteps.prestartRenderWorkers(Math.min(jobs - 1, Math.floor(dumps / MIN_SHARE)));
}

const publishedPathOf = (output: string) => realpath(output).catch(() => resolve(output));

/** Builds the site of an Archive already in memory (what buildFromInput does after loading; tests
 *  call it directly). The build goes to a staging folder that replaces `options.output` only when
 *  it succeeded. */
export async function buildFromArchive(
  archive: Archive,
  options: BuildOptions,
  progress: Progress = createProgress(options.progress ?? "none"),
  started = performance.now(),
): Promise<BuildSummary> {
  const lock = await lockOutput(await publishedPathOf(options.output), options.output);
  try {
    return await buildStaged(archive, options, progress, started);
  } finally {
    await lock.release();
  }
}

/** buildFromArchive, the output's lock held by the caller. */
async function buildStaged(
  archive: Archive,
  options: BuildOptions,
  progress: Progress,
  started: number,
  inputs?: string,
  prestarted?: PrestartedWorkers,
) {
  const staged = await stageOutput(options.output, { force: options.force }).catch((error: unknown) => {
    throw userFacing(error, options.output, undefined); // a disk too full even to stage
  });
  let built: Awaited<ReturnType<typeof writeSite>>;
  try {
    const writing = { ...options, output: staged.dir };
    built = await writeSite(archive, writing, progress, started, staged.contents, prestarted);
  } catch (error) {
    await staged.abandon();
    throw userFacing(error, options.output, staged.inPlace);
  }
  const { files, keptPages, searchStamps, ...summary } = built;
  try {
    await staged.commit(files);
  } catch (error) {
    await staged.abandon(); // the last good site is back in place (see commit); so is nothing else
    throw userFacing(error, options.output, staged.inPlace);
  }
  // What this build was made from (none for an archive given in memory): the next one may stop at that.
  await recordInputs(await publishedPathOf(options.output), inputs, summary, keptPages, searchStamps);
  return staged.inPlace ? { ...summary, builtInPlace: staged.inPlace } : summary;
}

/** The error a user reads: a full disk said in words, with what became of the site. */
function userFacing(error: unknown, output: string, inPlace: string | undefined): unknown {
  if ((error as NodeJS.ErrnoException).code !== "ENOSPC") return error;
  const site = inPlace
    ? `${output} was built in place and may be half written`
    : `the last good site in ${output} is unchanged`;
  return new OutputRefused(
    `no space left on device while building ${output}: ${site}; free some space and build again`,
  );
}

/** Files in the output before the build that are the user's: neither listed by the last build nor its records. */
function foreignFiles(contents: OutputContents): Set<string> {
  return new Set([...contents.files].filter((file) => !contents.manifest.has(file) && !BUILD_RECORDS.has(file)));
}

/** The build's steps, into `options.output` as it is (buildFromArchive gives it a staging folder). */
async function writeSite(
  loaded: Archive,
  options: BuildOptions,
  progress: Progress,
  started: number,
  contents: OutputContents,
  prestarted?: PrestartedWorkers,
): Promise<BuildSummary & { files: Set<string>; keptPages?: UnchangedPages["kept"]; searchStamps?: FileStampList }> {
  // The owner's configuration and overrides in the input folder (beside a database dump given as
  // input); options given here win over it.
  const projectDir = isDumpPath(options.input) ? dirname(options.input) : options.input;
  const project = await loadProject(
    projectDir,
    TEMPLATES_DIR,
    loaded.threads.map((t) => t.language),
  );
  const archive = await applyExclusions(loaded, project.config);
  const baseUrl = normaliseBaseUrl(options.baseUrl ?? project.config.baseUrl);
  const search = options.search !== false && project.config.search !== false;
  const siteUrl = options.siteUrl ?? project.config.siteUrl;
  const foreign = foreignFiles(contents);
  const postsPerPage = project.config.postsPerPage;
  if (search) checkSearchFolder(contents, foreign);
  // With a second core, the search index is written in a worker thread, started as soon as the
  // threads are known (issue 15): it indexes while this thread makes the site data and the page
  // fingerprints (a render worker waits for its share meanwhile), and then while the pages render.
  const searching =
    search && (options.jobs ?? availableParallelism()) > 1
      ? await buildSteps.searchIndexInWorker(archive, { output: options.output, baseUrl, postsPerPage })
      : undefined;
  let searchFiles = 0;
  let searchStamps: FileStampList | undefined;
  let pagesWritten: number;
  let pagesUnchanged: number;
  let redirects: ReturnType<typeof writeRedirects>;
  let pageFailures: Awaited<ReturnType<typeof loadMarkdownPages>>["failures"];
  let site: SiteData;
  let keptPages: UnchangedPages["kept"] | undefined;
  const writer = new OutputWriter(options.output, { foreign, force: options.force });
  try {
    const markdown = await loadMarkdownPages(options.pagesDir ?? join(options.input, "pages"));
    pageFailures = markdown.failures;
    const siteOptions = { baseUrl, siteUrl, pages: markdown.pages, hasSearch: search, ...siteOptionsOf(project) };
    const data = buildSiteData(archive, siteOptions);
    const shared = await siteFingerprint(data, project);
    const unchanged = await UnchangedPages.open(options.output);
    keptPages = unchanged.kept;
    site = unchanged.skipUnchanged(data, new PageInputs(data, archive, shared, project.config.postsPerPage));
    try {
      const jobs = options.jobs ?? availableParallelism();
      const inWorkers = { archive, siteOptions, foreign, force: options.force === true, jobs, prestarted };
      await writePages(site, writer, { output: options.output, baseUrl, search }, progress, project, inWorkers);
    } finally {
      await project.cleanUp();
    }
    await unchanged.save(writer);
    pagesWritten = writer.files.size;
    pagesUnchanged = writer.unchanged;
    await copyAssets(writer, options.output, project);
    await writeAttachments(writer, options.output, archive, loaded.attachmentBytes);
    redirects = writeRedirects(archive, writer, options.output, baseUrl, postsPerPage);
    await writer.flush();
    const written = searching
      ? await searching.finished
      : search && (await writeSearch(archive, options.output, baseUrl, postsPerPage));
    if (written) ({ files: searchFiles, stamps: searchStamps } = written);
  } catch (error) {
    // No write of the worker's may still be running when the staging folder is removed.
    await searching?.stop();
    throw error;
  }
  const { files, removed } = await removeStaleFiles(writer, options.output, searchFiles > 0, foreign);
  const failures = [...archive.failures.filter((f) => !f.notAThread), ...pageFailures, ...site.problems];
  return {
    threads: archive.threads.length,
    posts: archive.threads.reduce((n, t) => n + t.posts.length, 0),
    authors: archive.authors.length,
    pagesWritten,
    pagesUnchanged,
    staleRemoved: removed.length,
    ...countWarnings(archive),
    skipped: archive.failures.filter((failure) => failure.notAThread).length,
    skippedReasons: skippedReasons(archive.failures),
    failures: failures.sort((a, b) => compareText(a.file, b.file)),
    seconds: Math.round((performance.now() - started) / 10) / 100,
    searchFiles,
    redirects: redirects.rules.length,
    redirectConflicts: redirects.conflicts,
    files,
    keptPages,
    searchStamps,
  };
}

/** The search step empties its index folders and writes through plain paths: it runs only where
 *  `search/` holds no link and nothing of the user's. */
function checkSearchFolder(contents: OutputContents, foreign: ReadonlySet<string>): void {
  const inSearch = (file: string) => file === "search" || file.startsWith("search/");
  const link = contents.links.find(inSearch);
  if (link) {
    throw new OutputRefused(
      `${link} in the output is a symbolic link; the build writes nothing through a link: remove it`,
    );
  }
  const theirs = [...foreign].filter(inSearch);
  if (theirs.length > 0) {
    throw new OutputRefused(
      `search/ in the output holds files forum-archive did not write (${theirs.slice(0, 3).join(", ")}): ` +
        "the search index replaces that folder; move them",
    );
  }
}

/** What every page depends on besides its own data: templates, site code, versions, site-wide settings. */
async function siteFingerprint(site: SiteData, project: Project): Promise<string> {
  return sharedFingerprint([project.templatesDir, ...SITE_CODE], {
    language: project.locale.language,
    catalogue: project.locale.catalogue,
    eleventyConfig: project.eleventyConfig ? await readFile(project.eleventyConfig, "utf8") : null,
    logo: site.logo ?? null,
    stylesheets: site.stylesheets,
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
 *  rendered page until the build ends). With more than one job, shares of the thread and author
 *  pages are rendered and written by worker threads meanwhile (render-workers.ts). */
async function writePages(
  site: SiteData,
  writer: OutputWriter,
  options: { output: string; baseUrl: string; search: boolean },
  progress: Progress,
  project: Project,
  inWorkers: WorkerShares,
): Promise<void> {
  progress.start("Writing pages", expectedPageCount(site, options.search));
  const { renderPages } = await import("../eleventy/render.ts");
  const [own, ...shares] = splitShares(site, Math.min(inWorkers.jobs, 1 + workersMemoryAllows()));
  const workers =
    shares.length > 0 ? startWorkers(site, shares, writer, options, progress, project, inWorkers) : undefined;
  if (!workers) inWorkers.prestarted?.take(0); // none needed: ended now, not kept loading
  try {
    await renderPages(
      { ...site, ...own },
      {
        ...options,
        templatesDir: project.templatesDir,
        configPath: CONFIG_PATH,
        locale: project.locale,
        ...(project.eleventyConfig ? { userConfig: await loadUserEleventyConfig(project.eleventyConfig) } : {}),
        onPage: (file, content) => {
          if (workers?.failure) throw workers.failure; // the build has failed: stop rendering
          const { rel, wait } = writer.write(file, content);
          progress.tick(rel);
          return wait ? wait.then(() => "") : "";
        },
      },
    );
    await writer.flush();
    if (workers) {
      const counts = await workers.finished;
      writer.written += counts.written;
      writer.unchanged += counts.unchanged;
    }
  } catch (error) {
    // No write may still be running when the staging folder is removed (the workers' neither), and
    // a writer's own error (a full disk, a file in the way) is the one to report, not what Eleventy
    // made of it; then a worker's.
    await Promise.all([writer.settle(), workers?.stop()]);
    throw (
      writer.error ??
      (await workers?.finished.then(
        () => undefined,
        (failure: unknown) => failure,
      )) ??
      error
    );
  }
  progress.stop();
}

/** What the render workers need of the build (see writePages). */
interface WorkerShares {
  archive: Archive;
  siteOptions: SiteDataOptions;
  foreign: ReadonlySet<string>;
  force: boolean;
  jobs: number;
  /** Workers started while the archive loaded, to take before starting any. */
  prestarted?: PrestartedWorkers | undefined;
}

/** Starts a worker for each share; the files they write join the writer's and move the progress bar. */
function startWorkers(
  site: SiteData,
  shares: Share[],
  writer: OutputWriter,
  options: { output: string; baseUrl: string; search: boolean },
  progress: Progress,
  project: Project,
  inWorkers: WorkerShares,
): RenderWorkers {
  const { locale, ...siteOptions } = inWorkers.siteOptions;
  const jobs = shares.map(
    (share): RenderJob => ({
      ...options,
      templatesDir: project.templatesDir,
      configPath: CONFIG_PATH,
      ...(project.eleventyConfig ? { userConfig: project.eleventyConfig } : {}),
      siteOptions,
      language: project.locale.language,
      catalogue: project.locale.catalogue,
      foreign: [...inWorkers.foreign],
      force: inWorkers.force,
      threadPages: share.threadPages.map((stub) => stub.permalink),
    }),
  );
  const events = {
    onPages: (files: [string, number][]) => {
      for (const [rel, size] of files) {
        writer.files.add(rel);
        writer.sizes.set(rel, size);
        progress.tick(rel);
      }
    },
  };
  const prestarted = inWorkers.prestarted?.take(jobs.length) ?? [];
  return buildSteps.startRenderWorkers({ archive: inWorkers.archive, site }, jobs, events, prestarted);
}

/** The package's assets, then the input's assets/ over them (same name: the input's wins), the
 *  colours' stylesheet and the logo. */
async function copyAssets(writer: OutputWriter, output: string, project: Project): Promise<void> {
  const sources = new Map<string, string>();
  for (const dir of [ASSETS_DIR, project.ownAssets]) {
    if (dir) for (const file of await filesUnder(dir, dir)) sources.set(file, join(dir, file));
  }
  for (const [file, from] of [...sources].sort()) writer.write(join(output, "assets", file), await readFile(from));
  if (project.themeCss) writer.write(join(output, THEME_CSS), project.themeCss);
  const logo = project.config.logo;
  if (logo && !logo.path.startsWith("assets/")) writer.write(join(output, logo.path), await readFile(logo.file));
}

/** The attached files the published posts name (database inputs with --attachments), at their
 *  addresses in the site; nothing of a post the archive leaves out. */
async function writeAttachments(
  writer: OutputWriter,
  output: string,
  archive: Archive,
  bytes: Archive["attachmentBytes"],
): Promise<void> {
  if (!bytes) return;
  const urls = new Set<string>();
  for (const thread of archive.threads) {
    for (const post of thread.posts)
      for (const block of post.attachments ?? [])
        for (const file of block.files ?? []) if (file.url) urls.add(file.url);
  }
  // The writer bounds its backlog by files: big files (videos) are let through some 64 MB at a time.
  let queued = 0;
  for (const url of [...urls].sort(compareText)) {
    const content = await bytes.read(url);
    if (!content) continue;
    await writer.write(join(output, url), content).wait;
    queued += content.length;
    if (queued > ATTACHMENT_BACKLOG_BYTES) {
      await writer.flush();
      queued = 0;
    }
  }
}

const ATTACHMENT_BACKLOG_BYTES = 64 << 20;

/** The forum's old addresses (where saved pages told thread and post ids) to the permalinks. */
function writeRedirects(
  archive: Archive,
  writer: OutputWriter,
  output: string,
  baseUrl: string,
  postsPerPage?: number,
) {
  const isArchivePath = (path: string) => writesPath(writer.files, baseUrl, path);
  const redirects = redirectMap(archive, { baseUrl, isArchivePath, ...(postsPerPage ? { postsPerPage } : {}) });
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
async function writeSearch(archive: Archive, output: string, baseUrl: string, postsPerPage?: number) {
  const { writeSearchIndex } = await import("../search/write.ts");
  return await writeSearchIndex(archive, output, baseUrl, postsPerPage);
}

/** Files of this build: the pages, the copied assets, the search folder (its own module clears stale
 *  index files there). Whatever the previous build wrote beyond these is removed; returns those. */
async function removeStaleFiles(
  writer: OutputWriter,
  output: string,
  withSearch: boolean,
  foreign: ReadonlySet<string>,
): Promise<{ files: Set<string>; removed: string[] }> {
  const files = new Set(writer.files);
  if (withSearch) {
    for (const file of await filesUnder(output, join(output, "search"))) if (!foreign.has(file)) files.add(file);
  }
  return { files, removed: await replaceManifest(output, files) };
}

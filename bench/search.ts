// Benchmark: the split search index of a generated forum (default 2,000 threads: the machine is
// small and shared). Generates the dumps once (bench/corpus/<threads>/), builds the site with
// buildFromInput into bench/out/search-<threads>/site/, then replays typical queries the way the
// browser does, from a cold cache: bytes and files fetched, counted raw and as a host sends them
// compressed (the .gz and .br copies the build writes), time to first results.
// With Pagefind (dev dependency, for this comparison only) it also indexes the same built site
// with Pagefind and, in Chromium, counts what each search fetches: the same queries, the first
// results page of each (ours: 10 threads, up to 3 posts each; Pagefind: 10 pages).
// Run: npm run bench:search [-- --threads N] [--seed S] [--no-browser] [--no-pagefind] [--write]
//   --write puts the figures into bench/RESULTS-search.md.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import os from "node:os";
import { dirname, extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants as zlib, gzipSync } from "node:zlib";
import { Command } from "commander";
import { buildFromInput } from "../src/build/index.ts";
import { createSearcher } from "../src/search/client/engine.js";
import { lunr } from "../src/search/lunr.ts";
import { defaultCorpusDir, parseSeed } from "./corpus.ts";
import { ensureCorpus } from "./parse.ts";
import { CHROMIUM, launchChromium } from "../test/helpers/chromium.ts";

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = join(BENCH, "..");
const PAGEFIND_BIN = join(ROOT, "node_modules", ".bin", "pagefind");

const ONE_WORD = ["squat", "knee", "creatine", "shoulder", "sleep", "deadlift", "kettlebell", "rhabdo"];
const TWO_WORDS = [
  "hip flexors",
  "knee pain",
  "fish oil",
  "foam rolling",
  "squat depth",
  "overhead press",
  "protein powder",
  "lifting shoes",
];
/** Not typical, for scale: a typo with fuzziness, a prefix, a required and an excluded word. */
const OTHER = ["sqaut~1", "stretch*", "+knee -pain"];

const program = new Command()
  .option("--threads <n>", "threads to generate", (v) => Number.parseInt(v, 10), 2_000)
  .option("--seed <s>", "corpus seed", "1")
  .option("--no-browser", "skip the Chromium timing (and the Pagefind comparison)")
  .option("--no-pagefind", "skip the Pagefind comparison")
  .option("--write", "write bench/RESULTS-search.md")
  .parse();
const options = program.opts<{ threads: number; seed: string; browser: boolean; pagefind: boolean; write: boolean }>();

const kB = (n: number) => `${(n / 1000).toFixed(1)} kB`;
const MB = (n: number) => (n < 1e6 ? kB(n) : `${(n / 1e6).toFixed(1)} MB`);
const ms = (n: number) => `${Math.round(n)} ms`;
async function timed<T>(run: () => Promise<T> | T): Promise<[T, number]> {
  const start = performance.now();
  const value = await run();
  return [value, performance.now() - start];
}

// --- Corpus, site and index ------------------------------------------------------------------
const seed = parseSeed(options.seed);
const corpusDir = defaultCorpusDir(options.threads, seed);
const manifest = ensureCorpus(options.threads, seed, corpusDir);
const out = join(BENCH, "out", `search-${options.threads}`);
const siteDir = join(out, "site");
await rm(out, { recursive: true, force: true });
// The build locks its output in the output's parent folder, which it does not make.
await mkdir(out, { recursive: true });
const cpuBefore = process.cpuUsage();
const [summary, buildMs] = await timed(() =>
  buildFromInput({ input: corpusDir, output: siteDir, baseUrl: "/", progress: "none" }),
);
const buildCpu = process.cpuUsage(cpuBefore);
const posts = summary.posts;
const parsedThreads = summary.threads;
// Peak resident memory of the whole run so far (the build).
const peakRssMiB = process.resourceUsage().maxRSS / 1024;

/** What a host sends for `body` (Pagefind's files it has not gzipped): gzip level 9 and brotli quality 5, the
 *  highest settings the build's own copies use (src/search/write.ts). */
function compressed(body: Buffer): { gzip: number; br: number } {
  return {
    gzip: gzipSync(body, { level: 9 }).length,
    br: brotliCompressSync(body, {
      params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT },
    }).length,
  };
}

const searchDir = join(siteDir, "search");
const sizes = new Map<string, { raw: number; gzip: number; br: number }>();
for (const entry of await readdir(searchDir, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || entry.name.endsWith(".gz") || entry.name.endsWith(".br") || entry.name === "index.html")
    continue;
  const full = join(entry.parentPath, entry.name);
  const [body, gz, br] = await Promise.all([readFile(full), readFile(`${full}.gz`), readFile(`${full}.br`)]);
  sizes.set(full.slice(searchDir.length + 1), { raw: body.length, gzip: gz.length, br: br.length });
}
type Size = { raw: number; gzip: number; br: number };
const add = (a: Size, b: Size): Size => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, br: a.br + b.br });
const ZERO: Size = { raw: 0, gzip: 0, br: 0 };
const kinds = ["manifest.json", "shards/", "docs/", "lexicon/", "lib/", "engine.js", "search-page.js"];
const byKind = kinds.map((kind) => {
  let files = 0,
    size = ZERO;
  for (const [path, one] of sizes)
    if (path === kind || (kind.endsWith("/") && path.startsWith(kind))) {
      files++;
      size = add(size, one);
    }
  return { kind, files, ...size };
});
const total = byKind.reduce((a, k) => ({ files: a.files + k.files, ...add(a, k) }), { files: 0, ...ZERO });
const shardSizes = [...sizes]
  .filter(([p]) => p.startsWith("shards/"))
  .map(([, s]) => s.raw)
  .sort((a, b) => a - b);

// --- Queries, replayed in Node from a cold cache ----------------------------------------------
const manifestText = await readFile(join(searchDir, "manifest.json"), "utf8");
const SCRIPTS = ["lib/", "engine.js", "search-page.js"];
const scriptBytes = byKind.filter((k) => SCRIPTS.includes(k.kind)).reduce<Size>((a, k) => add(a, k), ZERO);

interface QueryFigures extends Size {
  q: string;
  hits: number;
  threads: number;
  files: number;
  shardRaw: number;
  docsRaw: number;
  nodeMs: number;
  browserMs?: number;
  /** Measured in Chromium: the search files the page fetched, and Pagefind's for the same query. */
  browser?: Size & { files: number };
  pagefind?: Size & { files: number; hits: number };
}
const figures: QueryFigures[] = [];
for (const q of [...ONE_WORD, ...TWO_WORDS, ...OTHER]) {
  const fetched: string[] = ["manifest.json"];
  const fetchJson = async (path: string) => {
    fetched.push(path);
    return JSON.parse(await readFile(join(searchDir, path), "utf8"));
  };
  const [result, nodeMs] = await timed(async () => {
    const engine = createSearcher({ lunr, fetchJson, manifest: JSON.parse(manifestText) });
    const { results } = await engine.search(q);
    // What the page shows first: 10 threads, up to 3 posts each, with highlighted snippets.
    const groups = new Map<number, number[]>();
    for (const r of results) {
      const thread = engine.threadOf(Number(r.ref));
      if (!groups.has(thread)) groups.set(thread, []);
      groups.get(thread)!.push(Number(r.ref));
    }
    const shown = [...groups.values()].slice(0, 10).flatMap((ids) => ids.slice(0, 3));
    const docs = await engine.documents(shown);
    const terms = results.length ? results[0]!.terms : [];
    for (const doc of docs.values()) engine.highlights(doc.text, terms);
    return { hits: results.length, threads: groups.size };
  });
  let size = scriptBytes,
    shardRaw = 0,
    docsRaw = 0;
  for (const path of fetched) {
    size = add(size, sizes.get(path)!);
    if (path.startsWith("shards/")) shardRaw += sizes.get(path)!.raw;
    if (path.startsWith("docs/")) docsRaw += sizes.get(path)!.raw;
  }
  figures.push({ q, ...result, files: fetched.length + 6, ...size, shardRaw, docsRaw, nodeMs });
}

// --- Pagefind over the same built site --------------------------------------------------------
let pagefindNote = "not measured (--no-pagefind, --no-browser or no Chromium)";
const comparePagefind = options.pagefind && options.browser && existsSync(CHROMIUM);
const pagefindIndex = { ms: 0, files: 0, bytes: 0, pages: "" };
if (comparePagefind) {
  const started = performance.now();
  const run = spawnSync(PAGEFIND_BIN, ["--site", siteDir], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`pagefind failed: ${run.stderr || run.stdout}`);
  pagefindIndex.ms = performance.now() - started;
  pagefindIndex.pages = /Indexed (\d+) pages?/.exec(run.stdout)?.[1] ?? "?";
  for (const entry of await readdir(join(siteDir, "pagefind"), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    pagefindIndex.files++;
    pagefindIndex.bytes += (await readFile(join(entry.parentPath, entry.name))).length;
  }
}

// --- The real page in Chromium ----------------------------------------------------------------
let browserNote = "not measured (no Chromium or --no-browser)";
if (options.browser && existsSync(CHROMIUM)) {
  /** A page without the site's Content-Security-Policy (Pagefind compiles WebAssembly), same origin. */
  const BLANK = "/bench-blank.html";
  const server: Server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    if (path === BLANK)
      return void res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>bench</title>");
    let file = normalize(join(siteDir, path));
    if (file.endsWith("/")) file = join(file, "index.html");
    try {
      const data = await readFile(file);
      const type =
        { ".html": "text/html", ".js": "text/javascript", ".json": "application/json", ".css": "text/css" }[
          extname(file)
        ] ?? "application/octet-stream";
      res.writeHead(200, { "content-type": type }).end(data);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const browser = await launchChromium();
  /** Files under `prefix` a page fetched while `run` ran, summed as raw, gzip and brotli bytes. */
  const pagefindSizes = new Map<string, Size>();
  const fetchedBy = async (prefix: string, run: (page: import("playwright-core").Page) => Promise<void>) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const paths: string[] = [];
    page.on("requestfinished", (request) => {
      const path = new URL(request.url()).pathname;
      if (path.startsWith(prefix) && !path.endsWith("/") && !path.endsWith(".html"))
        paths.push(path.slice(prefix.length));
    });
    await run(page);
    await page.waitForLoadState("networkidle");
    await context.close();
    return paths;
  };
  for (const figure of figures) {
    let browserMs = 0;
    const ours = await fetchedBy("/search/", async (page) => {
      await page.goto(`${origin}/search/?q=${encodeURIComponent(figure.q)}`);
      await page.waitForSelector(".search-thread, .search-status:has-text('No posts')", { timeout: 60_000 });
      // From navigation start to results in the page, as the reader sees it.
      browserMs = await page.evaluate(() => performance.now());
    });
    figure.browserMs = browserMs;
    figure.browser = { files: ours.length, ...ours.reduce<Size>((a, path) => add(a, sizes.get(path) ?? ZERO), ZERO) };
    if (!comparePagefind || OTHER.includes(figure.q)) continue;
    let hits = 0;
    const theirs = await fetchedBy("/pagefind/", async (page) => {
      await page.goto(`${origin}${BLANK}`);
      // Pagefind's own API, as its UI calls it: search, then the data of the first page of results (10).
      hits = await page.evaluate(
        async ({ q, script }) => {
          const pagefind = await import(script);
          const search = await pagefind.search(q);
          await Promise.all(
            search.results.slice(0, 10).map((result: { data: () => Promise<unknown> }) => result.data()),
          );
          return search.results.length as number;
        },
        { q: figure.q, script: "/pagefind/pagefind.js" },
      );
    });
    let size = ZERO;
    for (const path of theirs) {
      if (!pagefindSizes.has(path)) {
        const body = await readFile(join(siteDir, "pagefind", path));
        // Pagefind gzips its index, fragments and WebAssembly itself; a host sends those as they are.
        const packed = compressed(body);
        pagefindSizes.set(path, {
          raw: body.length,
          gzip: Math.min(body.length, packed.gzip),
          br: Math.min(body.length, packed.br),
        });
      }
      size = add(size, pagefindSizes.get(path)!);
    }
    figure.pagefind = { files: theirs.length, hits, ...size };
  }
  await browser.close();
  server.close();
  browserNote = "Chromium (headless, localhost server, cold cache): navigation start to first results rendered";
  if (comparePagefind) pagefindNote = "measured";
}

// --- Report -----------------------------------------------------------------------------------
const machine = `${os.cpus()[0]?.model ?? "?"} × ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const typical = figures.slice(0, ONE_WORD.length + TWO_WORDS.length);
const compared = typical.filter((f) => f.pagefind && f.browser);
const ratio = (f: QueryFigures, key: keyof Size) => f.browser![key] / f.pagefind![key];
const pagefindLines =
  compared.length === 0
    ? [`Pagefind: ${pagefindNote}.`]
    : [
        `## Against Pagefind ${pagefindVersion()} on the same site`,
        ``,
        `\`pagefind --site\` over the built site (every HTML page, default settings): ${pagefindIndex.pages} pages indexed in ${ms(pagefindIndex.ms)},`,
        `${pagefindIndex.files} files, ${MB(pagefindIndex.bytes)} (Pagefind gzips its index files itself). Both measured in Chromium from a cold`,
        `cache, for the same queries: ours, the search page until its first results page is drawn (10 threads, up to 3 posts`,
        `each, lunr and the page scripts included); Pagefind, its JavaScript API (\`search(q)\`, then \`data()\` of the first`,
        `10 results, as its UI shows them; pagefind.js and the WebAssembly included). Bytes as sent compressed: each file's`,
        `gzip or brotli copy (src/search/write.ts); Pagefind's already-gzipped files count as they are.`,
        ``,
        `| query | ours: files | gzip | brotli | Pagefind: results | files | gzip | brotli | ours / Pagefind, gzip | brotli |`,
        `|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|`,
        ...compared.map(
          (f) =>
            `| \`${f.q}\` | ${f.browser!.files} | ${kB(f.browser!.gzip)} | ${kB(f.browser!.br)} | ${f.pagefind!.hits} | ${f.pagefind!.files} | ${kB(f.pagefind!.gzip)} | ${kB(f.pagefind!.br)} | ${ratio(f, "gzip").toFixed(2)} | ${ratio(f, "br").toFixed(2)} |`,
        ),
        ``,
        `Median over the ${compared.length} queries: ours ${kB(median(compared.map((f) => f.browser!.gzip)))} gzip, ${kB(median(compared.map((f) => f.browser!.br)))} brotli;` +
          ` Pagefind ${kB(median(compared.map((f) => f.pagefind!.gzip)))} gzip, ${kB(median(compared.map((f) => f.pagefind!.br)))} brotli;` +
          ` ratio ${median(compared.map((f) => ratio(f, "gzip"))).toFixed(2)} (gzip), ${median(compared.map((f) => ratio(f, "br"))).toFixed(2)} (brotli),` +
          ` largest ${Math.max(...compared.map((f) => ratio(f, "gzip"))).toFixed(2)} / ${Math.max(...compared.map((f) => ratio(f, "br"))).toFixed(2)}. Uncompressed: ours ${kB(median(compared.map((f) => f.browser!.raw)))}, Pagefind ${kB(median(compared.map((f) => f.pagefind!.raw)))}.`,
        ``,
      ];

function pagefindVersion(): string {
  return spawnSync(PAGEFIND_BIN, ["--version"], { encoding: "utf8" })
    .stdout.trim()
    .replace(/^pagefind\s*/, "");
}

const lines = [
  `# Search index benchmark`,
  ``,
  `Machine: ${machine}, load average ${os.loadavg()[0]!.toFixed(1)} at the end. Node ${process.version}. Date: ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC.`,
  `Command: \`npm run bench:search -- --threads ${options.threads}${options.seed !== "1" ? ` --seed ${options.seed}` : ""}\``,
  ``,
  `Corpus: ${options.threads} generated threads (bench/corpus-generator.ts, seed ${options.seed}, ${(manifest.bytes / 1e6).toFixed(1)} MB of dumps) → ${parsedThreads} threads, ${posts} posts.`,
  `buildFromInput (empty output; parsed-page cache in .cache/ as earlier runs left it) ${ms(buildMs)}, ${((buildCpu.user + buildCpu.system) / 1e6).toFixed(1)} CPU s, ${summary.pagesWritten} pages (peak RSS of the run: ${peakRssMiB.toFixed(0)} MiB).`,
  ``,
  `## On disk (dist/search/)`,
  ``,
  `Each file has gzip and brotli copies beside it (src/search/write.ts: gzip level 6, shards 9 with a 2 kB window;`,
  `brotli quality 5, shards 4); not counted in "files".`,
  ``,
  `| part | files | raw | gzip | brotli |`,
  `|---|---:|---:|---:|---:|`,
  ...byKind.map((k) => `| ${k.kind} | ${k.files} | ${MB(k.raw)} | ${MB(k.gzip)} | ${MB(k.br)} |`),
  `| **total** | **${total.files}** | **${MB(total.raw)}** | **${MB(total.gzip)}** | **${MB(total.br)}** |`,
  ``,
  `buildFromInput reported ${summary.searchFiles} search files with the copies. Shards: median ${kB(median(shardSizes))}, largest ${kB(shardSizes[shardSizes.length - 1] ?? 0)}.`,
  ``,
  `## Per query (cold cache)`,
  ``,
  `Bytes are everything the page fetches for its first results page: lunr + lunr-languages +`,
  `page scripts (${kB(scriptBytes.raw)} raw, ${kB(scriptBytes.gzip)} gzip, ${kB(scriptBytes.br)} brotli, once per visit), the manifest, the`,
  `shards of the query's terms, the documents of the 10 threads shown (up to 3 posts each), replayed in Node.`,
  `Node time: the client engine in Node, files read from disk (decode, rebuild, query, snippets).`,
  `Browser time: ${browserNote}.`,
  ``,
  `| query | posts hit | threads | files | raw | of which shards | of which docs | gzip | brotli | Node | browser |`,
  `|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|`,
  ...figures.map(
    (f) =>
      `| \`${f.q}\` | ${f.hits} | ${f.threads} | ${f.files} | ${kB(f.raw)} | ${kB(f.shardRaw)} | ${kB(f.docsRaw)} | ${kB(f.gzip)} | ${kB(f.br)} | ${ms(f.nodeMs)} | ${f.browserMs === undefined ? "–" : ms(f.browserMs)} |`,
  ),
  ``,
  `Over the ${typical.length} typical one- and two-word queries: median ${kB(median(typical.map((f) => f.raw)))} raw, ${kB(median(typical.map((f) => f.gzip)))} gzip, ${kB(median(typical.map((f) => f.br)))} brotli; largest ${kB(Math.max(...typical.map((f) => f.raw)))} raw, ${kB(Math.max(...typical.map((f) => f.gzip)))} gzip. The last ${OTHER.length} rows are not typical, for scale.`,
  ``,
  ...pagefindLines,
  `Notes:`,
  `- "raw" is what a host without compression sends (S3, nginx without gzip_types for JSON and without gzip_static);`,
  `  GitHub Pages, Netlify and Cloudflare Pages compress JSON, nginx with gzip_static sends the .gz copies.`,
  `- A later query in the same visit skips lunr, the page scripts and the manifest, and reuses any shard or`,
  `  docs file already fetched.`,
  `- Fuzzy (\`word~1\`) and leading-wildcard (\`*word\`) queries also fetch the lexicon/ files of the word lengths they can match.`,
  `- Timings come from a 2-core machine shared with other jobs; treat them as rough.`,
  ``,
];
const report = lines.join("\n");
console.log(report);
if (options.write) {
  const path = join(BENCH, "RESULTS-search.md");
  const previous = existsSync(path) ? await readFile(path, "utf8") : "";
  const kept = handKeptSections(previous, report);
  await writeFile(path, kept === "" ? report : `${report}\n${kept}`);
}

/** What of the file `previous` is kept by hand (earlier runs, bench/search-build.ts's figures): everything from
 *  its first section whose heading this report does not write. Only the report's own sections are replaced. */
function handKeptSections(previous: string, report: string): string {
  const written = new Set(report.split("\n").filter((line) => line.startsWith("## ")));
  let at = 0;
  for (const line of previous.split("\n")) {
    if (line.startsWith("## ") && !written.has(line)) return previous.slice(at);
    at += line.length + 1;
  }
  return "";
}

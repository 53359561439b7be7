// Benchmark: the split search index of a generated forum (default 10,000 threads).
// Generates dumps (bench/corpus-generator.ts), parses them, writes the index with
// writeSearchIndex into bench/out/search-<threads>/, then replays typical queries the way
// the browser does, from a cold cache: bytes and files fetched, time to first results.
// With /usr/bin/chromium it also times the real search page against a local server.
// Run: npm run bench:search [-- --threads N] [--seed S] [--no-browser] [--write]
//   --write puts the figures into bench/RESULTS-search.md.
import { existsSync } from "node:fs";
import { mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import os from "node:os";
import { dirname, extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { Command } from "commander";
import matter from "gray-matter";
import nunjucks from "nunjucks";
import type { Archive } from "../src/model.ts";
import { parseDumps } from "../src/parse/index.ts";
import { createSearcher } from "../src/search/client/engine.js";
import { lunr } from "../src/search/lunr.ts";
import { writeSearchIndex } from "../src/search/write.ts";
import { generateCorpus } from "./corpus-generator.ts";

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = join(BENCH, "..");
const CHROMIUM = "/usr/bin/chromium";

const ONE_WORD = ["squat", "knee", "creatine", "shoulder", "sleep", "deadlift", "kettlebell", "rhabdo"];
const TWO_WORDS = ["hip flexors", "knee pain", "fish oil", "foam rolling", "squat depth", "overhead press", "protein powder", "lifting shoes"];
/** Not typical, for scale: a typo with fuzziness, a prefix, a required and an excluded word. */
const OTHER = ["sqaut~1", "stretch*", "+knee -pain"];

const program = new Command()
  .option("--threads <n>", "threads to generate", (v) => Number.parseInt(v, 10), 10_000)
  .option("--seed <s>", "corpus seed", "1")
  .option("--no-browser", "skip the Chromium timing")
  .option("--write", "write bench/RESULTS-search.md")
  .parse();
const options = program.opts<{ threads: number; seed: string; browser: boolean; write: boolean }>();

const kB = (n: number) => `${(n / 1000).toFixed(1)} kB`;
const MB = (n: number) => (n < 1e6 ? kB(n) : `${(n / 1e6).toFixed(1)} MB`);
const ms = (n: number) => `${Math.round(n)} ms`;
async function timed<T>(run: () => Promise<T> | T): Promise<[T, number]> {
  const start = performance.now();
  const value = await run();
  return [value, performance.now() - start];
}

// --- Corpus and index ------------------------------------------------------------------------
const seed = /^\d+$/.test(options.seed) ? Number(options.seed) : options.seed;
const [inputs, generateMs] = await timed(() =>
  [...generateCorpus({ threads: options.threads, seed })].map((f) => ({ file: f.file, bytes: f.text })),
);
const [parsed, parseMs] = await timed(() => parseDumps(inputs));
inputs.length = 0;
const archive: Archive = { threads: parsed.threads, forums: [], authors: [], warnings: [], failures: [] };
const posts = archive.threads.reduce((n, t) => n + t.posts.length, 0);
const parsedThreads = archive.threads.length;
const out = join(BENCH, "out", `search-${options.threads}`);
await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
const [written, writeMs] = await timed(() => writeSearchIndex(archive, out, "/"));
// Peak resident memory of the whole run so far (parsed archive + lunr builder).
const peakRssMiB = process.resourceUsage().maxRSS / 1024;
archive.threads = [];

const searchDir = join(out, "search");
const sizes = new Map<string, { raw: number; gzip: number }>();
for (const entry of await readdir(searchDir, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile()) continue;
  const full = join(entry.parentPath, entry.name);
  const body = await readFile(full);
  sizes.set(full.slice(searchDir.length + 1), { raw: body.length, gzip: gzipSync(body).length });
}
const kinds = ["manifest.json", "shards/", "docs/", "lexicon/", "lib/", "engine.js", "search-page.js"];
const byKind = kinds.map((kind) => {
  let files = 0, raw = 0, gzip = 0;
  for (const [path, size] of sizes) if (path === kind || (kind.endsWith("/") && path.startsWith(kind))) { files++; raw += size.raw; gzip += size.gzip; }
  return { kind, files, raw, gzip };
});
const total = byKind.reduce((a, k) => ({ files: a.files + k.files, raw: a.raw + k.raw, gzip: a.gzip + k.gzip }), { files: 0, raw: 0, gzip: 0 });
const shardSizes = [...sizes].filter(([p]) => p.startsWith("shards/")).map(([, s]) => s.raw).sort((a, b) => a - b);

// --- Queries, replayed in Node from a cold cache ----------------------------------------------
const manifestText = await readFile(join(searchDir, "manifest.json"), "utf8");
const scriptBytes = ["lib/", "engine.js", "search-page.js"].reduce((a, kind) => {
  const k = byKind.find((b) => b.kind === kind)!;
  return { raw: a.raw + k.raw, gzip: a.gzip + k.gzip };
}, { raw: 0, gzip: 0 });

interface QueryFigures {
  q: string; hits: number; threads: number; files: number; raw: number; gzip: number;
  shardRaw: number; docsRaw: number; nodeMs: number; browserMs?: number;
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
  let raw = scriptBytes.raw, gzip = scriptBytes.gzip, shardRaw = 0, docsRaw = 0;
  for (const path of fetched) {
    raw += sizes.get(path)!.raw;
    gzip += sizes.get(path)!.gzip;
    if (path.startsWith("shards/")) shardRaw += sizes.get(path)!.raw;
    if (path.startsWith("docs/")) docsRaw += sizes.get(path)!.raw;
  }
  figures.push({ q, ...result, files: fetched.length + 6, raw, gzip, shardRaw, docsRaw, nodeMs });
}

// --- The real page in Chromium ----------------------------------------------------------------
let browserNote = "not measured (no Chromium or --no-browser)";
if (options.browser && existsSync(CHROMIUM)) {
  const { chromium } = await import("playwright-core");
  // The search page as Eleventy renders it, without the site layout around it.
  const template = matter(await readFile(join(ROOT, "templates", "search.njk"), "utf8")).content;
  const env = new nunjucks.Environment(null, { autoescape: true });
  env.addFilter("href", (path: string) => path);
  const body = env.renderString(template, {});
  await writeFile(join(searchDir, "index.html"), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Search</title></head><body><main>${body}</main></body></html>`);
  const server: Server = createServer(async (req, res) => {
    let file = normalize(join(out, decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)));
    if (file.endsWith("/")) file = join(file, "index.html");
    try {
      const data = await readFile(file);
      const type = { ".html": "text/html", ".js": "text/javascript", ".json": "application/json" }[extname(file)] ?? "application/octet-stream";
      res.writeHead(200, { "content-type": type }).end(data);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
  for (const figure of figures) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${port}/search/?q=${encodeURIComponent(figure.q)}`);
    await page.waitForSelector(".search-thread, .search-status:has-text('No posts')", { timeout: 60_000 });
    // From navigation start to results in the page, as the reader sees it.
    figure.browserMs = await page.evaluate(() => performance.now());
    await context.close();
  }
  await browser.close();
  server.close();
  browserNote = "Chromium (headless, localhost server, cold cache): navigation start to first results rendered";
}

// --- Report -----------------------------------------------------------------------------------
const machine = `${os.cpus()[0]?.model ?? "?"} × ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const typical = figures.slice(0, ONE_WORD.length + TWO_WORDS.length);
const lines = [
  `# Search index benchmark`,
  ``,
  `Machine: ${machine}. Node ${process.version}. Date: ${new Date().toISOString().slice(0, 10)}.`,
  `Command: \`npm run bench:search -- --threads ${options.threads}${options.seed !== "1" ? ` --seed ${options.seed}` : ""}\``,
  ``,
  `Corpus: ${options.threads} generated threads (bench/corpus-generator.ts, seed ${options.seed}) → ${parsedThreads} parsed threads, ${posts} posts.`,
  `Generate ${ms(generateMs)}, parse ${ms(parseMs)}, writeSearchIndex ${ms(writeMs)} (peak RSS of the run: ${peakRssMiB.toFixed(0)} MiB).`,
  ``,
  `## On disk (dist/search/)`,
  ``,
  `| part | files | raw | gzip |`,
  `|---|---:|---:|---:|`,
  ...byKind.map((k) => `| ${k.kind} | ${k.files} | ${MB(k.raw)} | ${MB(k.gzip)} |`),
  `| **total** | **${total.files}** | **${MB(total.raw)}** | **${MB(total.gzip)}** |`,
  ``,
  `writeSearchIndex reported ${written.files} files, ${MB(written.bytes)}. Shards: median ${kB(median(shardSizes))}, largest ${kB(shardSizes[shardSizes.length - 1] ?? 0)}.`,
  ``,
  `## Per query (cold cache)`,
  ``,
  `Bytes are everything the page fetches for its first results page: lunr + lunr-languages +`,
  `page scripts (${kB(scriptBytes.raw)} raw, ${kB(scriptBytes.gzip)} gzip, once per visit), the manifest, the`,
  `shards of the query's terms, the documents of the 10 threads shown (up to 3 posts each).`,
  `Node time: the client engine in Node, files read from disk (decode, rebuild, query, snippets).`,
  `Browser time: ${browserNote}.`,
  ``,
  `| query | posts hit | threads | files | raw | of which shards | of which docs | gzip | Node | browser |`,
  `|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|`,
  ...figures.map((f) => `| \`${f.q}\` | ${f.hits} | ${f.threads} | ${f.files} | ${kB(f.raw)} | ${kB(f.shardRaw)} | ${kB(f.docsRaw)} | ${kB(f.gzip)} | ${ms(f.nodeMs)} | ${f.browserMs === undefined ? "–" : ms(f.browserMs)} |`),
  ``,
  `Over the ${typical.length} typical one- and two-word queries: median ${kB(median(typical.map((f) => f.raw)))} raw, ${kB(median(typical.map((f) => f.gzip)))} gzip; largest ${kB(Math.max(...typical.map((f) => f.raw)))} raw, ${kB(Math.max(...typical.map((f) => f.gzip)))} gzip. The last ${OTHER.length} rows are not typical, for scale.`,
  ``,
  `Notes:`,
  `- "raw" is what a host without compression sends (S3, nginx without gzip_types for JSON); GitHub Pages,`,
  `  Netlify and Cloudflare Pages compress JSON, so "gzip" is closer to what readers download there.`,
  `- A later query in the same visit skips lunr, the page scripts and the manifest, and reuses any shard or`,
  `  docs file already fetched.`,
  `- The docs files dominate: about one file per thread shown (DOC_CHUNK_TARGET_BYTES in src/search/shards.ts`,
  `  trades bytes per query against the number of files).`,
  `- Fuzzy (\`word~1\`) and leading-wildcard (\`*word\`) queries also fetch the lexicon/ files of the word lengths they can match.`,
  `- Timings come from a 2-core machine shared with other jobs; treat them as rough.`,
  ``,
];
const report = lines.join("\n");
console.log(report);
// The hand-kept sections from BUILD_SECTION on (figures of bench/search-build.ts) stay as they are.
const BUILD_SECTION = "## Building the index";
if (options.write) {
  const path = join(BENCH, "RESULTS-search.md");
  const previous = existsSync(path) ? await readFile(path, "utf8") : "";
  const kept = previous.indexOf(BUILD_SECTION);
  await writeFile(path, kept === -1 ? report : `${report}\n${previous.slice(kept)}`);
}

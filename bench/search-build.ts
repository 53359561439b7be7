// Benchmark: the build's search step alone (writeSearchIndex) on a saved corpus, as
// src/build.ts runs it: the archive loaded with loadArchive, then the index written.
// Reports wall and CPU time of the step, the resident memory before it and the peak of
// the process, and the files and bytes written. Use with --cpu-prof to profile.
// Run: node --import tsx bench/search-build.ts [--corpus bench/corpus/10000] [--reference]
//   --reference writes the index the old way (one lunr.Builder, then indexFiles) for comparison.
//   --replicate N indexes every thread N times (copies under other permalinks sharing the
//   posts), to see the step at N times the size without holding N times the archive.
import { mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { loadArchive } from "../src/archive/load.ts";
import { buildIndex } from "../src/search/build-index.ts";
import { searchCorpus } from "../src/search/documents.ts";
import { indexFiles } from "../src/search/shards.ts";
import { writeSearchIndex } from "../src/search/write.ts";
import { normaliseBaseUrl } from "../src/site/paths.ts";

const BENCH = dirname(fileURLToPath(import.meta.url));
const options = new Command()
  .option("--corpus <dir>", "folder of dumps", join(BENCH, "corpus", "10000"))
  .option("--reference", "write with one lunr.Builder and indexFiles instead")
  .option("--replicate <n>", "index each thread n times", (v) => Number.parseInt(v, 10), 1)
  .parse()
  .opts<{ corpus: string; reference?: boolean; replicate: number }>();

const MiB = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
// A cache of our own: pruning the default one would drop other corpora's entries.
const archive = await loadArchive(options.corpus, undefined, {
  cacheDir: join(os.tmpdir(), "search-build-bench-cache", "pages"),
});
if (options.replicate > 1) {
  const originals = archive.threads;
  archive.threads = [];
  for (let copy = 0; copy < options.replicate; copy++) {
    for (const thread of originals)
      archive.threads.push(
        copy === 0 ? thread : { ...thread, id: `${thread.id}-${copy}`, url: `${thread.url}copy-${copy}/` },
      );
  }
}
const posts = archive.threads.reduce((n, t) => n + t.posts.length, 0);
globalThis.gc?.();
const rssBefore = process.memoryUsage().rss;
const peakBefore = process.resourceUsage().maxRSS * 1024;

const out = join(BENCH, "out", `search-build-${archive.threads.length}${options.reference ? "-reference" : ""}`);
await rm(out, { recursive: true, force: true });
await mkdir(join(out, "search"), { recursive: true });
const cpuStart = process.cpuUsage();
const start = performance.now();
let written: { files: number; bytes: number };
if (options.reference) {
  const corpus = searchCorpus(archive);
  const files = indexFiles(corpus, buildIndex(corpus), normaliseBaseUrl("/"));
  let bytes = 0;
  for (const file of files) {
    await mkdir(dirname(join(out, "search", file.path)), { recursive: true });
    await writeFile(join(out, "search", file.path), file.content);
    bytes += Buffer.byteLength(file.content);
  }
  written = { files: files.length, bytes };
} else {
  // A clean build's step: an empty cache of thread terms of its own (the working folder's would
  // give a second run every thread from the cache).
  const cacheRoot = join(out, ".search-cache");
  written = await writeSearchIndex(archive, out, "/", undefined, { cacheRoot });
}
const wallMs = performance.now() - start;
const cpu = process.cpuUsage(cpuStart);
const peak = process.resourceUsage().maxRSS * 1024;
const heap = process.memoryUsage();

console.log(
  [
    `${options.reference ? "reference (lunr.Builder)" : "writeSearchIndex"}: ${archive.threads.length} threads, ${posts} posts (${options.corpus}${options.replicate > 1 ? ` × ${options.replicate}` : ""})`,
    `Node ${process.version}, ${os.cpus()[0]?.model ?? "?"} × ${os.cpus().length}, load ${os.loadavg()[0]!.toFixed(1)}`,
    `wall ${(wallMs / 1000).toFixed(1)} s, CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s`,
    `RSS before the step ${MiB(rssBefore)} (peak so far ${MiB(peakBefore)}), peak after ${MiB(peak)}, heap used now ${MiB(heap.heapUsed)}`,
    `${written.files} files, ${(written.bytes / 1e6).toFixed(1)} MB`,
  ].join("\n"),
);

// Benchmark: the build's search step (writeSearchIndex, in this thread) in a clean build and in a
// rebuild after one thread was added, as bench:build's rebuild adds one: the archive loaded once
// with loadArchive, one thread (the middle single-page one in index order) held back; then each
// round writes the index of the rest into an empty output with an empty search cache (clean), and
// the index of every thread into the same output with the cache that build left (rebuild).
// Reports each round's CPU seconds (user + system of the process) and the least of each.
// Run: node --import tsx bench/search-rebuild.ts [--corpus bench/corpus/2000] [--rounds 3] [--work <dir>]
//   --work: where the output and cache go (default bench/out/search-rebuild); a folder on a tmpfs
//   (/dev/shm/...) keeps its removal between rounds from costing the next round system CPU.
import { mkdir, readdir, rm, stat } from "node:fs/promises";
import os from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { loadArchive } from "../src/archive/load.ts";
import { threadsInIndexOrder } from "../src/search/documents.ts";
import { writeSearchIndex } from "../src/search/write.ts";

const BENCH = dirname(fileURLToPath(import.meta.url));
const options = new Command()
  .option("--corpus <dir>", "folder of dumps", join(BENCH, "corpus", "2000"))
  .option("--rounds <n>", "clean builds and rebuilds, alternately", (v) => Number.parseInt(v, 10), 3)
  .option("--work <dir>", "folder of the output and cache", join(BENCH, "out", "search-rebuild"))
  .parse()
  .opts<{ corpus: string; rounds: number; work: string }>();

const archive = await loadArchive(options.corpus, undefined, {
  cacheDir: join(os.tmpdir(), "search-build-bench-cache", "pages"),
});
const ordered = threadsInIndexOrder(archive.threads);
const singles = ordered.filter((thread) => thread.posts.length <= 20);
const heldBack = singles[Math.floor(singles.length / 2)]!;
const less = { threads: ordered.filter((thread) => thread !== heldBack) };

const work = options.work;
const out = join(work, "site");
const cacheRoot = join(work, "cache");
const cpuOf = async (run: () => Promise<unknown>): Promise<number> => {
  const start = process.cpuUsage();
  await run();
  const cpu = process.cpuUsage(start);
  return (cpu.user + cpu.system) / 1e6;
};

/** Every index file under the search folder (compressed copies left out) and its inode and mtime. */
const snapshot = async (): Promise<Map<string, string>> => {
  const files = new Map<string, string>();
  const searchDir = join(out, "search");
  for (const name of await readdir(searchDir, { recursive: true })) {
    if (name.endsWith(".gz") || name.endsWith(".br")) continue;
    const info = await stat(join(searchDir, name));
    if (info.isFile()) files.set(name, `${info.ino}/${info.mtimeMs}`);
  }
  return files;
};
/** Per folder of the index: files the rebuild wrote (new or rewritten) of all it holds after. */
const rewritten = (before: Map<string, string>, after: Map<string, string>): string =>
  ["docs/", "shards/", "lexicon/", ""]
    .map((folder) => {
      const names = [...after.keys()].filter((n) => (folder ? n.startsWith(folder) : !n.includes("/")));
      const changed = names.filter((n) => before.get(n) !== after.get(n)).length;
      return `${folder || "top"} ${changed} of ${names.length}`;
    })
    .join(", ");

const clean: number[] = [];
const rebuild: number[] = [];
for (let round = 0; round < options.rounds; round++) {
  await rm(work, { recursive: true, force: true });
  await mkdir(join(out, "search"), { recursive: true });
  // The fifth argument is ignored by code before the search cache (it then keeps none).
  clean.push(await cpuOf(() => writeSearchIndex(less, out, "/", undefined, { cacheRoot })));
  const before = await snapshot();
  rebuild.push(await cpuOf(() => writeSearchIndex(archive, out, "/", undefined, { cacheRoot })));
  console.log(
    `round ${round + 1}: clean ${clean.at(-1)!.toFixed(2)} CPU s, rebuild ${rebuild.at(-1)!.toFixed(2)} CPU s;` +
      ` rewritten: ${rewritten(before, await snapshot())}`,
  );
}
console.log(
  [
    `${archive.threads.length} threads (${options.corpus}), held back: ${heldBack.url} (${heldBack.posts.length} posts)`,
    `Node ${process.version}, ${os.cpus()[0]?.model ?? "?"} × ${os.cpus().length}, load ${os.loadavg()[0]!.toFixed(1)}`,
    `least CPU s: clean ${Math.min(...clean).toFixed(2)}, rebuild +1 thread ${Math.min(...rebuild).toFixed(2)}`,
  ].join("\n"),
);

// CLI: writes a generated corpus of vBulletin text dumps, streaming, plus truth.json (what every
// thread is about, for evaluating similar threads) and corpus.json (what was generated, so
// benchmarks can reuse a corpus instead of regenerating it).
//   npm run bench:corpus -- --threads 1000 [--seed 1] [--out bench/corpus/1000] [--force]

import { closeSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Command, InvalidArgumentError } from "commander";
import { GENERATOR_VERSION, generateCorpus, topicKeys } from "./corpus-generator.ts";

export interface CorpusManifest {
  generator: number;
  threads: number;
  seed: number | string;
  files: number;
  bytes: number;
  posts: number;
}

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));

export function defaultCorpusDir(threads: number, seed: number | string = 1): string {
  return join(BENCH_DIR, "corpus", seed === 1 ? String(threads) : `${threads}-seed-${seed}`);
}

export function parseSeed(value: string): number | string {
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** Writes the corpus to `out` and returns its manifest. `out` must be empty or absent. */
export function writeCorpus(threads: number, seed: number | string, out: string): CorpusManifest {
  mkdirSync(out, { recursive: true });
  // truth.json is written as it goes: a 100k-thread corpus must not be held in memory.
  const truth = openSync(join(out, "truth.json"), "w");
  let pending = "";
  const write = (chunk: string, flush = false): void => {
    pending += chunk;
    if (flush || pending.length > 1 << 20) {
      writeSync(truth, pending);
      pending = "";
    }
  };
  write(
    `{\n"seed": ${JSON.stringify(seed)},\n"threadCount": ${threads},\n"topics": ${JSON.stringify(topicKeys())},\n"threads": {`,
  );
  const made = new Set<string>();
  const manifest: CorpusManifest = { generator: GENERATOR_VERSION, threads, seed, files: 0, bytes: 0, posts: 0 };
  let first = true;
  for (const dump of generateCorpus({ threads, seed })) {
    const path = join(out, dump.file);
    const dir = dirname(path);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    const bytes = Buffer.from(dump.text, "utf8");
    writeFileSync(path, bytes);
    manifest.files++;
    manifest.bytes += bytes.length;
    if (dump.page === 1) {
      manifest.posts += dump.thread.posts;
      const { threadKey, ...rest } = dump.thread;
      write(`${first ? "" : ","}\n${JSON.stringify(threadKey)}: ${JSON.stringify(rest)}`);
      first = false;
    }
  }
  write("\n}\n}\n", true);
  closeSync(truth);
  writeFileSync(join(out, "corpus.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("a positive integer");
  return n;
}

async function main(): Promise<void> {
  const program = new Command()
    .name("bench:corpus")
    .description("Write a generated corpus of vBulletin text dumps")
    .requiredOption("--threads <n>", "number of threads", positiveInt)
    .option("--seed <seed>", "PRNG seed (number or text)", parseSeed, 1 as number | string)
    .option("--out <dir>", "output folder (default bench/corpus/<threads>/)")
    .option("--force", "replace the output folder if it is not empty")
    .parse();
  const opts = program.opts<{ threads: number; seed: number | string; out?: string; force?: boolean }>();
  const out = resolve(opts.out ?? defaultCorpusDir(opts.threads, opts.seed));
  if (existsSync(out) && readdirSync(out).length > 0) {
    if (!opts.force) throw new Error(`${out} is not empty (use --force to replace it)`);
    rmSync(out, { recursive: true, force: true });
  }
  const started = performance.now();
  const manifest = writeCorpus(opts.threads, opts.seed, out);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${manifest.threads} threads, ${manifest.posts} posts, ${manifest.files} files, ` +
      `${(manifest.bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s, ` +
      `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB -> ${out}`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}

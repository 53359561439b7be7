// Parser throughput on one core: a generated corpus of at least 50 MB (generated once, then
// reused from bench/corpus/<threads>/), read thread group by thread group and parsed with
// parseDumps in batches so memory stays bounded. Reading files is timed apart from parsing.
//   npm run bench:parse -- [--threads 6000] [--seed 1] [--batch 200] [--record]
// Two other measures, for comparison only: --as-build times the build's own reading of the dumps
// (archive/load.ts readDumps without its caches: each page as JSON until its group is assembled, bodies
// packed), and --young-mb <n> runs the measure in a worker thread whose young generation is n MB.

import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { Command, InvalidArgumentError } from "commander";
import { loadHtmlReader, parseDumps, type DumpInput } from "../src/parse/index.ts";
import { GENERATOR_VERSION } from "./corpus-generator.ts";
import { defaultCorpusDir, parseSeed, writeCorpus, type CorpusManifest } from "./corpus.ts";
import { appendResult, machine } from "./results.ts";

// Saved pages among the dumps are read once the HTML reader is loaded (parse/index.ts).
await loadHtmlReader();

interface Truth {
  threads: Record<string, { files: string[]; posts: number }>;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("a positive integer");
  return n;
}

/** The corpus at `dir`, generated first when absent. */
export function ensureCorpus(threads: number, seed: number | string, dir: string): CorpusManifest {
  const manifestFile = join(dir, "corpus.json");
  if (existsSync(manifestFile)) {
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as CorpusManifest;
    if (manifest.threads !== threads || manifest.seed !== seed) {
      throw new Error(`${dir} holds another corpus (${manifest.threads} threads, seed ${manifest.seed})`);
    }
    if (manifest.generator === GENERATOR_VERSION) return manifest;
    // Written by an older generator: the same seed now gives other text. It is ours; replace it.
    console.log(`${dir} was written by generator version ${manifest.generator ?? 1}; regenerating`);
    rmSync(dir, { recursive: true, force: true });
  }
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new Error(`${dir} is not empty and has no corpus.json`);
  console.log(`generating ${threads} threads into ${dir} ...`);
  return writeCorpus(threads, seed, dir);
}

/** What a measure run in a worker thread is given. */
interface MeasureJob {
  benchParse: true;
  dir: string;
  batch: number;
  warmUpBatches: number;
  asBuild: boolean;
}

/** Runs `job` in a worker thread whose young generation is `youngMb` MB (resourceLimits), through tsx. */
function measureInWorker(job: MeasureJob, youngMb: number): Promise<Record<string, string>> {
  const tsx = import.meta.resolve("tsx/esm/api");
  const boot =
    `import(${JSON.stringify(tsx)})` +
    `.then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(boot, {
    eval: true,
    workerData: job,
    resourceLimits: { maxYoungGenerationSizeMb: youngMb },
  });
  return new Promise((resolvePromise, reject) => {
    worker.once("message", resolvePromise);
    worker.once("error", reject);
  });
}

/** The build's reading of the dumps (readDumps without its page and thread caches), timed as one call. */
async function measureAsBuild(dir: string): Promise<Record<string, string>> {
  const { readDumps } = await import("../src/archive/load.ts");
  const truth = JSON.parse(readFileSync(join(dir, "truth.json"), "utf8")) as Truth;
  const files = Object.values(truth.threads).flatMap((group) => group.files.map((file) => join(dir, file)));
  // The same untimed warm-up as measureParse: the first 200 threads' files.
  const warmUp = Object.values(truth.threads)
    .slice(0, 200)
    .flatMap((group) => group.files.map((file) => join(dir, file)));
  await readDumps(warmUp, { cacheDir: false });
  let bytes = 0;
  for (const file of files) bytes += readFileSync(file).length;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = await readDumps(files, { cacheDir: false });
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const mb = bytes / 1e6;
  return {
    MB: mb.toFixed(1),
    files: String(files.length),
    threads: String(result.threads.length),
    posts: String(result.threads.reduce((n, thread) => n + thread.posts.length, 0)),
    "read + parse s": seconds.toFixed(2),
    "read + parse CPU s": cpuSeconds.toFixed(2),
    "MB/CPU-s": (mb / cpuSeconds).toFixed(1),
    warnings: String(result.warnings.length),
    failures: String(result.failures.length),
    "peak RSS MB": (process.resourceUsage().maxRSS / 1024).toFixed(0),
  };
}

/** Reads the corpus thread group by thread group and times parseDumps over it, `batch` threads a call. */
export function measureParse(dir: string, batch: number, warmUpBatches = 1): Record<string, string> {
  const truth = JSON.parse(readFileSync(join(dir, "truth.json"), "utf8")) as Truth;
  const groups = Object.values(truth.threads);

  let bytes = 0;
  let readMs = 0;
  let parseMs = 0;
  let parseCpuUs = 0;
  let threads = 0;
  let posts = 0;
  let warnings = 0;
  let failures = 0;
  const read = (from: number, to: number): DumpInput[] => {
    const started = performance.now();
    const inputs = groups
      .slice(from, to)
      .flatMap((group) => group.files.map((file) => ({ file, bytes: new Uint8Array(readFileSync(join(dir, file))) })));
    readMs += performance.now() - started;
    return inputs;
  };

  // One untimed batch first, so the figures are not the JIT warming up. (It leaves most of the JIT's work in the
  // timed pass; a build pays that once: --warm-up-batches gives the steady rate for comparison, issue 15.)
  for (let done = 0; done < warmUpBatches; done++) {
    const from = (done * batch) % groups.length;
    parseDumps(read(from, Math.min(from + batch, groups.length)));
  }
  readMs = 0;

  for (let from = 0; from < groups.length; from += batch) {
    const inputs = read(from, from + batch);
    for (const input of inputs) bytes += input.bytes.length;
    const started = performance.now();
    const cpu = process.cpuUsage();
    const result = parseDumps(inputs);
    parseMs += performance.now() - started;
    const used = process.cpuUsage(cpu);
    parseCpuUs += used.user + used.system;
    threads += result.threads.length;
    for (const thread of result.threads) posts += thread.posts.length;
    warnings += result.warnings.length;
    failures += result.failures.length;
  }

  const mb = bytes / 1e6;
  const seconds = parseMs / 1000;
  return {
    MB: mb.toFixed(1),
    files: String(groups.reduce((n, g) => n + g.files.length, 0)),
    threads: String(threads),
    posts: String(posts),
    "read s": (readMs / 1000).toFixed(2),
    "parse s": seconds.toFixed(2),
    "MB/s": (mb / seconds).toFixed(1),
    // CPU time counts only this process's work (GC threads included): steadier on a shared machine.
    "parse CPU s": (parseCpuUs / 1e6).toFixed(2),
    "MB/CPU-s": (mb / (parseCpuUs / 1e6)).toFixed(1),
    "posts/s": String(Math.round(posts / seconds)),
    warnings: String(warnings),
    failures: String(failures),
    "peak RSS MB": (process.resourceUsage().maxRSS / 1024).toFixed(0),
  };
}

async function main(): Promise<void> {
  const opts = new Command()
    .name("bench:parse")
    .description("Time parseDumps over a generated corpus")
    .option("--threads <n>", "threads in the corpus", positiveInt, 6000)
    .option("--seed <seed>", "corpus seed", parseSeed, 1 as number | string)
    .option("--dir <dir>", "corpus folder (default bench/corpus/<threads>/)")
    .option("--batch <n>", "threads per parseDumps call", positiveInt, 200)
    .option("--min-mb <mb>", "refuse a corpus smaller than this", Number, 50)
    .option("--record", "append the figures to bench/RESULTS.md")
    .option("--as-build", "time the build's reading of the dumps instead (readDumps, no caches; for comparison)")
    .option("--warm-up-batches <n>", "untimed batches before the timed pass (for comparison)", positiveInt, 1)
    .option("--young-mb <mb>", "measure in a worker thread with this young generation (for comparison)", positiveInt)
    .parse()
    .opts<{
      threads: number;
      seed: number | string;
      dir?: string;
      batch: number;
      minMb: number;
      record?: boolean;
      asBuild?: boolean;
      youngMb?: number;
      warmUpBatches: number;
    }>();

  const host = machine();
  const dir = resolve(opts.dir ?? defaultCorpusDir(opts.threads, opts.seed));
  const manifest = ensureCorpus(opts.threads, opts.seed, dir);
  if (manifest.bytes < opts.minMb * 1e6) {
    throw new Error(
      `corpus is ${(manifest.bytes / 1e6).toFixed(1)} MB, under --min-mb ${opts.minMb}: use more --threads`,
    );
  }
  const job: MeasureJob = {
    benchParse: true,
    dir,
    batch: opts.batch,
    warmUpBatches: opts.warmUpBatches,
    asBuild: opts.asBuild === true,
  };
  const figures = opts.youngMb === undefined ? await measure(job) : await measureInWorker(job, opts.youngMb);
  console.log(
    Object.entries(figures)
      .map(([k, v]) => `${k}: ${v}`)
      .join("\n"),
  );
  const threads = Number(figures.threads);
  const posts = Number(figures.posts);
  const mismatch = threads !== manifest.threads || posts !== manifest.posts;
  if (mismatch) console.log(`NOTE: the corpus holds ${manifest.threads} threads and ${manifest.posts} posts`);

  if (opts.record) {
    const inWorker = opts.youngMb === undefined ? "" : `, in a worker with a ${opts.youngMb} MB young generation`;
    const warmUp =
      opts.warmUpBatches === 1 ? "one untimed warm-up batch" : `${opts.warmUpBatches} untimed warm-up batches`;
    appendResult(
      "bench:parse",
      [
        `Corpus: ${opts.threads} generated threads (seed ${opts.seed}), ${manifest.files} files; ` +
          (opts.asBuild
            ? "the build's readDumps without caches, reading included, one call"
            : `parseDumps in batches of ${opts.batch} threads`) +
          `, one thread of Node (one core)${inWorker}, after ${warmUp}.`,
        mismatch
          ? `Parsed counts differ from the corpus (${manifest.threads} threads, ${manifest.posts} posts).`
          : "Parsed thread and post counts equal the generated ones.",
      ],
      [figures],
      host,
    );
    console.log("recorded in bench/RESULTS.md");
  }
}

const measure = (job: MeasureJob): Promise<Record<string, string>> =>
  job.asBuild ? measureAsBuild(job.dir) : Promise.resolve(measureParse(job.dir, job.batch, job.warmUpBatches));

if (!isMainThread && (workerData as Partial<MeasureJob> | undefined)?.benchParse === true) {
  parentPort?.postMessage(await measure(workerData as MeasureJob));
} else if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  });
}

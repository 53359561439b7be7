// Build benchmarks (issue 6): for generated corpora of N threads (default 1,000 and 10,000),
// parse throughput, a cold full buildFromInput (wall time, pages/s, peak RSS, output size and file
// count), the same build without the search index (the site alone), a rebuild after adding one
// dump (warm parsed-page cache, same output folder: only changed files are written), and a bare
// Eleventy build of as many pages of the same size and depth through one Nunjucks layout
// (bench/bare-eleventy.ts), as the floor Eleventy itself sets. The input is the corpus less two single-file threads (hard
// links, no copy); the rebuild adds the first back, and a second rebuild the other: the first rebuild after a clean build
// has no kept site (`.site.previous`, see src/output/staging.ts) and mirrors every file, the second (add a dump, build,
// add a dump, build) stages in the site the first rebuild kept. A mirror leaves no record of its folders, so the second
// reads every folder on both sides; from the third rebuild on, the record lets a walk skip the folders neither side
// changed (about 0.5 CPU s less at 10,000 threads, bench/RESULTS.md, 2026-12-06): neither figure is that.
// Each measured step runs in its own Node process, so peak RSS is that step's alone; the build steps and the bare
// Eleventy build run bench/command-child.mjs, the compiled lib/ with no TypeScript loader, as users run the command.
// Large trees (the last run's, the site-only output, the bare build's) are removed only after every step is timed
// (see laterRemovals); a run started minutes after another's end still meets the inodes that one freed.
//   npm run bench:build -- [--threads 1000,10000] [--record] [--no-rebuild] [--no-eleventy] [--no-site-only]
//     [--through-tsx]

import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
} from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { defaultCorpusDir, parseSeed } from "./corpus.ts";
import { ensureCorpus, measureParse } from "./parse.ts";
import { retiredPath } from "../src/output/staging.ts";
import { appendResult, machine } from "./results.ts";

const THIS_FILE = fileURLToPath(import.meta.url);
const OUT_ROOT = fileURLToPath(new URL("./out/", import.meta.url));

/**
 * Trees the benchmark removes only once every step is timed. On a file system that looks for recently
 * deleted inodes before reusing one (ext4 without a journal, as on the machine of bench/RESULTS.md),
 * creating files and folders in the minutes after tens of thousands were deleted costs several times
 * the system CPU: 20,000 folders and 20,000 files took 1.0-1.7 s normally and 6.3 s right after an
 * `rm -rf` of 40,000 inodes (2026-12-05). Removing the site-only output just before the first rebuild
 * made that rebuild's 18,500 new staging folders pay it. Old trees are renamed aside (a rename frees
 * no inode) and removed at the very end.
 */
const laterRemovals: string[] = [];
function removeLater(path: string): void {
  if (!existsSync(path)) return;
  const aside = `${path}.removing-${process.pid}-${laterRemovals.length}`;
  renameSync(path, aside);
  laterRemovals.push(aside);
}

type Job =
  | { kind: "parse"; dir: string }
  | { kind: "load"; input: string }
  | { kind: "build"; input: string; output: string; search?: boolean; jobs?: number }
  | { kind: "eleventy"; pages: number; pageBytes: number; work: string };

interface JobResult {
  seconds: number;
  /** User + system CPU seconds: less skewed than wall time when other work shares the machine. */
  cpuSeconds: number;
  /** Of it, system CPU seconds (the file system's share: see laterRemovals). */
  systemSeconds: number;
  rssMb: number;
  [key: string]: number | string;
}

/** The steps' process as users run the command: compiled lib/, no TypeScript loader (bench/command-child.mjs). */
const COMMAND_CHILD = fileURLToPath(new URL("./command-child.mjs", import.meta.url));
/** --through-tsx: the build, load and bare Eleventy steps run src/'s TypeScript through tsx, as before. */
let throughTsx = false;

/** Runs a job in a fresh Node process (cwd `cwd`) and returns what it printed as its last line. */
function runChild(job: Job, cwd: string): JobResult {
  mkdirSync(cwd, { recursive: true });
  // The parse step measures the parser's source alone (bench/parse.ts); the others run the compiled command.
  const args =
    job.kind === "parse"
      ? ["--import", "tsx", THIS_FILE, "--child", JSON.stringify(job)]
      : throughTsx
        ? ["--import", "tsx", COMMAND_CHILD, JSON.stringify({ ...job, source: true })]
        : [COMMAND_CHILD, JSON.stringify(job)];
  // Node's default heap, as a user's build gets (issue 6: 100,000 threads must fit in it).
  const child = spawnSync(process.execPath, ["--expose-gc", ...args], {
    cwd,
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  if (child.status !== 0) throw new Error(`${job.kind} step failed (exit ${child.status})`);
  const last = child.stdout.trim().split("\n").at(-1) ?? "";
  const result = JSON.parse(last) as JobResult;
  if (typeof result.output === "string") {
    // The bare Eleventy step of command-child.mjs: its pages counted here, outside its figures.
    const out = sizeOf(result.output, ".html");
    return { ...result, pages: out.files, pageBytes: out.bytes / Math.max(1, out.files) };
  }
  return result;
}

/** The parse step (bench/parse.ts's measure of the parser's source); the others run bench/command-child.mjs. */
async function runJob(job: Job): Promise<JobResult> {
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const done = (extra: Record<string, number | string>): JobResult => ({
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (() => {
      const used = process.cpuUsage(cpuStart);
      return (used.user + used.system) / 1e6;
    })(),
    systemSeconds: process.cpuUsage(cpuStart).system / 1e6,
    rssMb: process.resourceUsage().maxRSS / 1024,
    ...extra,
  });
  if (job.kind === "parse") {
    const figures = measureParse(job.dir, 200);
    return done({
      mbPerSecond: Number(figures["MB/s"]),
      mb: Number(figures.MB),
      threads: Number(figures.threads),
      posts: Number(figures.posts),
    });
  }
  throw new Error(`${job.kind}: a step of bench/command-child.mjs`);
}

/** The corpus's dumps as hard links under `dir`, less the files of two single-file threads
 *  (returned: they are linked in later, as the dumps the first and the second rebuild add). */
function linkCorpus(corpusDir: string, dir: string): { heldBack: string; heldBackMore: string } {
  rmSync(dir, { recursive: true, force: true });
  const truth = JSON.parse(readFileSync(join(corpusDir, "truth.json"), "utf8")) as {
    threads: Record<string, { files: string[] }>;
  };
  const single = Object.values(truth.threads).filter((t) => t.files.length === 1);
  const heldBack = single[Math.floor(single.length / 2)]?.files[0];
  const heldBackMore = single[Math.floor(single.length / 4)]?.files[0];
  if (!heldBack || !heldBackMore || heldBack === heldBackMore)
    throw new Error("no two single-file threads to hold back");
  for (const entry of readdirSync(corpusDir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".txt")) continue;
    const rel = relative(corpusDir, join(entry.parentPath, entry.name));
    if (rel === heldBack || rel === heldBackMore) continue;
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    linkSync(join(corpusDir, rel), join(dir, rel));
  }
  return { heldBack, heldBackMore };
}

/** Copies `from` to `to` (which must not exist), timestamps kept; a file already copied under another
 *  name in `copied` (by source inode) is linked to that copy, so hard links between trees copied
 *  with one map stay hard links (the published site and the site the last build kept share most). */
export function copyEntry(from: string, to: string, copied: Map<string, string>): void {
  const stats = lstatSync(from);
  if (stats.isSymbolicLink()) return symlinkSync(readlinkSync(from), to);
  if (stats.isDirectory()) {
    mkdirSync(to, { mode: stats.mode });
    for (const name of readdirSync(from)) copyEntry(join(from, name), join(to, name), copied);
  } else {
    const key = `${stats.dev}:${stats.ino}`;
    const first = copied.get(key);
    if (first) return linkSync(first, to);
    copyFileSync(from, to);
    copied.set(key, to);
  }
  utimesSync(to, stats.atime, stats.mtime);
}

/** What a rebuild starts from: the output, the site the last build kept beside it (staging.ts), the caches. */
function rebuildState(work: string, output: string): string[] {
  return [output, retiredPath(output), join(work, ".cache")];
}

/** `run` (a rebuild after adding a dump) `runs` times, each from the state (`paths`) the first found,
 *  keeping the run of least CPU: the steadier figure on a shared machine. The state is copied aside and
 *  back with its hard links between the output and the kept site (cpSync would break them, and a
 *  rebuild staging in a kept site whose every inode differs relinks every file); a path absent at the
 *  first run is removed before each later one (the first rebuild after a clean build has no kept site). */
function rebuildRuns(runs: number, paths: string[], run: () => JobResult): JobResult {
  if (!Number.isInteger(runs) || runs < 1) throw new Error("--rebuild-runs: a positive integer");
  const saved = paths.map((path) => ({ path, copy: existsSync(path) ? `${path}-before-rebuild` : undefined }));
  const copyAll = (pairs: { from: string; to: string }[]) => {
    const copied = new Map<string, string>();
    for (const { from, to } of pairs) {
      rmSync(to, { recursive: true, force: true });
      copyEntry(from, to, copied);
    }
  };
  const kept = saved.flatMap(({ path, copy }) => (copy ? [{ from: path, to: copy }] : []));
  if (runs > 1) copyAll(kept);
  let best: JobResult | undefined;
  for (let at = 0; at < runs; at++) {
    if (at > 0) {
      for (const { path } of saved) removeLater(path);
      copyAll(kept.map(({ from, to }) => ({ from: to, to: from })));
    }
    const result = run();
    if (runs > 1) console.log(`  run ${at + 1} of ${runs}: ${result.cpuSeconds.toFixed(2)} CPU s`);
    if (!best || result.cpuSeconds < best.cpuSeconds) best = result;
  }
  for (const { to } of kept) removeLater(to);
  return best!;
}

/** Bytes and file count under a folder (of the files whose names end with `suffix`). */
function sizeOf(dir: string, suffix = ""): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith(suffix)) continue;
    files++;
    bytes += statSync(join(entry.parentPath, entry.name)).size;
  }
  return { bytes, files };
}

async function main(): Promise<void> {
  const opts = new Command()
    .name("bench:build")
    .description("Time parsing and full site builds of generated corpora")
    .option("--threads <list>", "comma-separated corpus sizes", "1000,10000")
    .option("--seed <seed>", "corpus seed", parseSeed, 1 as number | string)
    .option("--no-rebuild", "skip the rebuilds after adding one dump and one more")
    .option(
      "--rebuild-runs <n>",
      "run each rebuild after adding a dump n times from the same state, keep the least CPU",
      "1",
    )
    .option("--no-site-only", "skip the build without the search index")
    .option("--no-eleventy", "skip the bare Eleventy baseline")
    .option("--one-thread", "also build with --jobs 1 first (cold), to compare wall and CPU time")
    .option("--record", "append the figures to bench/RESULTS.md")
    .option(
      "--through-tsx",
      "run the build steps' TypeScript through tsx (as before 2026-12-05), not the compiled lib/",
    )
    .parse()
    .opts<{
      threads: string;
      seed: number | string;
      rebuild: boolean;
      rebuildRuns: string;
      siteOnly: boolean;
      eleventy: boolean;
      oneThread?: boolean;
      record?: boolean;
      throughTsx?: boolean;
    }>();
  throughTsx = opts.throughTsx === true;
  if (!throughTsx) {
    // The steps run lib/: compiled from the src/ being measured first (scripts/compile.mjs swaps it in whole).
    const compiled = spawnSync(process.execPath, [fileURLToPath(new URL("../scripts/compile.mjs", import.meta.url))], {
      stdio: "inherit",
    });
    if (compiled.status !== 0) throw new Error("compiling src/ into lib/ failed");
  }
  const host = machine();
  const sizes = opts.threads.split(",").map((n) => Number(n.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error("--threads: positive integers, comma-separated");

  const rows: Record<string, string>[] = [];
  for (const threads of sizes) {
    const corpusDir = defaultCorpusDir(threads, opts.seed);
    const manifest = ensureCorpus(threads, opts.seed, corpusDir);
    const work = join(OUT_ROOT, `build-${threads}`);
    removeLater(work);
    const output = join(work, "site");

    console.log(`[${threads}] parse ...`);
    const parse = runChild({ kind: "parse", dir: corpusDir }, work);
    const input = join(work, "input");
    const { heldBack, heldBackMore } = linkCorpus(corpusDir, input);
    console.log(`[${threads}] load archive ...`);
    const load = runChild({ kind: "load", input }, work);
    let oneThread: JobResult | undefined;
    if (opts.oneThread) {
      console.log(`[${threads}] build with --jobs 1 (cold: empty cache, empty output) ...`);
      // In its own working folder: its parsed-page cache (.cache/ under the cwd) is not the clean build's.
      const oneThreadWork = join(work, "one-thread");
      oneThread = runChild({ kind: "build", input, output: join(oneThreadWork, "site"), jobs: 1 }, oneThreadWork);
      removeLater(oneThreadWork);
    }
    console.log(`[${threads}] build (cold: empty cache, empty output; corpus less ${heldBack}, ${heldBackMore}) ...`);
    // cwd = work: the loader's parsed-page cache (.cache/ under the cwd) starts empty and stays here.
    const build = runChild({ kind: "build", input, output }, work);
    const out = sizeOf(output);
    const html = sizeOf(output, ".html");
    // The same build again, nothing changed (issue 15: only the input hashes are compared).
    console.log(`[${threads}] rebuild with nothing changed ...`);
    const unchanged = runChild({ kind: "build", input, output }, work);
    let siteOnly: JobResult | undefined;
    if (opts.siteOnly) {
      console.log(`[${threads}] build without the search index (cold output, warm cache) ...`);
      siteOnly = runChild({ kind: "build", input, output: join(work, "site-only"), search: false }, work);
      removeLater(join(work, "site-only"));
    }
    let rebuild: JobResult | undefined;
    let steady: JobResult | undefined;
    if (opts.rebuild) {
      const rebuildAdding = (dump: string): JobResult => {
        mkdirSync(dirname(join(input, dump)), { recursive: true });
        linkSync(join(corpusDir, dump), join(input, dump));
        const state = rebuildState(work, output);
        return rebuildRuns(Number(opts.rebuildRuns), state, () => runChild({ kind: "build", input, output }, work));
      };
      console.log(`[${threads}] rebuild after adding ${heldBack} (warm cache, same output, no kept site) ...`);
      rebuild = rebuildAdding(heldBack);
      console.log(
        `[${threads}] rebuild after adding ${heldBackMore} (staged in the kept site the first one mirrored) ...`,
      );
      steady = rebuildAdding(heldBackMore);
    }
    let bare: JobResult | undefined;
    if (opts.eleventy) {
      // As many pages as the build wrote HTML pages, as large on average (issue 15: a fair baseline).
      const pageBytes = html.bytes / Math.max(1, html.files);
      console.log(
        `[${threads}] bare Eleventy, ${html.files} pages of ${(pageBytes / 1000).toFixed(1)} kB on average ...`,
      );
      const bareWork = join(OUT_ROOT, `eleventy-${threads}`);
      removeLater(bareWork);
      bare = runChild({ kind: "eleventy", pages: html.files, pageBytes, work: bareWork }, bareWork);
      removeLater(bareWork);
    }
    const row: Record<string, string> = {
      threads: String(threads),
      posts: String(manifest.posts),
      "dumps MB": (manifest.bytes / 1e6).toFixed(1),
      "parse MB/s": String(parse.mbPerSecond),
      "load s (CPU s)": `${load.seconds.toFixed(1)} (${load.cpuSeconds.toFixed(1)})`,
      "load RSS MB": load.rssMb.toFixed(0),
      "loaded archive heap MB": Number(load.heapMb ?? 0).toFixed(0),
      "build s (CPU s)": `${build.seconds.toFixed(1)} (${build.cpuSeconds.toFixed(1)})`,
      "build wall / CPU": (build.seconds / build.cpuSeconds).toFixed(2),
      "--jobs 1 build s (CPU s), wall / CPU, peak RSS MB": oneThread
        ? `${oneThread.seconds.toFixed(1)} (${oneThread.cpuSeconds.toFixed(1)}), ${(oneThread.seconds / oneThread.cpuSeconds).toFixed(2)}, ${oneThread.rssMb.toFixed(0)}`
        : "-",
      pages: String(build.pages),
      "pages/s": (Number(build.pages) / build.seconds).toFixed(0),
      "build peak RSS MB": build.rssMb.toFixed(0),
      "output MB": (out.bytes / 1e6).toFixed(1),
      "output files": String(out.files),
      "site only s (CPU s), RSS MB": siteOnly
        ? `${siteOnly.seconds.toFixed(1)} (${siteOnly.cpuSeconds.toFixed(1)}), ${siteOnly.rssMb.toFixed(0)}`
        : "-",
      "rebuild unchanged s (CPU s), CPU vs build": `${unchanged.seconds.toFixed(2)} (${unchanged.cpuSeconds.toFixed(2)}), ${(
        (100 * unchanged.cpuSeconds) / build.cpuSeconds
      ).toFixed(1)}%`,
      "rebuild +1 dump s (CPU s), RSS MB, CPU vs build": rebuild
        ? `${rebuild.seconds.toFixed(1)} (${rebuild.cpuSeconds.toFixed(1)}), ${rebuild.rssMb.toFixed(0)}, ${(
            (100 * rebuild.cpuSeconds) / build.cpuSeconds
          ).toFixed(0)}%`
        : "-",
      "rebuild pages rewritten": rebuild
        ? `${Number(rebuild.pages) - Number(rebuild.unchanged)} of ${rebuild.pages}`
        : "-",
      "rebuild +1 more dump (kept site) s (CPU s), RSS MB, CPU vs build": steady
        ? `${steady.seconds.toFixed(1)} (${steady.cpuSeconds.toFixed(1)}), ${steady.rssMb.toFixed(0)}, ${(
            (100 * steady.cpuSeconds) / build.cpuSeconds
          ).toFixed(0)}%`
        : "-",
      "rebuild +1 more pages rewritten": steady
        ? `${Number(steady.pages) - Number(steady.unchanged)} of ${steady.pages}`
        : "-",
      "HTML pages, kB each": `${html.files}, ${(html.bytes / Math.max(1, html.files) / 1000).toFixed(1)}`,
      "system CPU s: build, rebuild +1, +1 more, bare 11ty": [build, rebuild, steady, bare]
        .map((step) => (step ? step.systemSeconds.toFixed(1) : "-"))
        .join(", "),
      "bare 11ty s (CPU s)": bare ? `${bare.seconds.toFixed(1)} (${bare.cpuSeconds.toFixed(1)})` : "-",
      "bare 11ty pages, kB each": bare ? `${bare.pages}, ${(Number(bare.pageBytes) / 1000).toFixed(1)}` : "-",
      "bare 11ty RSS MB": bare ? bare.rssMb.toFixed(0) : "-",
      "build / bare 11ty, CPU (wall)": bare
        ? `${(build.cpuSeconds / bare.cpuSeconds).toFixed(2)} (${(build.seconds / bare.seconds).toFixed(2)})`
        : "-",
      "build / (load + bare 11ty), CPU": bare
        ? (build.cpuSeconds / (load.cpuSeconds + bare.cpuSeconds)).toFixed(2)
        : "-",
    };
    console.log(
      Object.entries(row)
        .map(([k, v]) => `  ${k}: ${v}`)
        .join("\n"),
    );
    rows.push(row);
  }
  for (const path of laterRemovals.splice(0)) rmSync(path, { recursive: true, force: true });
  // What a run that failed midway left renamed aside.
  for (const name of existsSync(OUT_ROOT) ? readdirSync(OUT_ROOT) : []) {
    if (/\.removing-\d+-\d+$/.test(name)) rmSync(join(OUT_ROOT, name), { recursive: true, force: true });
  }
  if (opts.record) {
    appendResult(
      "bench:build",
      [
        `Corpora: generated threads (seed ${opts.seed}), less two single-file threads that the rebuilds add. Each step a separate Node process (peak RSS is the step's own)${throughTsx ? ", its TypeScript run through tsx" : " running the compiled lib/ as the command does (bench/command-child.mjs); the bare Eleventy build alike"}. ` +
          'Build: buildFromInput (src/build/index.ts, compiled into lib/ unless --through-tsx), base URL "/", no progress output, wall time including loading, similar threads, Eleventy and the search index; ' +
          "cold = empty parsed-page cache and empty output folder. Site only: the same without the search index (warm parsed-page cache, empty output). " +
          "Build: with as many threads as os.availableParallelism() gives; --jobs 1 build (with --one-thread): the same, cold, in one thread. " +
          "Rebuild unchanged: the same build again into the same output, nothing changed (its CPU includes importing the build's modules, not Node and tsx starting). " +
          "Rebuild +1 dump: the held-back dump added, warm caches, into the same output (pages whose bytes are unchanged are not rewritten); " +
          "the first rebuild after the clean build, so no site kept beside the output and every file mirrored into the staging folder. " +
          "Rebuild +1 more dump: then the second held-back dump added (add a dump, build, add a dump, build): " +
          "the build stages in the site the last one kept (.site.previous), bringing it up to date file by file; that site was mirrored, " +
          "with no record of its folders, so every folder is read on both sides (later rebuilds skip the folders neither side changed). " +
          "With --rebuild-runs N, each rebuild runs N times from the same output, kept site and caches " +
          "(copied with their hard links between the output and the kept site), the least CPU kept. " +
          "Load: loadArchive alone (no cache), the in-memory archive before rendering. Bare 11ty (bench/bare-eleventy.ts): a project with nothing of ours, " +
          "one paginated Nunjucks template in one layout writing as many pages as the build wrote HTML pages, three folders deep, 25 autoescaped posts a page, " +
          "paragraphs chosen so its pages average the build's HTML page size; build / bare 11ty compares CPU seconds (wall time in brackets), " +
          "build / (load + bare 11ty) the build's CPU with loading the same data plus that bare build. " +
          "Wall times taken while other work loads the machine are upper bounds; CPU seconds (user + system) are steadier. " +
          "System CPU is shown apart: large trees (the last run's, the site-only output, the bare build's) are removed only after every step is timed, " +
          "since creating files in the minutes after many were deleted costs several times the system CPU on this machine's file system (see laterRemovals in bench/build.ts).",
      ],
      rows,
      host,
    );
    console.log("recorded in bench/RESULTS.md");
  }
}

if (process.argv[1] && resolve(process.argv[1]) === THIS_FILE) {
  const at = process.argv.indexOf("--child");
  const run =
    at >= 0
      ? runJob(JSON.parse(process.argv[at + 1]!) as Job).then((result) => console.log(JSON.stringify(result)))
      : main();
  run.catch((error: unknown) => {
    // Eleventy wraps the real failure: print the whole chain of causes.
    for (
      let e: unknown = error, depth = 0;
      e !== undefined && depth < 8;
      e = (e as { cause?: unknown }).cause, depth++
    ) {
      console.error(depth === 0 ? "" : "caused by:", e instanceof Error ? (e.stack ?? e.message) : e);
    }
    process.exitCode = 1;
  });
}

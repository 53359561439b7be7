// One step of bench:build run as a user runs the command: the compiled JavaScript in lib/, in a Node
// process with no TypeScript loader. bench/build.ts runs itself through tsx, whose module hooks every
// import of the process and of each worker thread it starts would pay (issue 15: a rebuild's three
// threads each load the site code); its steps run here instead. The bare Eleventy baseline runs here
// too, so both sides load their modules alike; only its page generator (bench/bare-eleventy.ts) is
// imported through tsx, alone.
//   node --expose-gc bench/command-child.mjs '<job as JSON>'   (bench/build.ts's runChild)
// With `"source": true` in the job (bench:build --through-tsx, run with --import tsx) it imports src/'s
// TypeScript instead, as bench:build did before.
// Prints one line of JSON: seconds, CPU seconds, peak RSS and the step's own figures.

const job = JSON.parse(process.argv[2]);
/** A module of the command: lib/name.js, or src/name.ts through tsx. */
const command = (name) => (job.source ? `../src/${name}.ts` : `../lib/${name}.js`);
const started = performance.now();
const cpuStart = process.cpuUsage();

function done(extra) {
  const used = process.cpuUsage(cpuStart);
  const result = {
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (used.user + used.system) / 1e6,
    systemSeconds: used.system / 1e6,
    rssMb: process.resourceUsage().maxRSS / 1024,
    ...extra,
  };
  console.log(JSON.stringify(result));
}

/** Heap in use after a full collection (the process runs with --expose-gc). */
function heapAfterGc() {
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
}

async function build() {
  const { buildFromInput } = await import(command("build/index"));
  const summary = await buildFromInput({
    input: job.input,
    output: job.output,
    baseUrl: "/",
    progress: "none",
    search: job.search,
    ...(job.jobs ? { jobs: job.jobs } : {}),
  });
  done({
    pages: summary.pagesWritten,
    unchanged: summary.pagesUnchanged,
    threads: summary.threads,
    posts: summary.posts,
    warnings: summary.warnings,
    searchFiles: summary.searchFiles,
  });
}

async function load() {
  // The archive in memory (parse, merge, forums, authors, similar threads, clusters), no cache.
  const { loadArchive } = await import(command("archive/load"));
  const heapBefore = heapAfterGc();
  const archive = await loadArchive(job.input, undefined, { cacheDir: false });
  // The loaded archive's own heap: what stays after a full collection (packed bodies are outside it).
  const heapMb = (heapAfterGc() - heapBefore) / 1e6;
  done({ threads: archive.threads.length, heapMb });
}

async function bareEleventy() {
  const { tsImport } = await import("tsx/esm/api");
  const { writeBareProject } = await tsImport("./bare-eleventy.ts", import.meta.url);
  const { default: Eleventy } = await import("@11ty/eleventy");
  const project = writeBareProject(job.work, job.pages, job.pageBytes);
  const eleventy = new Eleventy(project.input, project.output, {
    quietMode: true,
    configPath: project.config,
    config: (config) => config.addGlobalData("threads", project.threads),
  });
  eleventy.disableLogger();
  await eleventy.write();
  // Pages and their size are counted by the caller, after this process's figures are taken.
  done({ output: project.output });
}

const steps = { build, load, eleventy: bareEleventy };
try {
  await steps[job.kind]();
} catch (error) {
  // Eleventy wraps the real failure: print the whole chain of causes.
  for (let e = error, depth = 0; e !== undefined && depth < 8; e = e?.cause, depth++) {
    console.error(depth === 0 ? "" : "caused by:", e instanceof Error ? (e.stack ?? e.message) : e);
  }
  process.exitCode = 1;
}

// How V8's optimizing compiler is told to work in a rebuild (issue 15, item 4). A rebuild runs most
// of the build's code once over the kept archive (10,000 threads: ~740 functions optimized), and
// TurboFan's inlining made those compiles cost more than the optimized code returned: without it a
// rebuild +1 dump took 8.9 against 10.0 CPU s (bench/RESULTS.md, coordinator, 2026-12-06), V8's
// compiler threads 1.8 against 2.6, the main thread no more. A clean build's long loops (parsing,
// rendering every page) do gain from inlining (+1 to +2 CPU s without it), so it keeps the default.
// A rebuild is told as the render workers' prestart tells it (build/index.ts): the output holds the
// page fingerprints a last build wrote.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { FINGERPRINTS_NAME } from "../output/fingerprints.ts";

/** The V8 flags a build into `published` runs with: none for a first build. */
export function compilerFlagsFor(published: string): string[] {
  return existsSync(join(published, FINGERPRINTS_NAME)) ? ["--no-turbo-inlining"] : [];
}

/** Sets compilerFlagsFor(published) for the rest of the process, its worker threads included. TurboFan
 *  reads the flag for each function it optimizes, so it takes effect for what is compiled after. */
export function tuneCompiler(published: string): void {
  for (const flag of compilerFlagsFor(published)) setFlagsFromString(flag);
}

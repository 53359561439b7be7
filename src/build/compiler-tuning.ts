// How V8's optimizing compiler is told to work in a rebuild (issue 15, item 4). A rebuild runs most
// of the build's code once over the kept archive (10,000 threads: ~740 functions optimized), and
// TurboFan's inlining made those compiles cost more than the optimized code returned: without it a
// rebuild +1 dump took 9.2 against 9.6 CPU s (bench/RESULTS.md, coordinator, 2026-12-06), V8's
// compiler threads ~1.8 against ~2.5. A clean build's long loops (parsing, rendering every page) do
// gain from inlining (+1 to +3 CPU s without it), so it keeps the default. A rebuild is told as the
// render workers' prestart tells it (build/index.ts): the output holds the page fingerprints a last
// build wrote.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { FINGERPRINTS_NAME } from "../output/fingerprints.ts";

/** The V8 flags a build into `published` runs with (none for a first build), and those that undo them. */
export function compilerFlagsFor(published: string): { set: string[]; undo: string[] } {
  // Node started with the flag (NODE_OPTIONS or the command line): the owner's choice stays as it is.
  const ownersChoice = process.execArgv.some((arg) => /^--(no-)?turbo[-_]inlining$/.test(arg));
  if (ownersChoice || !existsSync(join(published, FINGERPRINTS_NAME))) return { set: [], undo: [] };
  return { set: ["--no-turbo-inlining"], undo: ["--turbo-inlining"] };
}

/** Sets compilerFlagsFor(published) for the process (its worker threads included: V8's flags are the
 *  process's; TurboFan reads this one for each function it optimizes, so it takes effect for what is
 *  compiled after) and gives back what restores them once the build is over, so a later build in the
 *  same process (a program that builds more than once, the tests) starts from V8's defaults again. */
export function tuneCompiler(published: string): () => void {
  const { set, undo } = compilerFlagsFor(published);
  for (const flag of set) setFlagsFromString(flag);
  return () => {
    for (const flag of undo) setFlagsFromString(flag);
  };
}

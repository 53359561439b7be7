// What the caches that let a rebuild skip unchanged work (issue 15) share: where they live, and the
// version of the code every key includes, so no changed line of code ever reads an old result.
// The caches: parsed pages (page-cache.ts), each group of pages' assembled threads (thread-cache.ts),
// each thread's words for similar threads (similar-cache.ts), the compressors of an output's search
// index (search/write.ts).
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Where the caches live, beside the parsed pages (relative to the working folder, as they are). */
export const CACHE_ROOT = ".cache/forum-archive";

let codeHash: Promise<string> | undefined;

/** A hash of every code file (src/, or the compiled lib/ the command runs, sub-folders too):
 *  any change to the code invalidates every cached result. */
export function codeVersion(): Promise<string> {
  codeHash ??= (async () => {
    const codeDir = join(dirname(fileURLToPath(import.meta.url)), "..");
    const hash = createHash("sha256");
    const files = (await readdir(codeDir, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name))
      .sort();
    for (const path of files) hash.update(path.slice(codeDir.length)).update(await readFile(path));
    return hash.digest("hex");
  })();
  return codeHash;
}

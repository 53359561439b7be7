// Parsed dump pages cached by content hash, so a rebuild after adding one dump reparses one
// file. The key covers all the code (src/, or the compiled lib/ the command runs), so a changed
// parser, or anything it uses, never reads stale pages.
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseDump } from "../parse/index.ts";

export type ParsedDump = ReturnType<typeof parseDump>;

let parserVersion: Promise<string> | undefined;

/** A hash of every code file: any change to the parser (or the modules it uses) invalidates the cache. */
function currentParserVersion(): Promise<string> {
  parserVersion ??= (async () => {
    const parseDir = join(dirname(fileURLToPath(import.meta.url)), "..");
    const hash = createHash("sha256");
    // Sub-folders too (parse/html/): every parser source counts.
    const files = (await readdir(parseDir, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name))
      .sort();
    for (const path of files) hash.update(path.slice(parseDir.length)).update(await readFile(path));
    return hash.digest("hex");
  })();
  return parserVersion;
}

export class PageCache {
  private readonly used = new Set<string>();
  hits = 0;
  misses = 0;

  constructor(private readonly dir: string) {}

  /** The parsed page of a file's bytes, and its JSON: from the cache when these bytes were parsed before. */
  async parse(file: string, bytes: Uint8Array): Promise<{ parsed: ParsedDump; json: Buffer }> {
    const key = createHash("sha256")
      .update(await currentParserVersion())
      .update("\0")
      .update(file)
      .update("\0")
      .update(bytes)
      .digest("hex");
    this.used.add(`${key}.json`);
    const path = join(this.dir, `${key}.json`);
    try {
      const json = await readFile(path);
      const parsed = JSON.parse(json.toString("utf8")) as ParsedDump;
      this.hits++;
      return { parsed, json };
    } catch {
      // Not cached yet, or unreadable: parse afresh.
    }
    this.misses++;
    const parsed = parseDump({ file, bytes });
    const json = Buffer.from(JSON.stringify(parsed));
    await mkdir(this.dir, { recursive: true });
    await writeFile(path, json);
    return { parsed, json };
  }

  /** Drops the entries this build did not use (dumps removed or changed). */
  async prune(): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    await Promise.all(
      names.filter((name) => !this.used.has(name)).map((name) => rm(join(this.dir, name), { force: true })),
    );
  }
}

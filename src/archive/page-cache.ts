// Parsed dump pages cached by content hash, so a rebuild after adding one dump reparses one
// file. The key covers the parser's own source, so a changed parser never reads stale pages.
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseDump } from "../parse/index.ts";

export type ParsedDump = ReturnType<typeof parseDump>;

let parserVersion: Promise<string> | undefined;

/** A hash of every parser source file: any change to the parser invalidates the cache. */
function currentParserVersion(): Promise<string> {
  parserVersion ??= (async () => {
    const parseDir = join(dirname(fileURLToPath(import.meta.url)), "..", "parse");
    const hash = createHash("sha256");
    for (const name of (await readdir(parseDir)).sort()) {
      hash.update(name).update(await readFile(join(parseDir, name)));
    }
    return hash.digest("hex");
  })();
  return parserVersion;
}

export class PageCache {
  private readonly used = new Set<string>();
  hits = 0;
  misses = 0;

  constructor(private readonly dir: string) {}

  /** The parsed page of a file's bytes: from the cache when these bytes were parsed before. */
  async parse(file: string, bytes: Uint8Array): Promise<ParsedDump> {
    const key = createHash("sha256").update(await currentParserVersion()).update("\0").update(file).update("\0").update(bytes).digest("hex");
    this.used.add(`${key}.json`);
    const path = join(this.dir, `${key}.json`);
    try {
      const cached = JSON.parse(await readFile(path, "utf8")) as ParsedDump;
      this.hits++;
      return cached;
    } catch {
      // Not cached yet, or unreadable: parse afresh.
    }
    this.misses++;
    const parsed = parseDump({ file, bytes });
    await mkdir(this.dir, { recursive: true });
    await writeFile(path, JSON.stringify(parsed));
    return parsed;
  }

  /** Drops the entries this build did not use (dumps removed or changed). */
  async prune(): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    await Promise.all(names.filter((name) => !this.used.has(name)).map((name) => rm(join(this.dir, name), { force: true })));
  }
}

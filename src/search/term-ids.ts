// Each thread's terms as ids into the last build's list of terms, kept beside the thread cache
// (thread-cache.ts) in one file: a rebuild adds a kept thread's posts by these ids
// (PostingsBuilder#addTermIds), each term looked up by its text once, where the terms' line of
// every entry made ~1.3 million strings to parse and look up at 10,000 threads (issue 15). The file
// is whole or not used (checked, written to a file of its own and renamed into place); a thread it
// does not hold (another archive's build wrote it last) has its terms read from its entry, as before.
import { readFileSync } from "node:fs";
import { endianness } from "node:os";
import { dirname } from "node:path";
import { threadId } from "node:worker_threads";
import { checkedPayloadOf, writeCheckedFile } from "../archive/cache-file.ts";

/** The file's payload: a line of JSON, `{"terms":[...],"threads":[[key, count], ...]}` (the terms by
 *  id; each thread's cache key and number of terms), then every thread's ids one after another, in
 *  that order, as 32-bit integers in the machine's order (a file is only read where it was written). */
interface Head {
  terms: readonly string[];
  threads: [string, number][];
}

/** Only little-endian machines keep the file (the ids' bytes are an Int32Array's as they are). */
const KEPT = endianness() === "LE";

export class TermIds {
  private constructor(
    /** The terms by id. */
    readonly terms: readonly string[],
    private readonly byKey: ReadonlyMap<string, Int32Array>,
  ) {}

  static readonly none = new TermIds([], new Map());

  /** The file at `path`; none when it is missing or not whole. */
  static read(path: string): TermIds {
    if (!KEPT) return TermIds.none;
    try {
      const payload = checkedPayloadOf(readFileSync(path));
      const end = payload?.indexOf(0x0a) ?? -1;
      if (end === -1) return TermIds.none;
      const { terms, threads } = JSON.parse(payload!.toString("utf8", 0, end)) as Head;
      const bytes = payload!.subarray(end + 1);
      // Copied into an array of its own: the bytes need not lie on a multiple of 4.
      const ids = new Int32Array(bytes.length >> 2);
      if (bytes.length !== ids.length * 4) return TermIds.none;
      Buffer.from(ids.buffer).set(bytes);
      for (const id of ids) if (!(id >= 0 && id < terms.length)) return TermIds.none;
      const byKey = new Map<string, Int32Array>();
      let at = 0;
      for (const [key, count] of threads) {
        byKey.set(key, ids.subarray(at, (at += count)));
      }
      return at === ids.length ? new TermIds(terms, byKey) : TermIds.none;
    } catch {
      return TermIds.none;
    }
  }

  /** The ids of the terms of the thread kept under `key` (its entry's terms, in their order). */
  idsOf(key: string): Int32Array | undefined {
    return this.byKey.get(key);
  }
}

/** Writes the file at `path`: `terms` by id, and each thread's ids by its key. Only a cache: nothing is
 *  said when it cannot be written. */
export function writeTermIds(path: string, terms: readonly string[], threads: ReadonlyMap<string, Int32Array>): void {
  if (!KEPT) return;
  const head: Head = { terms, threads: [...threads].map(([key, ids]) => [key, ids.length]) };
  const parts: Uint8Array[] = [Buffer.from(`${JSON.stringify(head)}\n`)];
  for (const ids of threads.values()) parts.push(Buffer.from(ids.buffer, ids.byteOffset, ids.byteLength));
  writeCheckedFile(dirname(path), path, `${path}.${process.pid}.${threadId}.tmp`, Buffer.concat(parts));
}

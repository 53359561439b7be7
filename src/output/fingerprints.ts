// What each thread and author page was made from, kept in the output beside the manifest, so a
// rebuild renders only the pages whose inputs changed. A page's fingerprint is a hash of its
// inputs (build/page-inputs.ts: what its view is made of) and of the site-wide inputs every page
// shares: the templates and site code, the Eleventy version, base and site URL, site title and
// navigation. A page is skipped only when that hash is the one recorded and its file is still there
// at the recorded size; the rest are rendered, and the writer still leaves unchanged bytes alone.
// (A page file edited by hand to the very same size would be kept: the output is the build's.)
import { createHash } from "node:crypto";
import { lstatSync, readFileSync } from "node:fs";
import { readFile, readdir, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import { replaceFile } from "./staging.ts";
import { compareText } from "../order.ts";

export const FINGERPRINTS_NAME = ".forum-archive-pages";

export interface PageRecord {
  hash: string;
  size: number;
}

/** Hash of the files under `paths` (folders or files: names and bytes) and of `extra`: what every page depends on. */
export async function sharedFingerprint(paths: string[], extra: unknown): Promise<string> {
  const hash = createHash("sha256");
  for (const [index, path] of paths.entries()) {
    const files = (await stat(path)).isDirectory()
      ? (await readdir(path, { recursive: true, withFileTypes: true }))
          .filter((e) => e.isFile())
          .map((e) => join(e.parentPath, e.name))
          .sort()
      : [path];
    // Named by where they are in the path given, not on this disk: the same code installed
    // elsewhere gives the same page records.
    for (const file of files)
      hash
        .update(`${index}\u0000${relative(path, file)}\u0000`)
        .update(readFileSync(file))
        .update("\u0000");
  }
  hash.update(JSON.stringify(extra));
  return hash.digest("base64url");
}

export async function readPageRecords(output: string): Promise<Map<string, PageRecord>> {
  const records = new Map<string, PageRecord>();
  let text: string;
  try {
    text = await readFile(join(output, FINGERPRINTS_NAME), "utf8");
  } catch {
    return records; // none yet (or unreadable): every page is rendered
  }
  for (const line of text.split("\n")) {
    const [rel, hash, size] = line.split("\t");
    if (rel && hash && size && /^\d+$/.test(size)) records.set(rel, { hash, size: Number(size) });
  }
  return records;
}

export async function writePageRecords(output: string, records: Map<string, PageRecord>): Promise<void> {
  const text = [...records]
    .sort(([a], [b]) => compareText(a, b))
    .map(([rel, r]) => `${rel}\t${r.hash}\t${r.size}\n`)
    .join("");
  const path = join(output, FINGERPRINTS_NAME);
  const before = await readFile(path, "utf8").catch(() => undefined);
  if (before !== text) await replaceFile(path, text);
}

/** A file's size and modification time (ms), as the record of a build's output holds them. */
export type FileStamp = readonly [size: number, mtimeMs: number];

/** The size and mtime of `rel` (a page's permalink: a relative path) under `output` when it is a
 *  regular file (a link is not the page's file) of `size` bytes; else undefined. One lstat a kept
 *  page: the path joined by hand and no exception for a missing file (path.resolve and a throw cost
 *  about as much as the call). The mtime goes to the record of the output (build/unchanged-inputs.ts),
 *  which then need not look the page up again after the commit. */
export function fileStampOfSize(output: string, rel: string, size: number): FileStamp | undefined {
  try {
    const info = lstatSync(`${output}/${rel}`, { throwIfNoEntry: false });
    return info?.isFile() && info.size === size ? [info.size, info.mtimeMs] : undefined;
  } catch {
    return undefined; // a file where a folder was, say: the page is rendered
  }
}

/** The stamps of many files, flat, as a worker thread hands them over (two objects to copy, not one a
 *  file): `names[i]` (relative to the output) has the size `values[2 * i]` and mtime `values[2 * i + 1]`. */
export interface FileStampList {
  names: string[];
  values: Float64Array;
}

/** The stamps of `list` by name. */
export function fileStampsOf(list: FileStampList): Map<string, FileStamp> {
  const stamps = new Map<string, FileStamp>();
  for (const [at, name] of list.names.entries()) stamps.set(name, [list.values[2 * at]!, list.values[2 * at + 1]!]);
  return stamps;
}

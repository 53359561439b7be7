// What a build wrote, kept in the output as a sorted list, so the next build into the same
// folder can remove the pages of threads that are gone — and only files a build wrote itself,
// never anything else that happens to live in the output folder.
import { lstat, readFile, readdir, rm, rmdir } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { replaceFile } from "./staging.ts";

export const MANIFEST_NAME = ".forum-archive-files";

/** Every file under `dir` (recursively), as "/"-separated paths relative to `root`. Each folder's
 *  path is made relative once, not each of its files' (the search index's docs folder holds 16,800
 *  at 10,000 threads): a name from readdir is never "." or ".." and holds no separator. */
export async function filesUnder(root: string, dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    const prefixes = new Map<string, string>();
    const files: string[] = [];
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      let prefix = prefixes.get(entry.parentPath);
      if (prefix === undefined) {
        const folder = relative(root, entry.parentPath).split(sep).join("/");
        prefix = folder === "" ? "" : `${folder}/`;
        prefixes.set(entry.parentPath, prefix);
      }
      files.push(prefix + entry.name);
    }
    return files;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

/** Whether `file` is a regular file and every folder between `root` and it a real folder. */
async function isPlainFileUnder(root: string, file: string): Promise<boolean> {
  try {
    if (!(await lstat(file)).isFile()) return false;
    for (let dir = dirname(file); dir !== root; dir = dirname(dir)) {
      if (!dir.startsWith(root + sep) || !(await lstat(dir)).isDirectory()) return false;
    }
    return true;
  } catch {
    return false; // gone already
  }
}

export async function readManifest(output: string): Promise<string[]> {
  try {
    return (await readFile(join(output, MANIFEST_NAME), "utf8")).split("\n").filter(Boolean);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

/**
 * Records `written` as this build's files and deletes what the previous build wrote that this
 * one did not (then any folders that leaves empty). Returns the removed paths.
 */
export async function replaceManifest(output: string, written: Iterable<string>): Promise<string[]> {
  const root = resolve(output);
  // Already "/"-separated where that is the separator: not split and joined again (35,400 at 10,000 threads).
  const now = new Set(sep === "/" ? written : [...written].map((p) => p.split(sep).join("/")));
  now.delete(MANIFEST_NAME);
  const removed: string[] = [];
  for (const old of await readManifest(output)) {
    if (now.has(old)) continue;
    const file = resolve(root, old);
    if (!file.startsWith(root + sep)) continue; // a manifest is data too: never leave the output
    // Only a regular file, reached through real folders: never through a symbolic link (a listed
    // `assets/x.css` under `assets -> ../elsewhere`), and never a link put where our file was.
    if (!(await isPlainFileUnder(root, file))) continue;
    await rm(file, { force: true });
    removed.push(old);
    for (let dir = dirname(file); dir.startsWith(root + sep); dir = dirname(dir)) {
      try {
        await rmdir(dir);
      } catch {
        break; // not empty (or already gone): stop climbing
      }
    }
  }
  const text = `${[...now].sort().join("\n")}\n`;
  const path = join(output, MANIFEST_NAME);
  // Rewritten only when the list changed, like every other file of a rebuild.
  const before = await readFile(path, "utf8").catch(() => undefined);
  if (before !== text) await replaceFile(path, text);
  return removed.sort();
}

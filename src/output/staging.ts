// A build never writes into the published folder. It writes into a staging folder beside it,
// which starts as hard links to the last good build's files (so a rebuild still only writes what
// changed, and unchanged files keep their inode and mtime), and replaces the published folder only
// once the build has succeeded. A failed or killed build leaves the last good site in place.
//
// Because staged files share their inode with the published ones, every write into the staging
// folder must replace a file (unlink, then write), never rewrite it in place: `replaceFile` does.
import { realpathSync } from "node:fs";
import { chmod, link, lstat, mkdir, readdir, readlink, realpath, rename, rm, stat, symlink, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve, sep } from "node:path";

export interface StagedOutput {
  /** The folder to build into. */
  readonly dir: string;
  /** Puts the staged build in the published folder's place. */
  commit(): Promise<void>;
  /** Removes the staging folder, leaving the published folder as it was. */
  abandon(): Promise<void>;
  /** Set when the build goes straight into the published folder, and why (no staging possible). */
  readonly inPlace?: string;
}

export const stagingPath = (output: string) => join(dirname(output), `.${basename(output)}.building`);
const retiredPath = (output: string) => join(dirname(output), `.${basename(output)}.previous`);

/** A path with its symbolic links followed, as far as it exists. */
function realPathOf(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    const parent = dirname(absolute);
    return parent === absolute ? absolute : join(realPathOf(parent), basename(absolute));
  }
}

/** Refuses output folders whose replacement would take other things with it (links followed:
 *  `dist -> seeds` is the input folder). */
export function checkOutputFolder(output: string, input: string, cwd = process.cwd()): string | undefined {
  const out = realPathOf(output);
  const source = realPathOf(input);
  const inside = (child: string, parent: string) => child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
  if (out === dirname(out)) return `--output ${output} is the root of the file system`;
  if (inside(realPathOf(cwd), out)) return `--output ${output} is the working folder or holds it`;
  if (inside(source, out)) return `--output ${output} holds the input folder ${input}`;
  if (inside(out, source)) return `--output ${output} is inside the input folder ${input}`;
  return undefined;
}

/** Why a build cannot stage beside `published`, from what a file system call said, or undefined
 *  when the error is of another kind (and is the build's to report). */
export function stagingRefusal(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EACCES" || code === "EPERM" || code === "EROFS") return "the folder holding the output cannot be written to";
  if (code === "EXDEV" || code === "EBUSY") return "the output (or a folder in it) is a mount point";
  return undefined;
}

/** Building straight into the published folder, when no staging folder can stand beside it. */
function inPlace(published: string, reason: string): StagedOutput {
  return { dir: published, inPlace: reason, commit: async () => {}, abandon: async () => {} };
}

async function kindOf(path: string): Promise<"dir" | "other" | undefined> {
  try {
    return (await lstat(path)).isDirectory() ? "dir" : "other";
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** Mirrors `from` into `to`: folders made, files hard-linked, symbolic links made anew. */
async function linkTree(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) await linkTree(source, target);
    else if (entry.isFile()) await link(source, target);
    else if (entry.isSymbolicLink()) await symlink(await readlink(source), target);
  }
}

/**
 * Prepares a staging folder for a build of `output`. Leftovers of an interrupted build are cleared
 * first; a build killed between its two renames left the last good site as the retired folder,
 * and it is put back.
 */
export async function stageOutput(output: string): Promise<StagedOutput> {
  // A published folder that is a symbolic link (dist -> /var/www/site) is replaced where it points.
  const published = await realpath(output).catch(() => resolve(output));
  const staging = stagingPath(published);
  const retired = retiredPath(published);
  const publishedKind = await kindOf(published);
  if (publishedKind === "other") throw new Error(`${output} exists and is not a folder`);
  if (publishedKind === undefined && (await kindOf(retired)) === "dir") await rename(retired, published);
  await rm(retired, { recursive: true, force: true });
  await rm(staging, { recursive: true, force: true });
  if ((await kindOf(published)) === "dir") {
    // A mount point (a Docker volume) cannot be renamed, nor linked across.
    if ((await stat(published)).dev !== (await stat(dirname(published))).dev) return inPlace(published, "the output is a mount point");
  }
  try {
    if ((await kindOf(published)) === "dir") {
      await linkTree(published, staging);
      await chmod(staging, (await stat(published)).mode); // the published folder's own permissions
    } else await mkdir(staging, { recursive: true });
  } catch (error) {
    const reason = stagingRefusal(error);
    if (!reason) throw error;
    await rm(staging, { recursive: true, force: true }).catch(() => {});
    return inPlace(published, reason);
  }

  return {
    dir: staging,
    async commit() {
      if ((await kindOf(published)) === "dir") {
        await rename(published, retired);
        try {
          await rename(staging, published);
        } catch (error) {
          await rename(retired, published); // the last good site back in its place
          throw error;
        }
        await rm(retired, { recursive: true, force: true });
      } else {
        await rename(staging, published);
      }
    },
    async abandon() {
      await rm(staging, { recursive: true, force: true });
    },
  };
}

/** Writes `bytes` to `path` as a new file, never through an existing one (which may be a hard
 *  link to the published build). */
export async function replaceFile(path: string, bytes: string | Uint8Array): Promise<void> {
  await rm(path, { force: true });
  await writeFile(path, bytes);
}

// A rebuild with nothing changed does nothing but compare (issue 15): every input a build reads
// (each input file's bytes, the owner's config, templates, assets, locales and pages, the package's
// code, templates and locales, the versions it renders with, the build's options) is hashed (a
// file's digest kept from the last build while the file is unchanged: input-digests.ts), and
// when the hash is the one the last build into this output recorded and the output still holds
// that build's files as it left them (its manifest and page fingerprints, each file of the manifest
// at the same size and mtime), the build stops there: no archive is loaded, no staging folder
// made, nothing written. The record lives in the working folder's cache (.cache/forum-archive/builds/,
// beside the parsed pages), one per output folder, never in the output: two builds of different
// inputs that make the same site leave the same files.
import { createHash, type Hash } from "node:crypto";
import { lstatSync, readFileSync, type Stats, statSync } from "node:fs";
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { filesOutsideBuiltSites } from "../archive/files.ts";
import { InputDigests } from "./input-digests.ts";
import { type FileStamp, type FileStampList, fileStampsOf } from "../output/fingerprints.ts";
import { KEPT_MARKER } from "../output/staging.ts";
import type { BuildSummary } from "./summary.ts";

const RECORDS_DIR = ".cache/forum-archive/builds";
const RECORD_HEADER = "forum-archive inputs 1";
const MANIFEST = ".forum-archive-files";
const FINGERPRINTS = ".forum-archive-pages";

/** Where the record of the last build into `published` (a real path) is kept. */
const recordPath = (published: string) =>
  resolve(RECORDS_DIR, createHash("sha256").update(published).digest("hex").slice(0, 32));
/** Where the digests of the files last hashed as the input `input` (a real path) are kept. */
const digestsPath = (input: string) =>
  resolve(RECORDS_DIR, `digests-${createHash("sha256").update(input).digest("hex").slice(0, 32)}`);

/** What of a build's options decides its output (progress, force and worker count do not). */
export interface InputOptions {
  input: string;
  baseUrl?: string;
  siteUrl?: string;
  pagesDir?: string;
  search?: boolean;
  database?: { db?: string; attachmentsFolder?: string };
}

// src/ (or lib/) and the package root beside it: all the code a build runs, and what it reads.
const CODE_DIR = fileURLToPath(new URL("..", import.meta.url));
const PACKAGE_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const PACKAGE_DATA = ["templates", "locales"].map((dir) => join(PACKAGE_ROOT, dir));
/** The owner's project files beside a dump given as the input (see config/project.ts). */
const PROJECT_FOLDERS = ["templates", "assets", "locales", "pages"];

function statOrNone(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined; // unreadable: left out, as a missing file
  }
}

/** Names and bytes of the files under `dir` that match `patterns` (hidden ones, node_modules and
 *  built sites left out: `--output dist` inside the input is this build's output, not its input). */
async function hashTree(hash: Hash, digests: InputDigests, dir: string, patterns: string[] = ["**/*"]): Promise<void> {
  const files = await filesOutsideBuiltSites(dir, patterns);
  for (const rel of files) {
    const path = join(dir, rel);
    const info = statOrNone(path);
    if (!info?.isFile()) continue;
    hash.update(`${rel}\u0000${info.size}\u0000${await digests.digestOf(path, info)}\n`);
  }
  hash.update(`\u0001${files.length}\u0001`);
}

const packageVersion = (name: string): string => {
  try {
    const entry = import.meta.resolve(name);
    for (let dir = dirname(fileURLToPath(entry)); dir !== dirname(dir); dir = dirname(dir)) {
      const text = (() => {
        try {
          return readFileSync(join(dir, "package.json"), "utf8");
        } catch {
          return undefined;
        }
      })();
      if (text && (JSON.parse(text) as { name?: string }).name === name)
        return (JSON.parse(text) as { version: string }).version;
    }
  } catch {
    // not resolvable here: the name alone
  }
  return "?";
};

let codeHash: Promise<string> | undefined;

/** Every file of the package's code, templates and locales, its package.json and the renderers' versions. */
function packageFingerprint(digests: InputDigests): Promise<string> {
  codeHash ??= (async () => {
    const hash = createHash("sha256");
    for (const dir of [CODE_DIR, ...PACKAGE_DATA]) await hashTree(hash, digests, dir);
    hash.update(readFileSync(join(PACKAGE_ROOT, "package.json")));
    hash.update(JSON.stringify([process.version, packageVersion("@11ty/eleventy"), packageVersion("nunjucks")]));
    return hash.digest("base64url");
  })();
  return codeHash;
}

/** The hash of every input of a build, and the digests of its files (the dumps' let the build find
 *  their parsed-page cache entries without reading them). */
export interface InputsFingerprint {
  hash: string;
  digests: InputDigests;
}

/**
 * The hash of every input of a build with these options, or undefined when they cannot be known
 * from files (a database server, an attachment folder not hashed).
 */
export async function inputsFingerprint(options: InputOptions): Promise<InputsFingerprint | undefined> {
  const { db, attachmentsFolder, ...database } = options.database ?? {};
  if (db !== undefined || attachmentsFolder !== undefined) return undefined;
  const input = resolve(options.input);
  const info = await stat(input).catch(() => undefined);
  if (!info) return undefined;
  const digests = await InputDigests.open(digestsPath(input), resolve(RECORDS_DIR));
  const hash = createHash("sha256");
  hash.update(await packageFingerprint(digests));
  const pagesDir = resolve(options.pagesDir ?? join(input, "pages"));
  // Paths relative to the input: the same files elsewhere build the same site.
  hash.update(
    JSON.stringify({
      pagesDir: relative(input, pagesDir),
      baseUrl: options.baseUrl ?? null,
      siteUrl: options.siteUrl ?? null,
      search: options.search !== false,
      database,
    }),
  );
  if (info.isDirectory()) {
    await hashTree(hash, digests, input);
  } else {
    // A dump given as the input: it, and the project beside it (config, templates, assets …).
    hash.update(`${basename(input)}\u0000${await digests.digestOf(input, info)}\n`);
    await hashTree(hash, digests, dirname(input), ["*"]);
    for (const folder of PROJECT_FOLDERS) await hashTree(hash, digests, join(dirname(input), folder));
  }
  if (!pagesDir.startsWith(input + "/")) await hashTree(hash, digests, pagesDir);
  digests.save();
  return { hash: hash.digest("base64url"), digests };
}

/** The manifest and page fingerprints, and the size and mtime of every file of the manifest: what the output holds.
 *  A file one of `known` gives is not looked up: the build found it so itself (a kept page, see UnchangedPages,
 *  or a file it wrote), and a stamp told wrong only makes the next build build, as any change to the file would. */
function outputCheck(
  output: string,
  manifest: string,
  known: readonly ReadonlyMap<string, FileStamp>[] = [],
): string | undefined {
  const hash = createHash("sha256").update(manifest).update("\u0000");
  try {
    hash.update(readFileSync(join(output, FINGERPRINTS)));
  } catch {
    hash.update("no fingerprints");
  }
  // The files' lines hashed as one text: an update a file (35,400 at 10,000 threads) cost more than the lines.
  let lines = "";
  for (const rel of manifest.split("\n")) {
    if (rel === "") continue;
    let stamp: FileStamp | undefined;
    for (const stamps of known) if ((stamp = stamps.get(rel)) !== undefined) break;
    if (stamp !== undefined) {
      lines += `${rel}\u0000${stamp[0]}\u0000${stamp[1]}\n`;
      continue;
    }
    const info = lstatSync(join(output, rel), { throwIfNoEntry: false });
    if (!info?.isFile()) return undefined;
    lines += `${rel}\u0000${info.size}\u0000${info.mtimeMs}\n`;
  }
  return hash.update(lines).digest("base64url");
}

/**
 * The last build's summary when `inputs` is what it was built from and the output `published` is
 * still as it left it (and no interrupted build left a staging folder beside it); else undefined.
 */
export async function unchangedOutput(published: string, inputs: string): Promise<BuildSummary | undefined> {
  const record = await readFile(recordPath(published), "utf8").catch(() => undefined);
  const [header, recorded, check, summary] = record?.split("\n") ?? [];
  if (header !== RECORD_HEADER || recorded !== inputs || !check || !summary) return undefined;
  for (const leftover of [".building", ".previous"]) {
    const path = join(dirname(published), `.${basename(published)}${leftover}`);
    // The site the last build kept for the next to stage in (output/staging.ts) is no leftover.
    if (leftover === ".previous" && lstatSync(join(path, KEPT_MARKER), { throwIfNoEntry: false })) continue;
    if (lstatSync(path, { throwIfNoEntry: false })) return undefined;
  }
  const manifest = await readFile(join(published, MANIFEST), "utf8").catch(() => undefined);
  if (manifest === undefined || outputCheck(published, manifest) !== check) return undefined;
  return JSON.parse(summary) as BuildSummary;
}

/** Records what the build just published in `published` was made from, or forgets it (no `inputs`).
 *  Only a cache: when it cannot be written, the next build builds. `known` and `told`: the size and
 *  mtime of files of the output the build looked at itself (its kept pages) or wrote (the search
 *  index's files: 17,900 at 10,000 threads, the stamps its writes told), not looked up again. */
export async function recordInputs(
  published: string,
  inputs: string | undefined,
  summary: BuildSummary,
  known?: ReadonlyMap<string, FileStamp>,
  told?: FileStampList,
): Promise<void> {
  const path = recordPath(published);
  await rm(path, { force: true }).catch(() => {});
  if (inputs === undefined) return;
  const manifest = await readFile(join(published, MANIFEST), "utf8").catch(() => undefined);
  const stamps = [known, told && fileStampsOf(told)].filter((map) => map !== undefined);
  const check = manifest === undefined ? undefined : outputCheck(published, manifest, stamps);
  if (check === undefined) return;
  const kept = { ...summary, pagesUnchanged: summary.pagesWritten, staleRemoved: 0 };
  await mkdir(dirname(path), { recursive: true })
    .then(() => writeFile(path, `${RECORD_HEADER}\n${inputs}\n${check}\n${JSON.stringify(kept)}\n`))
    .catch(() => {});
}

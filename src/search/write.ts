// The build's search step: after Eleventy has written the site, put the split index, the
// search page's scripts and lunr itself under <outputDir>/search/ (templates/search.njk
// is the page). Nothing here runs on other pages: lunr loads only when a reader searches.
import { writeFileSync } from "node:fs";
import { copyFile, mkdir, rm, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Archive } from "../model.ts";
import { BROWSER_SCRIPTS } from "./lunr.ts";
import { streamIndexFiles } from "./shards.ts";

const require = createRequire(import.meta.url);
const clientDir = join(dirname(fileURLToPath(import.meta.url)), "client");
/** The page's own scripts, copied as they are (plain ES modules). */
const CLIENT_SCRIPTS = ["engine.js", "search-page.js"];
/** Folders of numbered index files, emptied first: their counts change with the archive. */
const INDEX_DIRS = ["shards", "docs", "lexicon", "lib"];

/** Normalises "", "/x", "x/" to "/", "/x/": the form every URL here is joined with. */
export function normaliseBaseUrl(baseUrl: string): string {
  const trimmed = baseUrl.replace(/^\/+|\/+$/g, "");
  return trimmed === "" ? "/" : `/${trimmed}/`;
}

export async function writeSearchIndex(
  archive: Archive,
  outputDir: string,
  baseUrl: string,
): Promise<{ files: number; bytes: number }> {
  const searchDir = join(outputDir, "search");
  for (const dir of INDEX_DIRS) {
    await rm(join(searchDir, dir), { recursive: true, force: true });
    await mkdir(join(searchDir, dir), { recursive: true });
  }

  // Each file is written as soon as it is complete, so no more than one is held in memory.
  const written = streamIndexFiles(archive, normaliseBaseUrl(baseUrl), (path, content) => {
    writeFileSync(join(searchDir, path), content);
  });
  let bytes = written.bytes;
  let count = written.files;
  const copies = [
    ...BROWSER_SCRIPTS.map(({ from, to }) => ({ from: require.resolve(from), to: join(searchDir, "lib", to) })),
    ...CLIENT_SCRIPTS.map((name) => ({ from: join(clientDir, name), to: join(searchDir, name) })),
  ];
  for (const { from, to } of copies) {
    await copyFile(from, to);
    bytes += (await stat(to)).size;
    count++;
  }
  return { files: count, bytes };
}

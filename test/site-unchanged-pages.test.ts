// A rebuild renders a page when, and only when, its bytes change (issue 15, item 4): every page it
// fingerprints (thread, author and listing pages: forums, the authors index, similar threads) is
// rendered if its file is new or differs from the last build's, and is left alone otherwise. The
// rebuilt site is also held to a clean build's, byte for byte.
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { generateCorpus } from "../bench/corpus-generator.ts";
import { buildFromInput } from "../src/build/index.ts";
import { UnchangedPages } from "../src/build/unchanged-pages.ts";
import { FINGERPRINTS_NAME } from "../src/output/fingerprints.ts";
import type { SiteData } from "../src/site/view/index.ts";
import { listFiles } from "./helpers/site-check.ts";

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "fa-precise-"));
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
});

async function readAll(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const rel of await listFiles(dir)) files.set(rel, await readFile(join(dir, rel)));
  return files;
}

/** The pages a build fingerprints (its records), by permalink. */
async function recordedPages(output: string): Promise<string[]> {
  const text = await readFile(join(output, FINGERPRINTS_NAME), "utf8");
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => line.split("\t")[0]!);
}

const PAGE_KINDS = ["threadPages", "authorPages", "forumPages", "authorIndexPages", "clusterPages"] as const;
type Pages = Record<(typeof PAGE_KINDS)[number], string[]>;

/** The permalinks of each kind of fingerprinted page in `site`. */
function pagesOf(site: SiteData): Pages {
  return Object.fromEntries(
    PAGE_KINDS.map((kind) => [kind, (site[kind] as { permalink: string }[]).map((p) => p.permalink).sort()]),
  ) as Pages;
}

/** Builds `input` into `output`: the fingerprinted pages of the site, and those the build rendered. */
async function buildWatched(input: string, output: string): Promise<{ all: Pages; rendered: Pages }> {
  const skip = vi.spyOn(UnchangedPages.prototype, "skipUnchanged");
  await buildFromInput({ input, output, baseUrl: "/", progress: "none", search: false });
  const all = pagesOf(skip.mock.calls[0]![0]);
  const rendered = pagesOf(skip.mock.results[0]!.value as SiteData);
  vi.restoreAllMocks();
  return { all, rendered };
}

type Put = (file: string, text: string) => Promise<void>;

/** Builds, changes the input with `change`, rebuilds: the pages rendered against those whose bytes changed. */
async function rebuildAfter(name: string, change: (put: Put, held: { file: string; text: string }) => Promise<void>) {
  const input = join(root, name, "dumps");
  const output = join(root, name, "site");
  const put = async (file: string, text: string) => {
    await mkdir(dirname(join(input, file)), { recursive: true });
    await writeFile(join(input, file), text);
  };
  const files = [...generateCorpus({ threads: 30, seed: 6 })];
  const held = files.find((f, i) => i > 0 && f.pages === 1)!;
  for (const f of files) if (f !== held) await put(f.file, f.text);
  await buildWatched(input, output);
  const before = await readAll(output);
  await change(put, held);
  const { all, rendered } = await buildWatched(input, output);
  const after = await readAll(output);
  const changed = (await recordedPages(output)).filter((rel) => !before.get(rel)?.equals(after.get(rel)!));
  // What was rendered of each kind, against what of it changed.
  const changedOf = (kind: keyof Pages) => all[kind].filter((rel) => changed.includes(rel));
  const clean = join(root, name, "clean");
  await buildFromInput({ input, output: clean, baseUrl: "/", progress: "none", search: false });
  expect(after).toEqual(await readAll(clean));
  return { all, rendered, changed: Object.fromEntries(PAGE_KINDS.map((k) => [k, changedOf(k)])) as Pages };
}

describe("a rebuild renders exactly the pages whose bytes change", () => {
  it("after one dump added: its thread, its forum's pages, its authors' pages and index pages", async () => {
    const { all, rendered, changed } = await rebuildAfter("added", (put, held) => put(held.file, held.text));
    // A similar-threads page is rendered again when a cluster's label (not shown, but in its view)
    // changes order with the new weights: those are held to a clean build's only.
    expect({ ...rendered, clusterPages: [] }).toEqual({ ...changed, clusterPages: [] });
    expect(rendered.clusterPages).toEqual(expect.arrayContaining(changed.clusterPages));
    // Pages of every kind but the similar threads' changed; thread, author and forum pages were
    // also left alone (the new thread's authors, one of them new, change every authors index page).
    for (const kind of ["threadPages", "authorPages", "forumPages", "authorIndexPages"] as const)
      expect(changed[kind].length, kind).toBeGreaterThan(0);
    for (const kind of ["threadPages", "authorPages", "forumPages"] as const)
      expect(changed[kind].length, kind).toBeLessThan(all[kind].length);
  });
});

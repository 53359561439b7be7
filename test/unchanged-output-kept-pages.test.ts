// The record of what a build published (build/unchanged-inputs.ts) holds the size and mtime of every
// file of its manifest. A rebuild has just looked up each page it kept (UnchangedPages, one lstat a
// page: at 10,000 threads, 17,300 of the site's 35,400 files): those stamps are handed over and not
// looked up again after the commit (issue 15). The record stays the one a lookup of every file makes.
import * as fs from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { recordInputs, unchangedOutput } from "../src/build/unchanged-inputs.ts";
import type { BuildSummary } from "../src/build/summary.ts";
import { type FileStamp, type FileStampList, fileStampOfSize } from "../src/output/fingerprints.ts";

vi.mock("node:fs", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs")>();
  return { ...actual, lstatSync: vi.fn(actual.lstatSync) };
});

const FILES = ["index.html", "forum/thread-1/index.html", "search/docs/a1.json"];
const summary = { threads: 1, pagesWritten: 3 } as unknown as BuildSummary;
let root: string;
let output: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "fa-kept-stamps-"));
  output = join(root, "site");
  for (const [index, rel] of FILES.entries()) {
    await mkdir(dirname(join(output, rel)), { recursive: true });
    await writeFile(join(output, rel), `file ${index}`);
  }
  await writeFile(join(output, ".forum-archive-files"), `${FILES.join("\n")}\n`);
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

/** The lstat calls made of the output's files while `run` runs. */
async function lookups(run: () => Promise<void>): Promise<string[]> {
  const lstat = vi.mocked(fs.lstatSync);
  lstat.mockClear();
  await run();
  return lstat.mock.calls.map(([path]) => String(path)).filter((path) => FILES.some((rel) => path.endsWith(rel)));
}

const stampOf = (rel: string): FileStamp => fileStampOfSize(output, rel, fs.statSync(join(output, rel)).size)!;

describe("the record of a build's output", () => {
  it("looks up only the files whose stamps the build did not hand over", async () => {
    const known = new Map([FILES[0], FILES[1]].map((rel) => [rel, stampOf(rel)] as const));
    const looked = await lookups(() => recordInputs(output, "inputs-1", summary, known));
    expect(looked).toEqual([`${output}/${FILES[2]}`]);
  });

  it("is the record a lookup of every file makes: the next build with nothing changed stops", async () => {
    expect(await unchangedOutput(output, "inputs-1")).toBeDefined();
    await recordInputs(output, "inputs-2", summary);
    expect(await unchangedOutput(output, "inputs-2")).toBeDefined();
  });

  it("looks up none of the files whose stamps the search index's writes told", async () => {
    const known = new Map([[FILES[0], stampOf(FILES[0])] as const]);
    const told: FileStampList = { names: [FILES[2]], values: Float64Array.from(stampOf(FILES[2])) };
    const looked = await lookups(() => recordInputs(output, "inputs-4", summary, known, told));
    expect(looked).toEqual([`${output}/${FILES[1]}`]);
    expect(await unchangedOutput(output, "inputs-4")).toBeDefined();
  });

  it("makes the next build build when a told stamp of the search index is not the file's", async () => {
    const [size, mtimeMs] = stampOf(FILES[2]);
    const told: FileStampList = { names: [FILES[2]], values: Float64Array.from([size + 1, mtimeMs]) };
    await recordInputs(output, "inputs-5", summary, undefined, told);
    expect(await unchangedOutput(output, "inputs-5")).toBeUndefined();
  });

  it("makes the next build build when a handed-over stamp is not the file's", async () => {
    const [size, mtimeMs] = stampOf(FILES[1]);
    const known = new Map<string, FileStamp>([[FILES[1], [size, mtimeMs - 1000]]]);
    await recordInputs(output, "inputs-3", summary, known);
    expect(await unchangedOutput(output, "inputs-3")).toBeUndefined();
  });
});

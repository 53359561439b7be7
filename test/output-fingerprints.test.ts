// A page is kept only while its file is the one the last build wrote: there, at the recorded size
// (output/fingerprints.ts). A page file deleted, truncated or shadowed by hand is rendered again.
import { lstatSync } from "node:fs";
import { mkdir, mkdtemp, rm, symlink, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileStampOfSize } from "../src/output/fingerprints.ts";

const fileHasSize = (output: string, rel: string, size: number) => fileStampOfSize(output, rel, size) !== undefined;

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "fa-fingerprints-"));
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe("a kept page's file", () => {
  const page = "forum/thread-1/index.html";
  const text = "<p>twelve b</p>"; // 15 bytes

  async function outputWithPage(name: string): Promise<string> {
    const output = join(root, name);
    await mkdir(join(output, "forum/thread-1"), { recursive: true });
    await writeFile(join(output, page), text);
    return output;
  }

  it("is found at the size recorded, and at no other", async () => {
    const output = await outputWithPage("same");
    // Its size and mtime, as the record of the output takes them (build/unchanged-inputs.ts).
    expect(fileStampOfSize(output, page, 15)).toEqual([15, lstatSync(join(output, page)).mtimeMs]);
    expect(fileHasSize(output, page, 14)).toBe(false);
    expect(fileHasSize(output, page, 16)).toBe(false);
  });

  it("is not found once deleted, truncated, or when a file stands where its folder was", async () => {
    const deleted = await outputWithPage("deleted");
    await rm(join(deleted, page));
    expect(fileHasSize(deleted, page, 15)).toBe(false);

    const truncated = await outputWithPage("truncated");
    await truncate(join(truncated, page), 4);
    expect(fileHasSize(truncated, page, 15)).toBe(false);

    const shadowed = join(root, "shadowed");
    await mkdir(join(shadowed, "forum"), { recursive: true });
    await writeFile(join(shadowed, "forum/thread-1"), text); // a stat of the page: ENOTDIR
    expect(fileHasSize(shadowed, page, 15)).toBe(false);

    // A symbolic link to a file of that size is not the page's file: the page is written as a file.
    const linked = await outputWithPage("linked");
    await writeFile(join(root, "elsewhere.html"), text);
    await rm(join(linked, page));
    await symlink(join(root, "elsewhere.html"), join(linked, page));
    expect(fileHasSize(linked, page, 15)).toBe(false);
  });
});

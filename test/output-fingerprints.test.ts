// A page is kept only while its file is the one the last build wrote: there, at the recorded size
// (output/fingerprints.ts). A page file deleted, truncated or shadowed by hand is rendered again.
import { mkdir, mkdtemp, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileHasSize } from "../src/output/fingerprints.ts";

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
    expect(fileHasSize(output, page, 15)).toBe(true);
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
  });
});

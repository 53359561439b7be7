// filesUnder (output/manifest.ts) lists what the search folder holds for the manifest: every regular
// file under a folder, named relative to the output with "/", folders and links left out.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { filesUnder } from "../src/output/manifest.ts";

const root = mkdtempSync(join(tmpdir(), "fa-files-under-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("filesUnder", () => {
  it("names every file under a folder relative to the output, through nested folders", async () => {
    const site = join(root, "site");
    for (const folder of ["search/docs", "search/lib/deep", "search/empty", "other"]) {
      mkdirSync(join(site, folder), { recursive: true });
    }
    for (const file of [
      "search/manifest.json",
      "search/docs/a.json",
      "search/docs/b.json.gz",
      "search/lib/deep/x.js",
    ]) {
      writeFileSync(join(site, file), file);
    }
    writeFileSync(join(site, "other/page.html"), "not under search");
    symlinkSync("a.json", join(site, "search/docs/link.json"));
    const files = await filesUnder(site, join(site, "search"));
    expect(files.sort()).toEqual([
      "search/docs/a.json",
      "search/docs/b.json.gz",
      "search/lib/deep/x.js",
      "search/manifest.json",
    ]);
    // The folder itself as the root: names without a prefix.
    expect((await filesUnder(join(site, "search/docs"), join(site, "search/docs"))).sort()).toEqual([
      "a.json",
      "b.json.gz",
    ]);
    expect(await filesUnder(site, join(site, "missing"))).toEqual([]);
  });
});

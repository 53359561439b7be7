// `forum-archive init` lays a project out with its dumps in dumps/ and tells the owner to build
// with `--input . --output dist`: the site is built inside the project folder, and the next
// build must not read the built pages back as dumps (they would be failures, or worse, threads).
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { listDumpFiles } from "../src/archive/files.ts";
import { buildFromInput, buildSteps } from "../src/build/index.ts";
import { MANIFEST_NAME } from "../src/output/manifest.ts";
import { BUILT_SITE_MARKER } from "../src/archive/files.ts";

const project = mkdtempSync(join(tmpdir(), "fa-project-"));
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe("a site built into its own project folder (--input . --output dist)", () => {
  it("is built, and built again, from the dumps alone", async () => {
    cpSync("seeds", join(project, "dumps"), { recursive: true });
    const options = { input: project, output: join(project, "dist"), baseUrl: "/", progress: "none" as const };
    const first = await buildFromInput(options);
    expect(first.failures).toEqual([]);
    expect(readdirSync(join(project, "dist"))).toContain("index.html");
    // The built pages are .html files inside the input folder; none of them is a dump.
    const dumps = await listDumpFiles(project);
    expect(dumps.every((file) => file.startsWith(`${project}/dumps/`))).toBe(true);
    // Nothing changed: the built site in the project is no input, so the rebuild stops at the hash.
    const load = vi.spyOn(buildSteps, "loadArchive");
    const second = await buildFromInput(options);
    expect(load).not.toHaveBeenCalled();
    load.mockRestore();
    expect(second.failures).toEqual([]);
    expect([second.threads, second.posts]).toEqual([first.threads, first.posts]);
  });

  it("knows a built site by the manifest every build writes", () => {
    expect(BUILT_SITE_MARKER).toBe(MANIFEST_NAME);
  });
});

// A rebuild tells V8 not to inline (build/compiler-tuning.ts); a first build keeps V8's defaults.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { compilerFlagsFor } from "../src/build/compiler-tuning.ts";

describe("compilerFlagsFor", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("sets nothing for an output no build wrote pages into", () => {
    dir = mkdtempSync(join(tmpdir(), "fa-tuning-"));
    expect(compilerFlagsFor(dir)).toEqual({ set: [], undo: [] });
    expect(compilerFlagsFor(join(dir, "missing"))).toEqual({ set: [], undo: [] });
  });

  it("turns TurboFan's inlining off for an output holding a last build's page fingerprints", () => {
    dir = mkdtempSync(join(tmpdir(), "fa-tuning-"));
    writeFileSync(join(dir, ".forum-archive-pages"), "");
    expect(compilerFlagsFor(dir)).toEqual({ set: ["--no-turbo-inlining"], undo: ["--turbo-inlining"] });
  });

  it("names flags this Node's V8 knows (an unknown one is ignored with a warning on stderr)", () => {
    dir = mkdtempSync(join(tmpdir(), "fa-tuning-"));
    writeFileSync(join(dir, ".forum-archive-pages"), "");
    const { set, undo } = compilerFlagsFor(dir);
    for (const flags of [set, undo]) {
      const run = spawnSync(process.execPath, [...flags, "-e", "0"], { encoding: "utf8" });
      expect(run.status).toBe(0);
      expect(run.stderr).toBe("");
    }
  });

  it("leaves the flag to a process started with it", () => {
    dir = mkdtempSync(join(tmpdir(), "fa-tuning-"));
    writeFileSync(join(dir, ".forum-archive-pages"), "");
    const script = `import { compilerFlagsFor } from ${JSON.stringify(new URL("../src/build/compiler-tuning.ts", import.meta.url).href)};
console.log(JSON.stringify(compilerFlagsFor(${JSON.stringify(dir)})));`;
    const run = spawnSync(
      process.execPath,
      ["--turbo-inlining", "--import", "tsx", "--input-type=module", "-e", script],
      {
        encoding: "utf8",
      },
    );
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({ set: [], undo: [] });
  });
});

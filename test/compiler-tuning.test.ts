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
    expect(compilerFlagsFor(dir)).toEqual([]);
    expect(compilerFlagsFor(join(dir, "missing"))).toEqual([]);
  });

  it("turns TurboFan's inlining off for an output holding a last build's page fingerprints", () => {
    dir = mkdtempSync(join(tmpdir(), "fa-tuning-"));
    writeFileSync(join(dir, ".forum-archive-pages"), "");
    expect(compilerFlagsFor(dir)).toEqual(["--no-turbo-inlining"]);
  });

  it("names flags this Node's V8 knows (an unknown one would be ignored with a warning)", () => {
    dir = mkdtempSync(join(tmpdir(), "fa-tuning-"));
    writeFileSync(join(dir, ".forum-archive-pages"), "");
    const run = spawnSync(process.execPath, [...compilerFlagsFor(dir), "-e", "0"], { encoding: "utf8" });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe("");
    const typo = spawnSync(process.execPath, ["--no-turbo-inlinin", "-e", "0"], { encoding: "utf8" });
    expect(typo.status !== 0 || typo.stderr !== "").toBe(true);
  });
});

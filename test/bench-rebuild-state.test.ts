// bench:build's --rebuild-runs restores a rebuild's starting state: the output and the site the last
// build kept beside it share most files' inodes (src/output/staging.ts), and a rebuild's cost depends
// on that sharing, so the copy must keep those hard links (a cpSync copy does not).
import { linkSync, lstatSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { copyEntry } from "../bench/build.ts";

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("bench:build's copy of a rebuild's state", () => {
  it("keeps the hard links between the output and the kept site, and the files' mtimes", () => {
    const root = mkdtempSync(join(tmpdir(), "bench-state-"));
    made.push(root);
    mkdirSync(join(root, "site/t"), { recursive: true });
    mkdirSync(join(root, ".site.previous/t"), { recursive: true });
    writeFileSync(join(root, "site/t/same.html"), "unchanged page");
    linkSync(join(root, "site/t/same.html"), join(root, ".site.previous/t/same.html"));
    writeFileSync(join(root, "site/t/new.html"), "page the last build wrote");
    writeFileSync(join(root, ".site.previous/t/new.html"), "page it replaced");
    const then = new Date("2026-01-02T03:04:05Z");
    utimesSync(join(root, "site/t/new.html"), then, then);

    mkdirSync(join(root, "copy"));
    const copied = new Map<string, string>();
    copyEntry(join(root, "site"), join(root, "copy/site"), copied);
    copyEntry(join(root, ".site.previous"), join(root, "copy/.site.previous"), copied);

    const ino = (path: string) => lstatSync(join(root, path)).ino;
    expect(ino("copy/site/t/same.html")).toBe(ino("copy/.site.previous/t/same.html"));
    expect(ino("copy/site/t/same.html")).not.toBe(ino("site/t/same.html"));
    expect(ino("copy/site/t/new.html")).not.toBe(ino("copy/.site.previous/t/new.html"));
    expect(lstatSync(join(root, "copy/site/t/new.html")).mtime.toISOString()).toBe(then.toISOString());
  });
});

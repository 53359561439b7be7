// What the search worker loads (src/search/worker-entry.ts and every module it imports, as loaded:
// type-only imports are erased): every module a worker loads costs it CPU on each build, and the
// slug library (@sindresorhus/slugify, through transliterate) builds a large pattern when loaded,
// for slugs the search index never makes.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");

/** The packages the modules from `entry` load, following relative imports and re-exports that are not type-only. */
function packagesLoadedBy(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, "utf8");
    for (const [, specifier] of source.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?\bfrom\s+"([^"]+)"/gms)) {
      if (!specifier!.startsWith(".")) {
        packages.add(specifier!);
        continue;
      }
      const path = resolve(dirname(file), specifier!);
      visit(existsSync(path) ? path : path.replace(/\.js$/, ".ts"));
    }
  };
  visit(join(ROOT, entry));
  return packages;
}

describe("the search worker's modules", () => {
  it("load lunr and node's own modules, and no slug library", () => {
    const packages = packagesLoadedBy("src/search/worker-entry.ts");
    // The walk reaches what the index needs: lunr and its languages, zlib for the copies.
    expect(packages).toContain("lunr");
    expect(packages).toContain("node:zlib");
    expect([...packages].filter((name) => /slug|translit/.test(name))).toEqual([]);
  });

  it("are found by the walk through a re-export too: the site's paths load the slug library", () => {
    expect(packagesLoadedBy("src/site/paths.ts")).toContain("@sindresorhus/slugify");
  });
});

// Compiles src/ into lib/, which bin/forum-archive.js runs: the TypeScript through tsc, the
// JavaScript files of src/ (the search page's browser scripts, the Eleventy config) copied as
// they are, byte for byte, since the build copies some of them into the site. Run by `npm install`
// (the `prepare` script), `npm pack` and `npm test`.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const src = join(root, "src");
const lib = join(root, "lib");
const typescript = dirname(createRequire(import.meta.url).resolve("typescript/package.json"));
const tsc = join(typescript, "bin", "tsc");

// Compiled beside lib/ and swapped in whole: a command running from lib/ meanwhile (a test, a build)
// never finds it missing or half written.
const next = join(root, `.lib.${process.pid}`);
rmSync(next, { recursive: true, force: true });
execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json"), "--outDir", next], { stdio: "inherit" });
for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith(".js")) continue;
  const from = join(entry.parentPath, entry.name);
  const to = join(next, relative(src, from));
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
}
const old = join(root, `.lib.old.${process.pid}`);
try {
  renameSync(lib, old);
} catch (error) {
  if (error.code !== "ENOENT") throw error;
}
renameSync(next, lib);
rmSync(old, { recursive: true, force: true });

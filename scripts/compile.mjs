// Compiles src/ into lib/, which bin/forum-archive.js runs: the TypeScript through tsc, the
// JavaScript files of src/ (the search page's browser scripts, the Eleventy config) copied as
// they are, byte for byte, since the build copies some of them into the site. Run by `npm install`
// (the `prepare` script), `npm pack` and `npm test`.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const src = join(root, "src");
const lib = join(root, "lib");
const typescript = dirname(createRequire(import.meta.url).resolve("typescript/package.json"));
const tsc = join(typescript, "bin", "tsc");

rmSync(lib, { recursive: true, force: true });
execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });
for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith(".js")) continue;
  const from = join(entry.parentPath, entry.name);
  const to = join(lib, relative(src, from));
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
}

// The package as npm would install it, without the network: the files `npm pack` would ship,
// copied into <project>/node_modules/forum-archive/, the dependencies beside it, run from a
// project whose .gitignore lists node_modules/ (as most do). It must build the sample with
// every page. (scripts/check-package.sh does the real npm pack and install, production
// dependencies only.)
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { listFiles } from "./helpers/site-check.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const project = mkdtempSync(join(tmpdir(), "fa-installed-"));

afterAll(() => rmSync(project, { recursive: true, force: true }));

function install(): string {
  const packed = JSON.parse(
    execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8" }),
  ) as { files: { path: string }[] }[];
  const home = join(project, "node_modules", "forum-archive");
  for (const { path } of packed[0]!.files) {
    mkdirSync(dirname(join(home, path)), { recursive: true });
    cpSync(join(ROOT, path), join(home, path));
  }
  for (const name of readdirSync(join(ROOT, "node_modules"))) {
    if (name.startsWith(".") || name === "forum-archive") continue;
    symlinkSync(join(ROOT, "node_modules", name), join(project, "node_modules", name));
  }
  writeFileSync(join(project, ".gitignore"), "node_modules/\n");
  return join(home, "bin", "forum-archive.js");
}

describe("the installed package", () => {
  it("builds the sample, every page, from inside node_modules/", async () => {
    const bin = install();
    const run = spawnSync(process.execPath, [bin, "build", "--input", join(ROOT, "seeds"), "--output", "site"], {
      cwd: project,
      encoding: "utf8",
    });
    expect(run.status, run.stderr).toBe(0);
    const files = await listFiles(join(project, "site"));
    // The sample's one thread, its five authors and their index in two orders, its forum, the
    // home, about, search and 404 pages.
    const pages = ["index.html", "404.html", "about/index.html", "search/index.html", "feed.xml", "sitemap.xml"];
    for (const page of [...pages, "authors/index.html", "authors/by_name/index.html"]) expect(files).toContain(page);
    const authorPages = files.filter(
      (f) => /^authors\/[^/]+\/index\.html$/.test(f) && f !== "authors/by_name/index.html",
    );
    expect(authorPages).toHaveLength(5);
    expect(run.stdout).toMatch(/Built 1 thread, 10 posts, 5 authors: 17 pages written/);
  });
});

// `serve` previews what a static host would publish (issue 13): not the build's own records
// (.forum-archive-files lists every file), not dot folders (a .git), not the host's configuration
// files, and nothing a symbolic link in the output leads to outside it.
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileForPath, isPublished, startStaticServer, type StaticServer } from "../src/cli/static-server.ts";

let dir: string;
let outside: string;
let server: StaticServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "fa-serve-dot-"));
  outside = await mkdtemp(join(tmpdir(), "fa-serve-outside-"));
  await writeFile(join(dir, "index.html"), "<p>home</p>");
  await writeFile(join(dir, "404.html"), "<p>missing</p>");
  await writeFile(join(dir, ".forum-archive-files"), "index.html\n404.html\n");
  await mkdir(join(dir, ".git"));
  await writeFile(join(dir, ".git", "config"), "[core]\n");
  await mkdir(join(dir, "t"));
  await writeFile(join(dir, "t", ".index.html.swp"), "editor backup");
  await writeFile(join(dir, "t", "index.html"), "<p>thread</p>");
  await writeFile(join(dir, "_redirects"), "/old /t/ 301\n");
  await writeFile(join(outside, "secret.txt"), "not the site's");
  await symlink(join(outside, "secret.txt"), join(dir, "secret.txt"));
  server = await startStaticServer(dir, "/");
});
afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  if (outside) await rm(outside, { recursive: true, force: true });
});

describe("what serve answers", () => {
  it("publishes pages, not dot files, dot folders or the host's configuration", () => {
    expect(isPublished("t/index.html")).toBe(true);
    expect(isPublished("")).toBe(true);
    expect(isPublished(".forum-archive-files")).toBe(false);
    expect(isPublished(".git/config")).toBe(false);
    expect(isPublished("t/.index.html.swp")).toBe(false);
    expect(isPublished("_redirects")).toBe(false);
    expect(isPublished("_headers")).toBe(false);
    expect(fileForPath(dir, "/", "/.forum-archive-files")).toBeUndefined();
    expect(fileForPath(dir, "/", "/%2Egit/config")).toBeUndefined();
    expect(fileForPath(dir, "/", "/t/")).toBe(join(dir, "t", "index.html"));
  });

  it("answers 404 for them over HTTP, and for a link leading out of the folder", async () => {
    for (const path of [
      ".forum-archive-files",
      ".git/config",
      "%2egit/config",
      "t/.index.html.swp",
      "_redirects",
      "secret.txt",
    ]) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).toBe("<p>missing</p>");
    }
    const page = await fetch(`${server.url}t/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toBe("<p>thread</p>");
  });
});

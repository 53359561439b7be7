// `forum-archive similar DIR --json`: every thread with its computed similar threads, for scripts.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "forum-archive-similar-"));
cpSync("seeds/crossfit-back-spasms-from-running.txt", join(dir, "sample.txt"));
for (const name of ["same-title-a.txt", "same-title-b.txt", "en-legacy.txt", "de-legacy.txt", "cp1252.txt"])
  cpSync(join("test/fixtures", name), join(dir, name));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Entry {
  id: string;
  url: string;
  title: string;
  source: { files: string[] };
  similar: { id: string; url: string; score: number }[];
}
const run = () =>
  execFileSync("node", ["bin/forum-archive.js", "similar", dir, "--json"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });

describe("similar --json", () => {
  const output = run();
  const entries = JSON.parse(output) as Entry[];
  const byFile = (name: string) => entries.find((entry) => entry.source.files.some((file) => file.endsWith(name)))!;

  it("prints every thread with id, url, title, source files and its list", () => {
    expect(entries).toHaveLength(6);
    for (const entry of entries) {
      expect(entry.id).toMatch(/^[0-9a-f]+$/);
      expect(entry.url.startsWith("/") && entry.url.endsWith("/")).toBe(true);
      expect(Array.isArray(entry.similar)).toBe(true);
      for (const similar of entry.similar) {
        expect(entries.some((other) => other.id === similar.id && other.url === similar.url)).toBe(true);
        expect(similar.id).not.toBe(entry.id);
      }
    }
  });

  it("the back-spasm threads find each other, not the rowing or brake threads", () => {
    const backThreads = new Set(["sample.txt", "same-title-a.txt", "same-title-b.txt"].map((name) => byFile(name).id));
    const sample = byFile("sample.txt");
    expect(sample.similar.length).toBeGreaterThan(0);
    for (const similar of sample.similar) expect(backThreads.has(similar.id)).toBe(true);
    for (const name of ["en-legacy.txt", "de-legacy.txt", "cp1252.txt"]) {
      for (const similar of byFile(name).similar) expect(backThreads.has(similar.id)).toBe(false);
    }
  });

  it("is deterministic", () => {
    expect(run()).toBe(output);
  });
});

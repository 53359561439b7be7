// readFirstLines (archive/cache-file.ts): the start of a cache file read up to its first lines' ends, the
// one shared reader of the page cache's two head lines and the thread cache's checksum and header lines.
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readFirstLines } from "../src/archive/cache-file.ts";

const work = mkdtempSync(join(tmpdir(), "fa-first-lines-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function withFile<T>(name: string, text: string, use: (fd: number) => T): T {
  const path = join(work, name);
  writeFileSync(path, text, "latin1");
  const fd = openSync(path, "r");
  try {
    return use(fd);
  } finally {
    closeSync(fd);
  }
}

describe("readFirstLines", () => {
  it("finds the lines' ends within the Buffer it was given, and returns that Buffer", () => {
    const into = Buffer.alloc(64);
    const head = withFile("short", "abc\nde\nrest of the file\n", (fd) => readFirstLines(fd, 2, into))!;
    expect(head.bytes).toBe(into);
    expect(head.ends).toEqual([3, 6]);
    expect(head.bytes.toString("latin1", 4, 6)).toBe("de");
  });

  it("reads on into a larger Buffer when a line runs past the one given", () => {
    const long = "x".repeat(5000);
    const head = withFile("long", `12345678\n${long}\npacked`, (fd) => readFirstLines(fd, 2, Buffer.alloc(16)))!;
    expect(head.bytes.length).toBeGreaterThanOrEqual(5010);
    expect(head.ends).toEqual([8, 5009]);
    expect(head.bytes.toString("latin1", 9, 5009)).toBe(long);
  });

  it("is undefined when the file ends before the last wanted line does", () => {
    expect(withFile("cut", "checksum\nheader without its end", (fd) => readFirstLines(fd, 2, Buffer.alloc(8)))).toBe(
      undefined,
    );
    expect(withFile("empty", "", (fd) => readFirstLines(fd, 1, Buffer.alloc(8)))).toBe(undefined);
  });
});

// A cache file is read as bytes: its checksum is taken over the payload's bytes as they lie in the
// file, and the text is decoded once for the format's parse, never encoded again to be hashed
// (issue 15: a rebuild's search worker reads every search cache file, ~18 MB at 2,000 threads).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { removeTempDirs, tempDir } from "./helpers/temp-dirs.ts";

afterAll(removeTempDirs);

/** What each checksum taken while `hashed` is on was given (cache-file.ts: zlib's CRC-32): a string, or bytes. */
const hashedInputs: string[] = [];
let hashed = false;
vi.mock("node:zlib", async (original) => {
  const zlib = await original<typeof import("node:zlib")>();
  const crc32: typeof zlib.crc32 = (data, value) => {
    if (hashed) hashedInputs.push(typeof data === "string" ? "string" : "bytes");
    return zlib.crc32(data, value);
  };
  return { ...zlib, crc32 };
});

const { CacheShards } = await import("../src/archive/cache-shards.ts");

const TEXT_FORMAT = {
  extension: ".txt",
  parse: (payload: Buffer) =>
    new Map(
      payload
        .toString("utf8")
        .split("\n")
        .map((line) => line.split(" ") as [string, string]),
    ),
  serialize: (entries: Map<string, string>) => [...entries].map((pair) => pair.join(" ")).join("\n"),
};

describe("CacheShards reading a file", () => {
  it("checks the payload's bytes as read and gives the format its text, other scripts' letters included", () => {
    const dir = tempDir("cache-shards-read-");
    const first = new CacheShards(dir, TEXT_FORMAT);
    first.keep("ab01", "Übung→σκίουρος😀", true);
    first.keep("ab02", "plain", true);
    first.save();
    hashed = true;
    const second = new CacheShards(dir, TEXT_FORMAT);
    hashed = false;
    expect(second.former("ab01")).toBe("Übung→σκίουρος😀");
    expect(second.former("ab02")).toBe("plain");
    expect(hashedInputs).toEqual(["bytes"]);
  });

  it("reads a file whose bytes differ from its checksum's as no entries", () => {
    const dir = tempDir("cache-shards-read-");
    const first = new CacheShards(dir, TEXT_FORMAT);
    first.keep("ab01", "Übung", true);
    first.save();
    const path = join(dir, "ab.txt");
    const bytes = readFileSync(path);
    // The Ü's second byte changed: text that no longer decodes as the UTF-8 that was hashed.
    bytes[bytes.indexOf(0xc3) + 1] = 0xff;
    writeFileSync(path, bytes);
    expect(new CacheShards(dir, TEXT_FORMAT).former("ab01")).toBeUndefined();
  });
});

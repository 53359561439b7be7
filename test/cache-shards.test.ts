// The file store of the per-thread caches (similar words, search terms): what one build keeps the
// next reads, a damaged file is a miss, and entries a build did not use are dropped.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { removeTempDirs, tempDir } from "./helpers/temp-dirs.ts";
import { CacheShards, type ShardFormat } from "../src/archive/cache-shards.ts";

afterAll(removeTempDirs);

const JSON_FORMAT: ShardFormat<number[]> = {
  extension: ".json",
  parse: (payload) => new Map(Object.entries(JSON.parse(payload.toString("utf8")) as Record<string, number[]>)),
  serialize: (entries) => JSON.stringify(Object.fromEntries(entries)),
};

const fresh = () => tempDir("cache-shards-");

describe("CacheShards", () => {
  it("gives the next build what this one kept, by key, in files by the key's first two digits", () => {
    const dir = fresh();
    const first = new CacheShards(dir, JSON_FORMAT);
    expect(first.former("ab01")).toBeUndefined();
    first.keep("ab01", [1, 2], true);
    first.keep("ab02", [3], true);
    first.keep("cd01", [4], true);
    first.save();
    expect(readdirSync(dir).sort()).toEqual(["ab.json", "cd.json"]);
    const second = new CacheShards(dir, JSON_FORMAT);
    expect(second.former("ab01")).toEqual([1, 2]);
    expect(second.former("ab02")).toEqual([3]);
    expect(second.former("cd01")).toEqual([4]);
    expect(second.former("cd02")).toBeUndefined();
  });

  it("drops entries a build did not keep, and files left with none", () => {
    const dir = fresh();
    const first = new CacheShards(dir, JSON_FORMAT);
    first.keep("ab01", [1], true);
    first.keep("ab02", [2], true);
    first.keep("cd01", [3], true);
    first.save();
    const second = new CacheShards(dir, JSON_FORMAT);
    second.keep("ab01", second.former("ab01")!, false);
    second.save();
    expect(readdirSync(dir)).toEqual(["ab.json"]);
    const third = new CacheShards(dir, JSON_FORMAT);
    expect(third.former("ab01")).toEqual([1]);
    expect(third.former("ab02")).toBeUndefined();
  });

  it("reads a file whose payload does not match its checksum as no entries, and writes it again", () => {
    const dir = fresh();
    const first = new CacheShards(dir, JSON_FORMAT);
    first.keep("ab01", [1], true);
    first.save();
    const path = join(dir, "ab.json");
    writeFileSync(path, readFileSync(path, "utf8").replace("[1]", "[7]"));
    const second = new CacheShards(dir, JSON_FORMAT);
    expect(second.former("ab01")).toBeUndefined();
    second.keep("ab01", [1], true);
    second.save();
    expect(new CacheShards(dir, JSON_FORMAT).former("ab01")).toEqual([1]);
  });

  it("reads only its own files", () => {
    const dir = fresh();
    writeFileSync(join(dir, "ab.txt"), "not ours\n{}");
    writeFileSync(join(dir, "notes.json"), "{}");
    const cache = new CacheShards(dir, JSON_FORMAT);
    cache.keep("ab01", [1], true);
    cache.save();
    expect(readdirSync(dir).sort()).toEqual(["ab.json", "ab.txt", "notes.json"]);
  });
});

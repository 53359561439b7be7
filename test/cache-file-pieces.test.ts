// Checked cache files written from pieces (archive/cache-file.ts): the bytes laid one after another, with
// no copy made to join them, and the checksum that of the pieces joined, so a reader tells them whole.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkedPayloadOf, checksumOf, checksumOfAll, writeCheckedFile } from "../src/archive/cache-file.ts";

const work = mkdtempSync(join(tmpdir(), "fa-cache-pieces-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("a checked file written from pieces", () => {
  const pieces = [Buffer.from("head\n"), Buffer.alloc(0), Buffer.from("Zürich "), Buffer.from("東京")];
  const joined = Buffer.from("head\nZürich 東京");

  it("holds the pieces joined, after the checksum of them joined (empty pieces left out)", () => {
    expect(checksumOfAll(pieces)).toBe(checksumOf(joined));
    expect(checksumOfAll([])).toBe(checksumOf(Buffer.alloc(0)));
    const folder = join(work, "made-now"); // made by the write
    const path = join(folder, "file");
    writeCheckedFile(folder, path, `${path}.tmp`, pieces);
    const file = readFileSync(path);
    expect(file.toString()).toBe(`${checksumOf(joined)}\nhead\nZürich 東京`);
    expect(checkedPayloadOf(file)?.equals(joined)).toBe(true);
  });

  it("is the file one piece of the same bytes makes", () => {
    const one = join(work, "one");
    const many = join(work, "many");
    writeCheckedFile(work, one, `${one}.tmp`, joined);
    writeCheckedFile(work, many, `${many}.tmp`, pieces);
    expect(readFileSync(many).equals(readFileSync(one))).toBe(true);
  });
});

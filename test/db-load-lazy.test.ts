// The database reader (SQL, a MySQL client, image sizes) is imported only by a build that reads a
// database (issue 15): a build of text dumps or saved pages is spared its module loading.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { readDatabaseInputs } from "../src/input/vbulletin-db/load.ts";

const imported = vi.hoisted(() => ({ reader: false }));
vi.mock("../src/input/vbulletin-db/index.ts", async (original) => {
  imported.reader = true;
  return await original();
});

const work = mkdtempSync(join(tmpdir(), "fa-db-lazy-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("database inputs, looked for by every build", () => {
  it("are not read, nor their reader imported, in a folder of text dumps", async () => {
    const input = join(work, "text");
    mkdirSync(join(input, "forum"), { recursive: true });
    writeFileSync(join(input, "forum", "thread.txt"), "not read here\n");
    // A dump in a subfolder is no database input: only the top of the folder is looked at.
    writeFileSync(join(input, "forum", "old.sql"), "-- not read here\n");
    expect(await readDatabaseInputs(input)).toBeUndefined();
    expect(imported.reader).toBe(false);
  });

  it("are read, the reader imported then, when the folder holds a dump at its top", async () => {
    const input = join(work, "board");
    mkdirSync(input);
    copyFileSync(join(import.meta.dirname, "fixtures", "db", "vb38-utf8.sql"), join(input, "board.sql"));
    const read = await readDatabaseInputs(input);
    expect(imported.reader).toBe(true);
    expect(read?.threads.length).toBeGreaterThan(0);
    expect(read?.files).toBe(1);
  });
});

// A dump's tables may come in any order (mysqldump sorts them by name, but a dump of selected
// tables, a prefix, or a hand-made export need not). The public Location (userfield.field2) is
// decided by its profilefield row: read in either order, published only when that row says public.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDatabaseInput } from "../src/input/vbulletin-db/index.ts";
import type { Thread } from "../src/model.ts";

const FIXTURE = join(import.meta.dirname, "fixtures", "db", "vb38-utf8.sql");
const SECTION = "--\n-- Table structure for table `";

let folder: string;
let original: string;

/** The dump with the `profilefield` table's section moved to the end, after `userfield`. */
function profileFieldsLast(dump: string): string {
  const sections = dump.split(SECTION);
  const index = sections.findIndex((section) => section.startsWith("profilefield`"));
  expect(index).toBeGreaterThan(0);
  const [moved] = sections.splice(index, 1);
  // The last section ends with mysqldump's closing lines; the moved one goes before them.
  const last = sections.pop()!;
  const end = last.indexOf("/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;");
  expect(end).toBeGreaterThan(0);
  return [...sections, last.slice(0, end), moved].join(SECTION) + last.slice(end);
}

/** Field 2 (Location) made hidden in the profilefield rows. */
const locationHidden = (dump: string) => {
  const hidden = dump.replace("(2,0,0,0,250,25,0,1,'input',0)", "(2,0,0,1,250,25,0,1,'input',0)");
  expect(hidden).not.toBe(dump);
  return hidden;
};

async function locations(dump: string, name: string): Promise<Record<string, string | undefined>> {
  const file = join(folder, name);
  await writeFile(file, dump);
  const { threads } = await readDatabaseInput({ file });
  const byName: Record<string, string | undefined> = {};
  for (const post of threads.flatMap((thread: Thread) => thread.posts)) byName[post.author.name] = post.author.location;
  return byName;
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "fa-db-order-"));
  original = await readFile(FIXTURE, "utf8");
});
afterAll(() => rm(folder, { recursive: true, force: true }));

describe("a dump whose userfield table comes before profilefield", () => {
  it("the moved dump really has userfield first", () => {
    const moved = profileFieldsLast(original);
    expect(moved.indexOf("INSERT INTO `userfield`")).toBeLessThan(moved.indexOf("INSERT INTO `profilefield`"));
    expect(original.indexOf("INSERT INTO `userfield`")).toBeGreaterThan(original.indexOf("INSERT INTO `profilefield`"));
  });

  it("keeps the public Location, as the sorted dump does", async () => {
    const sorted = await locations(original, "sorted.sql");
    const moved = await locations(profileFieldsLast(original), "moved.sql");
    // From the fixture's userfield rows: Alice (1) in Berlin, Zoë (3) in Köln; Bob has no row.
    expect(sorted).toMatchObject({ Alice: "Berlin", Zoë: "Köln", "Bob & Co": undefined });
    expect(moved).toEqual(sorted);
  });

  it("publishes no Location when its field is hidden, in either order", async () => {
    for (const [name, dump] of [
      ["hidden-sorted.sql", locationHidden(original)],
      ["hidden-moved.sql", profileFieldsLast(locationHidden(original))],
    ] as const) {
      const byName = await locations(dump, name);
      expect(Object.keys(byName), name).toContain("Alice");
      expect(Object.values(byName).filter(Boolean), name).toEqual([]);
    }
  });
});

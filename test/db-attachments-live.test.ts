// Attachments from a live MariaDB (started privately, see fixtures/db/server.ts) loaded with the
// attachment fixture dumps and the vBulletin 5 one: --db with --attachments writes the same site,
// files and pages, as the dump file does, byte for byte; and the command line takes --attachments alone.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { buildFromInput } from "../src/build/index.ts";
import { main } from "../src/cli/index.ts";
import { serverForTests, type TestServer } from "./fixtures/db/server.ts";
import { listFiles } from "./helpers/site-check.ts";

const FIXTURES = join(import.meta.dirname, "fixtures", "db");
const DUMPS = {
  vb38attachments: "vb38-attachments.sql",
  vb42attachments: "vb42-attachments.sql",
  vb5attachments: "vb5-utf8.sql",
} as const;
/** Files each board's published posts have (data-attachments-*.sql: post 112's and 113's; data-vb5.sql: node 107). */
const FILES: Record<keyof typeof DUMPS, number> = { vb38attachments: 10, vb42attachments: 10, vb5attachments: 1 };

let server: TestServer | undefined;
let root: string;

beforeAll(async () => {
  server = await serverForTests();
  root = await mkdtemp(join(tmpdir(), "fa-db-attachments-live-"));
  if (!server) return;
  for (const [database, dump] of Object.entries(DUMPS)) server.load(database, join(FIXTURES, dump));
});

afterAll(async () => {
  await server?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

describe("attachments from a live database", () => {
  for (const [database, dump] of Object.entries(DUMPS)) {
    it(`writes the same files and pages as its dump (${dump})`, async (context) => {
      if (!server) return context.skip();
      const fromDump = join(root, `${database}-dump`);
      const fromDb = join(root, `${database}-db`);
      const common = { baseUrl: "/", progress: "none", pagesDir: join(root, "no-pages"), search: false } as const;
      await buildFromInput({
        ...common,
        input: join(FIXTURES, dump),
        output: fromDump,
        database: { attachments: true },
      });
      await buildFromInput({
        ...common,
        input: join(root, "unused"),
        output: fromDb,
        database: { db: server.url(database), attachments: true },
      });
      const files = await listFiles(fromDump);
      expect(files.filter((file) => file.startsWith("attachments/")).length).toBe(
        FILES[database as keyof typeof DUMPS],
      );
      expect(await listFiles(fromDb)).toEqual(files);
      for (const file of files)
        expect((await readFile(join(fromDb, file))).equals(await readFile(join(fromDump, file))), file).toBe(true);
    });
  }
});

describe("--attachments on the command line", () => {
  it("alone, after the other options, puts the files into the output (the search index beside them)", async () => {
    const output = join(root, "cli");
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    let code: number;
    try {
      code = await main([
        "build",
        "--input",
        join(FIXTURES, "vb42-attachments.sql"),
        "--output",
        output,
        "--attachments",
      ]);
    } finally {
      log.mockRestore();
    }
    expect(code).toBe(0);
    const files = await listFiles(output);
    expect(files).toContain("attachments/example-forums/10/red-dot.png");
    expect(files.some((file) => file.startsWith("search/"))).toBe(true);
  });
});

// A live MariaDB (started privately by the test, see fixtures/db/server.ts), loaded with the
// fixture dumps: the site built with --db equals the site built from the dump file, byte for byte.
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { buildFromInput } from "../src/build/index.ts";
import { main } from "../src/cli/index.ts";
import { readDatabaseInput } from "../src/input/vbulletin-db/index.ts";
import { PASSWORD_VARIABLE } from "../src/input/vbulletin-db/live.ts";
import { serverForTests, type TestServer } from "./fixtures/db/server.ts";
import { NEVER_PUBLISHED } from "./fixtures/db/secrets.ts";
import { listFiles } from "./helpers/site-check.ts";

const FIXTURES = join(import.meta.dirname, "fixtures", "db");
const DUMPS = {
  vb38utf8: "vb38-utf8.sql",
  vb38latin1: "vb38-latin1.sql",
  vb42: "vb42-latin1-utf8bytes.sql.gz",
  vb5: "vb5-utf8.sql",
} as const;
const PASSWORD = "pw-that-must-never-show-9f3e";

let server: TestServer | undefined;
let root: string;
/** With --db, the input folder holds only pages/ (here none). */
let input: string;

beforeAll(async () => {
  server = await serverForTests();
  root = await mkdtemp(join(tmpdir(), "fa-db-live-"));
  input = join(root, "empty-input");
  await mkdir(input);
  if (!server) return;
  for (const [database, dump] of Object.entries(DUMPS)) server.load(database, join(FIXTURES, dump));
  server.load("mysql", join(FIXTURES, "reader-user.sql"));
});

afterAll(async () => {
  await server?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

async function sameTree(a: string, b: string): Promise<void> {
  const files = await listFiles(a);
  expect(files.length).toBeGreaterThan(10);
  expect(await listFiles(b)).toEqual(files);
  for (const file of files)
    expect((await readFile(join(b, file))).equals(await readFile(join(a, file))), file).toBe(true);
}

describe("a live vBulletin database", () => {
  for (const [database, dump] of Object.entries(DUMPS)) {
    it(`builds the same site as its dump (${dump})`, async (context) => {
      if (!server) return context.skip();
      const fromDump = join(root, `${database}-dump`);
      const fromDb = join(root, `${database}-db`);
      const pagesDir = join(root, "no-pages");
      await buildFromInput({ input: join(FIXTURES, dump), output: fromDump, baseUrl: "/", progress: "none", pagesDir });
      await buildFromInput({
        input,
        output: fromDb,
        baseUrl: "/",
        progress: "none",
        pagesDir,
        database: { db: server.url(database) },
      });
      await sameTree(fromDump, fromDb);
    });
  }

  it("reads the same threads, warnings aside from where they were read", async (context) => {
    if (!server) return context.skip();
    const live = await readDatabaseInput({ db: server.url("vb42") });
    const dump = await readDatabaseInput({ file: join(FIXTURES, DUMPS.vb42) });
    const plain = (threads: typeof live.threads) =>
      JSON.stringify(
        threads.map((t) => ({ ...t, posts: t.posts.map((p) => ({ ...p })) })),
        (key, value) => (key === "source" ? undefined : value),
      );
    expect(plain(live.threads)).toBe(plain(dump.threads));
    expect(live.leftOut).toEqual(dump.leftOut);
    expect(live.warnings.map((warning) => warning.message)).toEqual(dump.warnings.map((warning) => warning.message));
    expect(live.source).toMatch(/^mysql:\/\/root@localhost\/vb42$/);
  });

  it("takes the password from the environment and never prints it", async (context) => {
    if (!server) return context.skip();
    const output = join(root, "with-password");
    const printed: string[] = [];
    const write = (chunk: string | Uint8Array) => (printed.push(String(chunk)), true);
    const [out, err] = [process.stdout.write, process.stderr.write];
    process.stdout.write = write as typeof process.stdout.write;
    process.stderr.write = write as typeof process.stderr.write;
    const log = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void printed.push(args.join(" ")));
    process.env[PASSWORD_VARIABLE] = PASSWORD;
    const url = server.url("vb38utf8").replace("root@", "archiver@");
    let code: number;
    let wrong: number;
    try {
      code = await main(["build", "--db", url, "--input", input, "--output", output]);
      process.env[PASSWORD_VARIABLE] = "not-the-password";
      wrong = await main(["check", "--db", url]);
    } finally {
      delete process.env[PASSWORD_VARIABLE];
      log.mockRestore();
      process.stdout.write = out;
      process.stderr.write = err;
    }
    expect(code).toBe(0);
    expect(wrong).toBe(1);
    const all = printed.join("");
    expect(all).toContain("Built 3 threads, 9 posts");
    expect(all).toMatch(/cannot connect to the database .* as archiver: ER_ACCESS_DENIED_ERROR/);
    expect(all).not.toContain(PASSWORD);
    expect(all).not.toContain("not-the-password");
    for (const file of await listFiles(output)) {
      const text = (await readFile(join(output, file))).toString("latin1");
      expect(text.includes(PASSWORD), file).toBe(false);
      for (const secret of NEVER_PUBLISHED) expect(text.includes(secret), `${file} holds ${secret}`).toBe(false);
    }
  });

  it("builds with --db alone: no --input needed, the working folder is the project", async (context) => {
    if (!server) return context.skip();
    const project = join(root, "db-project");
    await mkdir(project, { recursive: true });
    const before = process.cwd();
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    let code: number;
    try {
      process.chdir(project); // no seeds/ here: the default --input must not be needed
      code = await main(["build", "--db", server.url("vb38utf8"), "--output", "site"]);
    } finally {
      process.chdir(before);
      log.mockRestore();
    }
    expect(code).toBe(0);
    expect(await listFiles(join(project, "site"))).toContain("index.html");
  });
});

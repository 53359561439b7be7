// The command line with vBulletin dumps: build --input backup.sql.gz, a dump inside the input
// folder, check's report of what is left out, and clear messages for bad input.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../src/cli/index.ts";
import { listFiles } from "./helpers/site-check.ts";

const FIXTURES = join(import.meta.dirname, "fixtures", "db");
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "fa-db-cli-"));
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => (out.push(String(chunk)), true));
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => (err.push(String(chunk)), true));
  const log = vi
    .spyOn(console, "log")
    .mockImplementation((...parts: unknown[]) => void out.push(`${parts.join(" ")}\n`));
  try {
    return { code: await main(args), out: out.join(""), err: err.join("") };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    log.mockRestore();
  }
}

describe("the command line with vBulletin dumps", () => {
  it("builds from a .sql.gz given as --input", async () => {
    const output = join(root, "from-gz");
    const result = await run(["build", "--input", join(FIXTURES, "vb42-latin1-utf8bytes.sql.gz"), "--output", output]);
    expect(result.code).toBe(0);
    expect(result.out).toContain("Built 3 threads, 9 posts, 5 authors");
    expect(
      (await listFiles(output)).some((file) => file.startsWith("example-forums/uebersicht-and-cafe/cafe-talk-")),
    ).toBe(true);
  });

  it("reads a dump inside the input folder with the folder's other dumps", async () => {
    const input = join(root, "folder");
    await mkdir(input);
    await cp(join(FIXTURES, "vb38-utf8.sql"), join(input, "board.sql"));
    await cp(join(import.meta.dirname, "..", "seeds"), join(input, "seeds"), { recursive: true });
    const output = join(root, "from-folder");
    const result = await run(["build", "--input", input, "--output", output]);
    expect(result.code).toBe(0);
    const files = await listFiles(output);
    expect(files.some((file) => file.startsWith("example-forums/general-discussion/welcome-to-the-forums-"))).toBe(
      true,
    );
    expect(files.some((file) => file.startsWith("crossfit-discussion-board/"))).toBe(true);
  });

  it("check and parse read a dump at the top of a folder, as build does, beside the folder's pages", async () => {
    const alone = join(root, "check-folder");
    await mkdir(alone);
    await cp(join(FIXTURES, "vb38-utf8.sql"), join(alone, "backup.sql"));
    const checked = await run(["check", alone]);
    expect(checked.code).toBe(0);
    expect(checked.out).toContain('backup.sql: ok: 3 threads, 9 posts (table prefix "")');
    const parsed = await run(["parse", alone]);
    expect([parsed.code, parsed.out.trim().split("\n").at(-1)]).toEqual([0, "3 threads, 9 posts"]);
    // With a text dump beside it, both are read.
    await cp(join(import.meta.dirname, "..", "seeds"), join(alone, "seeds"), { recursive: true });
    const both = await run(["check", alone]);
    expect(both.out).toContain("backup.sql: ok: 3 threads");
    expect(both.out).toMatch(/1 file/);
    const listed = await run(["parse", alone]);
    expect(listed.out).toContain("3 threads, 9 posts\n");
    expect(listed.out).toContain("Back spasms from running");
  });

  it("check on a dump prints what it holds and what it leaves out, per kind", async () => {
    const result = await run(["check", join(FIXTURES, "vb38-latin1.sql")]);
    expect(result.code).toBe(0);
    expect(result.out).toContain('vb38-latin1.sql: ok: 3 threads, 9 posts (table prefix "forum_")');
    expect(result.out).toMatch(/ 2 forums guests could not read/);
    expect(result.out).toMatch(/ 1 soft-deleted posts/);
    expect(result.out).toMatch(/ 1 private messages/);
    expect(result.out).not.toMatch(/SECRET|@example\.(com|org)/);
  });

  it("parse on a dump prints its threads, and with --json the Thread objects", async () => {
    const listed = await run(["parse", join(FIXTURES, "vb38-utf8.sql")]);
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(
      /^\/example-forums\/general-discussion\/welcome-to-the-forums-[0-9a-f]{8}\/ {2}Welcome to the forums \(4 posts, /m,
    );
    expect(listed.out).toContain("3 threads, 9 posts");
    const json = await run(["parse", "--json", join(FIXTURES, "vb42-latin1-utf8bytes.sql.gz")]);
    const threads = JSON.parse(json.out) as { title: string; posts: { id: string }[] }[];
    expect(threads.map((thread) => thread.title)).toEqual([
      "Welcome to the forums",
      'Help: Everything "BBCode"',
      "Café talk",
    ]);
    expect(threads[0]!.posts.map((post) => post.id)).toEqual(["100", "101", "102", "105"]);
    expect(json.err).toContain("table vb_post is latin1 but holds UTF-8 text");
  });

  it("says what is wrong with a broken dump, naming file and line, without a stack trace", async () => {
    const broken = join(root, "broken.sql");
    await writeFile(broken, "CREATE TABLE t (a int);\n\nINSERT INTO t VALUES (1) oops;\n");
    const checked = await run(["check", broken]);
    expect(checked.code).toBe(1);
    expect(checked.out).toMatch(/broken\.sql: error: .*broken\.sql:3: unexpected "oops"/);
    const built = await run(["build", "--input", broken, "--output", join(root, "never")]);
    expect(built.code).toBe(1);
    expect(built.err).toMatch(/^forum-archive: .*broken\.sql:3: unexpected "oops"/);
    expect(built.err).not.toMatch(/\n\s+at /);
    const notVb = join(root, "other.sql");
    await writeFile(notVb, "CREATE TABLE `wp_posts` (`ID` int);\nINSERT INTO `wp_posts` VALUES (1);\n");
    expect((await run(["check", notVb])).out).toMatch(
      /other\.sql: error: .*no vBulletin forum, thread, post tables; is this a vBulletin 3, 4 or 5 database\?/,
    );
  });

  it("refuses bad forum id lists and non-dump files as --input", async () => {
    expect((await run(["build", "--input", join(FIXTURES, "vb38-utf8.sql"), "--include-forums", "3,x"])).err).toMatch(
      /--include-forums takes forum ids separated by commas/,
    );
    const result = await run(["build", "--input", join(FIXTURES, "make-dumps.sh")]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/is not a folder of dumps or a \.sql \/ \.sql\.gz dump/);
  });

  it("never writes the dump's private rows, whichever way it was given", async () => {
    const html = await readFile(join(root, "from-gz", "index.html"), "utf8");
    expect(html).not.toMatch(/SECRET|Staff Room/);
  });
});

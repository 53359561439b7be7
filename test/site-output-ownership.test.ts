// The build never touches what is not its own (issue 13): one build at a time per output (a lock
// file with the holder's pid), staging folders removed or renamed only when they carry the build's
// marker, an output folder of someone else's refused (and with --force, only the archive's files
// change), nothing written or deleted through a symbolic link, a full disk said in words.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import {
  chmod,
  chown,
  lstat,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  rm,
  symlink,
  utimes,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { generateCorpus } from "../bench/corpus-generator.ts";
import { buildFromInput, type BuildOptions } from "../src/build/index.ts";
import { lockPathOf } from "../src/output/lock.ts";
import { fileWrites } from "../src/output/staging.ts";
import { listFiles } from "./helpers/site-check.ts";

let root: string;
let dumps: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "fa-owner-"));
  dumps = join(root, "dumps");
  for (const f of generateCorpus({ threads: 3, seed: 21 })) {
    await mkdir(dirname(join(dumps, f.file)), { recursive: true });
    await writeFile(join(dumps, f.file), f.text);
  }
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

const build = (output: string, more: Partial<BuildOptions> = {}) =>
  buildFromInput({ input: dumps, output, baseUrl: "/", progress: "none", search: false, ...more });

/** Every entry under `dir` (links not followed) with its kind, mode, owner and, for files, bytes. */
async function state(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    const info = await lstat(path);
    const bytes = info.isFile() ? (await readFile(path)).toString("base64") : "";
    out.set(path.slice(dir.length + 1), `${info.mode.toString(8)} ${info.uid}:${info.gid} ${info.mtimeMs} ${bytes}`);
  }
  return out;
}

describe("one build at a time", () => {
  it("refuses a second build on the same output while the first runs, and neither loses a file", async () => {
    const out = join(root, "twice");
    await build(out);
    await writeFile(join(out, "CNAME"), "archive.example.org\n");
    const results = await Promise.allSettled([build(out), build(out)]);
    const refused = results.filter((r) => r.status === "rejected");
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(String((refused[0] as PromiseRejectedResult).reason)).toMatch(
      new RegExp(
        `another build \\(pid ${process.pid}\\) is writing to ${out}; wait for it to finish \\(if no build is running, remove .*\\.twice\\.lock\\)`,
      ),
    );
    expect(await readFile(join(out, "CNAME"), "utf8")).toBe("archive.example.org\n");
    const clean = join(root, "twice-clean");
    await build(clean);
    expect((await listFiles(out)).filter((f) => f !== "CNAME")).toEqual(await listFiles(clean));
    expect(existsSync(lockPathOf(out))).toBe(false);
  });

  it("takes over a stale lock, whose process is gone", async () => {
    const out = join(root, "stale");
    const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).stdout.toString();
    await writeFile(lockPathOf(out), `${gone}\n${(await import("node:os")).hostname()}\n`);
    await build(out);
    expect(existsSync(join(out, "index.html"))).toBe(true);
    expect(existsSync(lockPathOf(out))).toBe(false);
  });

  it("takes over a lock whose pid is now another process's (its start time differs), or this process's own from before", async () => {
    const host = (await import("node:os")).hostname();
    const reused = join(root, "reused");
    // pid 1 is alive, but did not start at tick 1: a process that got the pid of a dead build.
    await writeFile(lockPathOf(reused), `1\n${host}\n1\n`);
    await build(reused);
    expect(existsSync(join(reused, "index.html"))).toBe(true);
    const restarted = join(root, "restarted");
    // This very pid, left by a build before a container restart: this process holds no such lock.
    await writeFile(lockPathOf(restarted), `${process.pid}\n${host}\n\n`);
    await build(restarted);
    expect(existsSync(join(restarted, "index.html"))).toBe(true);
  });

  it("refuses the lock of a running process, whose start time matches", async () => {
    const host = (await import("node:os")).hostname();
    const out = join(root, "running");
    const child = spawn("sleep", ["30"]);
    try {
      const stat = await readFile(`/proc/${child.pid}/stat`, "utf8");
      const started = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
      await writeFile(lockPathOf(out), `${child.pid}\n${host}\n${started}\n`);
      await expect(build(out)).rejects.toThrow(new RegExp(`another build \\(pid ${child.pid}\\) is writing to`));
    } finally {
      child.kill();
    }
  });

  it("refuses a live lock of another host or process, naming its pid", async () => {
    const out = join(root, "held");
    await writeFile(lockPathOf(out), "4242\nother-host\n");
    await expect(build(out)).rejects.toThrow(/another build \(pid 4242 on other-host\) is writing to/);
    expect(existsSync(out)).toBe(false);
    expect(await readFile(lockPathOf(out), "utf8")).toBe("4242\nother-host\n");
  });
});

describe("the command line", () => {
  const BIN = fileURLToPath(new URL("../bin/forum-archive.js", import.meta.url));
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [BIN, "build", "--input", dumps, "--no-search", ...args], { encoding: "utf8" });

  it("says why it refuses, without a stack trace, and --force builds beside the user's files", async () => {
    const held = join(root, "cli-held");
    await writeFile(lockPathOf(held), "4242\nother-host\n");
    const locked = cli("--output", held);
    expect(locked.status).toBe(1);
    // Refused at once, before reading the dumps.
    expect(locked.stderr).toMatch(/^forum-archive: another build \(pid 4242 on other-host\) is writing to /);
    expect(locked.stderr).not.toMatch(/\n\s+at /);

    const theirs = join(root, "cli-theirs");
    await mkdir(theirs);
    await writeFile(join(theirs, "notes.txt"), "mine");
    const refused = cli("--output", theirs);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(
      /\nforum-archive: --output .* holds files forum-archive did not write \("notes\.txt"\).*pass --force/,
    );
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(await readdir(theirs)).toEqual(["notes.txt"]);
    const forced = cli("--output", theirs, "--force");
    expect(forced.status, forced.stderr).toBe(0);
    expect(await readFile(join(theirs, "notes.txt"), "utf8")).toBe("mine");
    expect(existsSync(join(theirs, "index.html"))).toBe(true);
  });
});

describe("folders that merely share the staging names", () => {
  it("are never deleted, nor renamed into the output", async () => {
    const out = join(root, "named");
    const previous = join(root, ".named.previous");
    await mkdir(previous);
    await writeFile(join(previous, "IMPORTANT"), "backup");
    // The output does not exist: the foreign folder is not made the output either.
    await expect(build(out)).rejects.toThrow(
      /\.named\.previous is in the way: forum-archive stages its build under that name, but did not make it/,
    );
    expect(existsSync(out)).toBe(false);
    await mkdir(out);
    await expect(build(out)).rejects.toThrow(/is in the way/);
    expect(await readFile(join(previous, "IMPORTANT"), "utf8")).toBe("backup");

    const building = join(root, ".named2.building");
    await mkdir(building);
    await writeFile(join(building, "notes.txt"), "mine");
    await expect(build(join(root, "named2"))).rejects.toThrow(/\.named2\.building is in the way/);
    expect(await readFile(join(building, "notes.txt"), "utf8")).toBe("mine");
  });
});

describe("an output folder that is not an archive", () => {
  it("is refused with a message naming --force, and left as it was", async () => {
    const home = join(root, "fakehome");
    await mkdir(join(home, ".ssh"), { recursive: true });
    await chmod(join(home, ".ssh"), 0o700);
    await writeFile(join(home, ".ssh", "id_rsa"), "key");
    const before = await state(home);
    await expect(build(home)).rejects.toThrow(
      /--output .*fakehome holds files forum-archive did not write \("\.ssh"\).*--force/,
    );
    expect(await state(home)).toEqual(before);
  });

  it("is not made someone else's by the build's own records (the lock a build in place keeps inside)", async () => {
    const out = join(root, "records-only");
    await mkdir(out);
    await writeFile(join(out, ".forum-archive-lock"), `${process.pid}\n`);
    await build(out);
    expect(existsSync(join(out, "index.html"))).toBe(true);
  });

  it("with --force gains the archive's files; the user's files, folders, modes, owners, times and FIFOs stay", async () => {
    const out = join(root, "theirs");
    await mkdir(join(out, "private"), { recursive: true });
    await mkdir(join(out, "shared"));
    await writeFile(join(out, "index.html"), "<p>my own home page</p>");
    await writeFile(join(out, "private", "diary.txt"), "dear diary");
    await writeFile(join(out, "shared", "note.txt"), "hello");
    await chmod(join(out, "private"), 0o700);
    await chmod(join(out, "shared"), 0o1777);
    execFileSync("mkfifo", [join(out, "shared", "pipe")]);
    await chown(join(out, "shared", "note.txt"), 1234, 1234);
    await chown(join(out, "private"), 1234, 1234);
    const old = new Date("2001-02-03T04:05:06Z");
    for (const path of ["private/diary.txt", "shared/note.txt", "private", "shared"])
      await utimes(join(out, path), old, old);
    const before = await state(out);

    await build(out, { force: true });
    const after = await state(out);
    for (const [path, was] of before) {
      if (path === "index.html") continue;
      expect(after.get(path), path).toBe(was);
    }
    expect((await lstat(join(out, "shared", "pipe"))).isFIFO()).toBe(true);
    // Our index.html over theirs: what --force is for (README).
    expect(await readFile(join(out, "index.html"), "utf8")).not.toContain("my own home page");
    // The manifest lists the archive's files only, so the next build removes none of theirs.
    const manifest = (await readFile(join(out, ".forum-archive-files"), "utf8")).split("\n");
    expect(manifest).toContain("index.html");
    expect(manifest.filter((f) => f.startsWith("private/") || f.startsWith("shared/"))).toEqual([]);
    await build(out);
    expect(await readFile(join(out, "private", "diary.txt"), "utf8")).toBe("dear diary");
  });

  it("in an archive's folder, a file of the user's where a new page goes is replaced only with --force", async () => {
    const out = join(root, "grown");
    await build(out);
    const more = join(root, "dumps-more");
    for (const f of generateCorpus({ threads: 4, seed: 21 })) {
      await mkdir(dirname(join(more, f.file)), { recursive: true });
      await writeFile(join(more, f.file), f.text);
    }
    const clean = join(root, "grown-clean");
    await build(clean, { input: more });
    const newPage = (await listFiles(clean)).find((f) => f.endsWith("/index.html") && !existsSync(join(out, f)))!;
    expect(newPage).toBeDefined();
    await mkdir(dirname(join(out, newPage)), { recursive: true });
    await writeFile(join(out, newPage), "the user's page");
    const before = await state(out);
    await expect(build(out, { input: more })).rejects.toThrow(
      new RegExp(`${newPage} in the output is not forum-archive's.*--force`),
    );
    expect(await state(out)).toEqual(before);
    await build(out, { input: more, force: true });
    expect(await readFile(join(out, newPage), "utf8")).toBe(await readFile(join(clean, newPage), "utf8"));
  });
});

describe("symbolic links in the output", () => {
  it("are never written through: a build refuses, and the last good site stays", async () => {
    const out = join(root, "linked");
    const victim = join(root, "victim");
    await build(out);
    await mkdir(victim);
    await writeFile(join(victim, "style.css"), "victim's own");
    await rm(join(out, "assets"), { recursive: true });
    await symlink("../victim", join(out, "assets"));
    const before = await state(out);
    await expect(build(out)).rejects.toThrow(
      /assets in the output is a symbolic link \(to \.\.\/victim\); the build writes nothing through a link/,
    );
    expect(await readdir(victim)).toEqual(["style.css"]);
    expect(await readFile(join(victim, "style.css"), "utf8")).toBe("victim's own");
    expect(await state(out)).toEqual(before);
  });

  it("are never deleted through: a manifest entry under a link, or a listed file now a link, stays", async () => {
    const out = join(root, "listed");
    const victim = join(root, "victim2");
    await build(out);
    await mkdir(victim);
    await writeFile(join(victim, "precious.txt"), "precious");
    await symlink(victim, join(out, "gone"));
    await symlink(join(victim, "precious.txt"), join(out, "old-page.html"));
    const manifest = join(out, ".forum-archive-files");
    await writeFile(manifest, `${await readFile(manifest, "utf8")}gone/precious.txt\nold-page.html\n`);
    await build(out);
    expect(await readFile(join(victim, "precious.txt"), "utf8")).toBe("precious");
    expect((await lstat(join(out, "old-page.html"))).isSymbolicLink()).toBe(true);
  });
});

describe("a full disk", () => {
  /** A 2 MB file system at `dir` where the test may mount one (root); else a disk that fills after
   *  `writes` files, through the writer's seam. Returns the way to undo it. */
  function smallDisk(dir: string, writes: number): () => void {
    if (spawnSync("mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", dir]).status === 0)
      return () => spawnSync("umount", [dir]);
    let left = writes;
    const real = fileWrites.writeFile;
    const spy = vi.spyOn(fileWrites, "writeFile").mockImplementation(async (...args: Parameters<typeof real>) => {
      if (--left < 0)
        throw Object.assign(new Error(`ENOSPC: no space left on device, open '${String(args[0])}'`), {
          code: "ENOSPC",
        });
      return real(...args);
    });
    return () => spy.mockRestore();
  }

  it.each([
    ["", false],
    [", also while the search index is written", true],
  ])("is said in words; the last good site stays and no staging folder is left%s", async (_what, search) => {
    const disk = join(root, `small-disk-${search}`);
    await mkdir(disk);
    const out = join(disk, "site");
    const big = join(root, `dumps-big-${search}`);
    for (const f of generateCorpus({ threads: 150, seed: 22 })) {
      await mkdir(dirname(join(big, f.file)), { recursive: true });
      await writeFile(join(big, f.file), f.text);
    }
    let undo = () => {};
    try {
      undo = smallDisk(disk, 400);
      await build(out);
      const before = await state(out);
      await expect(build(out, { input: big, search })).rejects.toThrow(
        /^no space left on device while building .*: the last good site in .* is unchanged/,
      );
      expect(await state(out)).toEqual(before);
      expect(await readdir(disk)).toEqual(["site"]);
      expect(existsSync(lockPathOf(out))).toBe(false);
    } finally {
      undo();
    }
  });
});

// The kept site (see test/staging-kept.test.ts) where the file system says no, and where a user put
// a kept site back by hand: the build still goes in place where it cannot stage beside the output,
// and a build killed between its two renames always leaves the last good site to be put back.
// Permission errors are made by a spy on the file system calls: the suite runs as root, where chmod
// refuses nothing.
import { existsSync } from "node:fs";
import * as promises from "node:fs/promises";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { stageOutput } from "../src/output/staging.ts";

vi.mock("node:fs/promises", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs/promises")>();
  return { ...real, rename: vi.fn(real.rename), rm: vi.fn(real.rm), mkdir: vi.fn(real.mkdir) };
});

const STAGING = ".forum-archive-staging";
const RETIRED = ".forum-archive-previous";
const KEPT = ".forum-archive-kept";
const MANIFEST = ".forum-archive-files";
let root: string;
const actual = await vi.importActual<typeof import("node:fs/promises")>("node:fs/promises");
/** The spied calls do what the file system does again. */
function restoreCalls(): void {
  vi.mocked(promises.rename).mockImplementation(actual.rename);
  vi.mocked(promises.rm).mockImplementation(actual.rm);
  vi.mocked(promises.mkdir).mockImplementation(actual.mkdir);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "fa-kept-faults-"));
});
afterAll(async () => {
  restoreCalls();
  if (root) await rm(root, { recursive: true, force: true });
});

async function put(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

/** A published site of one page and the site the last build kept beside it. */
async function siteWithKept(name: string): Promise<{ out: string; kept: string; staging: string }> {
  const out = join(root, name, "site");
  const kept = join(root, name, ".site.previous");
  await put(join(out, "index.html"), "new home");
  await put(join(out, MANIFEST), "index.html\n");
  await put(join(kept, "index.html"), "old home");
  await put(join(kept, MANIFEST), "index.html\n");
  await put(join(kept, RETIRED), "");
  await put(join(kept, KEPT), "");
  return { out, kept, staging: join(root, name, ".site.building") };
}

const denied = (path: string) => Object.assign(new Error(`EACCES: permission denied, '${path}'`), { code: "EACCES" });

describe("a kept site where the folder holding the output cannot be written to", () => {
  it("builds in place, as it would without a kept site, instead of failing", async () => {
    const { out, kept, staging } = await siteWithKept("read-only-parent");
    const parent = dirname(out);
    // What a parent folder of mode 555 does: no entry in it can be renamed, removed or made.
    vi.mocked(promises.rename).mockImplementation(async (from) => {
      throw denied(String(from));
    });
    vi.mocked(promises.rm).mockImplementation(async (path) => {
      if (dirname(String(path)) === parent) throw denied(String(path));
    });
    vi.mocked(promises.mkdir).mockImplementation(async (path) => {
      if (dirname(String(path)) === parent) throw denied(String(path));
      return undefined;
    });
    try {
      const staged = await stageOutput(out);
      expect(staged.inPlace).toBe("the folder holding the output cannot be written to");
      expect(staged.dir).toBe(out);
    } finally {
      restoreCalls();
    }
    expect(existsSync(staging)).toBe(false);
    expect(await readFile(join(out, "index.html"), "utf8")).toBe("new home");
    expect(existsSync(kept)).toBe(true); // left, as nothing beside the output can be removed
  });
});

describe("a kept site the user put back as the published one", () => {
  it("is no longer marked kept when it is retired, so a build killed between the renames puts it back", async () => {
    const { out, kept } = await siteWithKept("put-back");
    // The user rolls back to the site before the last build: the kept one, its marks and all.
    await rm(out, { recursive: true });
    await promises.rename(kept, out);
    const staged = await stageOutput(out);
    await put(join(staged.dir, "index.html"), "rebuilt home");
    const marksWhenRetired: boolean[] = [];
    vi.mocked(promises.rename).mockImplementation(async (from, to) => {
      await actual.rename(from, to);
      if (String(to) === kept) marksWhenRetired.push(existsSync(join(kept, KEPT)));
    });
    try {
      await staged.commit(["index.html"]);
    } finally {
      restoreCalls();
    }
    // At the moment between the two renames, the retired site carried no kept mark: the next
    // build, finding no published site, would put it back (a kept one it removes).
    expect(marksWhenRetired).toEqual([false]);
    expect(await readFile(join(out, "index.html"), "utf8")).toBe("rebuilt home");
    expect(existsSync(join(kept, KEPT))).toBe(true); // kept again once the new site is published
  });
});

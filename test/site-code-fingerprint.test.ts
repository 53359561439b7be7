// The fingerprint every page shares (output/fingerprints.ts sharedFingerprint): the site's code and
// templates by their names inside the folders given and their bytes, so the same code installed
// in another place gives the same page records, and a change in any file given renders every page.
import { cp, mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedFingerprint } from "../src/output/fingerprints.ts";

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "fa-code-fingerprint-"));
  await mkdir(join(root, "one", "templates", "_includes"), { recursive: true });
  await writeFile(join(root, "one", "templates", "thread.njk"), "{{ title }}");
  await writeFile(join(root, "one", "templates", "_includes", "post.njk"), "{{ post }}");
  await writeFile(join(root, "one", "packed-posts.ts"), "export const expand = (s) => s;");
  await cp(join(root, "one"), join(root, "two", "deeper"), { recursive: true });
});
afterAll(() => rm(root, { recursive: true, force: true }));

const paths = (install: string) => [join(install, "templates"), join(install, "packed-posts.ts")];

describe("sharedFingerprint", () => {
  it("is the same for the same files in another place", async () => {
    const one = await sharedFingerprint(paths(join(root, "one")), { baseUrl: "/" });
    expect(await sharedFingerprint(paths(join(root, "two", "deeper")), { baseUrl: "/" })).toBe(one);
  });

  it("changes with a file given by its path, a file in a folder, a file's name, and the settings", async () => {
    const install = join(root, "two", "deeper");
    const before = await sharedFingerprint(paths(install), { baseUrl: "/" });
    expect(await sharedFingerprint(paths(install), { baseUrl: "/archive/" })).not.toBe(before);

    await writeFile(join(install, "packed-posts.ts"), "export const expand = (s) => s.trim();");
    const decoderChanged = await sharedFingerprint(paths(install), { baseUrl: "/" });
    expect(decoderChanged).not.toBe(before);

    await writeFile(join(install, "templates", "_includes", "post.njk"), "{{ post | safe }}");
    const templateChanged = await sharedFingerprint(paths(install), { baseUrl: "/" });
    expect(templateChanged).not.toBe(decoderChanged);

    await cp(join(install, "templates", "thread.njk"), join(install, "templates", "thread2.njk"));
    await rm(join(install, "templates", "thread.njk"));
    expect(await sharedFingerprint(paths(install), { baseUrl: "/" })).not.toBe(templateChanged);
  });
});

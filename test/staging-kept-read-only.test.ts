// A read-only folder of the user's in an output built with --force: its copy in the kept site is
// read-only too, and a file the user then adds to it cannot be linked into that copy by anyone but
// root. The build falls back to a fresh mirror, which first empties the kept site: its folders are
// made writable again for that, so every build succeeds and the user's files are published.
// Root ignores folder modes, so the builds run in a child process as `nobody` when the suite is root.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const NOBODY = 65534;
const work = mkdtempSync(join(tmpdir(), "fa-kept-read-only-"));
chmodSync(work, 0o777);
afterAll(() => {
  spawnSync("chmod", ["-R", "u+w", work]);
  rmSync(work, { recursive: true, force: true });
});

/** Four builds with --force; before the third the user adds a file to their read-only folder. */
const script = (staging: string, base: string) => `
import { stageOutput, replaceFile } from ${JSON.stringify(staging)};
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
const out = join(${JSON.stringify(base)}, "site");
mkdirSync(join(out, "docs"), { recursive: true });
writeFileSync(join(out, "index.html"), "home");
writeFileSync(join(out, ".forum-archive-files"), "index.html\\n");
writeFileSync(join(out, "docs", "a.pdf"), "the user's");
chmodSync(join(out, "docs"), 0o555);
const seen = [];
for (const n of [1, 2, 3, 4]) {
  if (n === 3) {
    chmodSync(join(out, "docs"), 0o755);
    writeFileSync(join(out, "docs", "b.pdf"), "added by the user");
    chmodSync(join(out, "docs"), 0o555);
  }
  try {
    const staged = await stageOutput(out, { force: true });
    await replaceFile(join(staged.dir, "index.html"), "home " + n);
    await staged.commit(["index.html"]);
    seen.push([n, readFileSync(join(out, "index.html"), "utf8"), readdirSync(join(out, "docs")).sort()]);
  } catch (error) {
    seen.push([n, String(error.message)]);
  }
}
console.log(JSON.stringify(seen));
`;

describe("a read-only folder of the user's in the output, with a kept site", () => {
  it("lets every build through, a file the user added to it published", () => {
    const base = join(work, "out");
    const file = join(work, "builds.mts");
    writeFileSync(file, script(resolve("src/output/staging.ts"), base));
    const asNobody = process.getuid?.() === 0 ? { uid: NOBODY, gid: NOBODY } : {};
    const run = spawnSync(process.execPath, [resolve("node_modules/tsx/dist/cli.mjs"), file], {
      encoding: "utf8",
      cwd: work,
      env: { ...process.env, HOME: work },
      ...asNobody,
    });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual([
      [1, "home 1", ["a.pdf"]],
      [2, "home 2", ["a.pdf"]],
      [3, "home 3", ["a.pdf", "b.pdf"]],
      [4, "home 4", ["a.pdf", "b.pdf"]],
    ]);
  });
});

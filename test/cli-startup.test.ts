// `forum-archive --help` starts about as fast as Node itself: the command is compiled JavaScript
// (lib/) and imports a command's modules (cheerio, Eleventy, lunr…) only when that command runs.
// Measured against `node -e 0` in the same run, interleaved, as a ratio of medians, so a busy
// machine slows both alike. (Before: tsx compiled the CLI at start and --help loaded the parser,
// several times node's own start.)
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../bin/forum-archive.js", import.meta.url));
const RUNS = 9;

function seconds(args: string[]): number {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { encoding: "utf8" });
  expect(run.status, run.stderr).toBe(0);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe("forum-archive --help", () => {
  it("takes less than three times as long as `node -e 0`", () => {
    const bare: number[] = [];
    const help: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      bare.push(seconds(["-e", "0"]));
      help.push(seconds([BIN, "--help"]));
    }
    expect(median(help) / median(bare)).toBeLessThan(3);
  });
});

// Vitest global setup of the e2e project: the tests there run bin/forum-archive.js, which runs
// lib/, so lib/ is compiled from the current src/ first (npm test has just done it; a lone
// `npx vitest run` has not).
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export default function setup(): void {
  execFileSync(process.execPath, [fileURLToPath(new URL("../../scripts/compile.mjs", import.meta.url))], { stdio: "inherit" });
}

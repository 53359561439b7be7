#!/usr/bin/env node
// The command runs the JavaScript compiled into lib/ (`npm install` and `npm pack` make it; see
// scripts/compile.mjs), so starting it loads no compiler.
let cli;
try {
  cli = await import("../lib/cli/index.js");
} catch (error) {
  if (error?.code !== "ERR_MODULE_NOT_FOUND" || !String(error.message).includes("lib/cli/index.js")) throw error;
  process.stderr.write("forum-archive: lib/ is missing; run `npm run compile` (npm install does it)\n");
  process.exit(1);
}
process.exitCode = await cli.main(process.argv.slice(2));

// The build's work after loading, in one thread (buildFromArchive, --jobs 1) of an archive already
// loaded, its CPU seconds printed and (unless the profile path is "-") a V8 CPU profile of just that
// part written, for Chrome DevTools or speedscope. Issue 15's profiles of pages and search came from it.
//   node --import tsx bench/profile-pages.ts <input> <output folder> <file.cpuprofile | -> [--no-search]
// The output folder is emptied first.
import { Session } from "node:inspector/promises";
import { writeFileSync, rmSync } from "node:fs";
import { loadArchive } from "../src/archive/load.ts";
import { buildFromArchive } from "../src/build/index.ts";

const [input, output, profilePath] = process.argv.slice(2);
const search = !process.argv.includes("--no-search");
const archive = await loadArchive(input!);
rmSync(output!, { recursive: true, force: true });
const session = new Session();
session.connect();
if (profilePath !== "-") {
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 500 });
  await session.post("Profiler.start");
}
const cpu = process.cpuUsage();
const t0 = performance.now();
await buildFromArchive(archive, { input: input!, output: output!, jobs: 1, search, progress: "none" });
const used = process.cpuUsage(cpu);
console.log(
  `cpu ${((used.user + used.system) / 1e6).toFixed(2)} s, wall ${((performance.now() - t0) / 1000).toFixed(2)} s`,
);
if (profilePath !== "-") {
  const { profile } = await session.post("Profiler.stop");
  writeFileSync(profilePath!, JSON.stringify(profile));
}

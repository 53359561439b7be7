// What a render worker loads before it can take its share (issue 15: a worker's start is CPU every
// build pays again). The config checker (Ajv) is not loaded: the worker is sent a checked config,
// and imports the config module only for an owner's Eleventy config; and that module loads Ajv
// only when a config is checked (a folder without one checks none). Ajv is CommonJS, so whether
// a thread loaded it shows in that thread's require.cache.
import { once } from "node:events";
import { MessageChannel, Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";

/** The CommonJS packages a thread has loaded once it has imported `entry` (through tsx), then run
 *  `then` with the module as `module` (its errors ignored); the render worker's entry is told to
 *  stop before its job. */
async function packagesLoaded(entry: string, then = ""): Promise<string[]> {
  const { port1, port2 } = new MessageChannel();
  const boot = `
    const { workerData, parentPort } = require("node:worker_threads");
    import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))})
      .then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL(entry, import.meta.url).href)}); })
      .then((module) => { try { ${then} } catch {} })
      .then(() => {
        const names = Object.keys(require.cache).map((file) => /node_modules\\/((@[^/]+\\/)?[^/]+)/.exec(file)?.[1]);
        workerData.port.postMessage([...new Set(names.filter(Boolean))]);
      });`;
  const worker = new Worker(boot, { eval: true, workerData: { port: port2 }, transferList: [port2] });
  worker.postMessage({ kind: "stop" });
  const [packages] = (await once(port1, "message")) as [string[]];
  port1.close();
  await worker.terminate();
  return packages;
}

describe("a render worker's modules", () => {
  it("leave out the config checker", async () => {
    const packages = await packagesLoaded("../src/build/render-worker-entry.ts");
    expect(packages).toContain("nunjucks"); // CommonJS too: what the check below would see
    expect(packages).not.toContain("ajv");
  });

  it("the config module loads the checker only to check a config", async () => {
    expect(await packagesLoaded("../src/config/load.ts")).not.toContain("ajv");
    expect(
      await packagesLoaded("../src/config/load.ts", 'module.checkConfig({}, "forum-archive.config.json");'),
    ).toContain("ajv");
  });
});

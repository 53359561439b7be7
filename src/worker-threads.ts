// Worker threads of a build (the search index, shares of the pages), started from their entry
// module beside the caller: compiled JavaScript from lib/, or TypeScript through tsx from src/
// (tests, benchmarks). Every running one is known, so Ctrl+C can stop them before it removes the
// staging folder they write into (src/cli/interrupt.ts).
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

const running = new Set<Worker>();

/** Starts `<name>.js` (or `.ts`) beside the module at `callerUrl` in a worker thread. */
export function startWorker(callerUrl: string, name: string, workerData: unknown): Worker {
  const here = fileURLToPath(callerUrl);
  const entry = new URL(`./${name}${extname(here)}`, callerUrl);
  let worker: Worker;
  if (extname(here) !== ".ts") worker = new Worker(entry, { workerData });
  else {
    const tsx = import.meta.resolve("tsx/esm/api");
    const boot =
      `import(${JSON.stringify(tsx)})` +
      `.then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`;
    worker = new Worker(boot, { eval: true, workerData });
  }
  running.add(worker);
  worker.once("exit", () => running.delete(worker));
  return worker;
}

/** Ends every worker thread still running; resolves once all are gone. */
export async function stopAllWorkers(): Promise<void> {
  await Promise.all([...running].map((worker) => worker.terminate()));
}

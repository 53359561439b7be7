// Eleventy registers a module resolve hook (module.register) for its watch mode; before Node 22.15
// it runs in a thread of its own that every later import of the thread waits on. A build never
// watches: importing the site's renderer (eleventy/render.ts) turns the hook off. Each case runs in
// a fresh Node process, since a module imported once in a process is never evaluated again.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);

/** How many times `module.register` is called while `specifier` is imported, in a new process. */
async function registrations(specifier: string, env: NodeJS.ProcessEnv = {}): Promise<number> {
  const script = `
    import module from "node:module";
    let calls = 0;
    const register = module.register;
    module.register = (...args) => { calls++; return register.apply(module, args); };
    await import(${JSON.stringify(specifier)});
    console.log(calls);`;
  const { ELEVENTY_SKIP_ESM_RESOLVER: _, ...inherited } = process.env;
  const { stdout } = await run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: process.cwd(),
    env: { ...inherited, ...env },
  });
  return Number(stdout.trim().split("\n").at(-1));
}

describe("Eleventy's resolve hook", () => {
  it("is registered when Eleventy is imported on its own (what the other case would see)", async () => {
    expect(await registrations("@11ty/eleventy")).toBe(1);
  });

  it("is not registered when the renderer imports Eleventy", async () => {
    expect(await registrations(new URL("../src/eleventy/render.ts", import.meta.url).href)).toBe(0);
  });

  it("is left to the owner who set the switch", async () => {
    // "" is Eleventy's "hook on" too (it tests the value): the renderer keeps the owner's value.
    expect(
      await registrations(new URL("../src/eleventy/render.ts", import.meta.url).href, {
        ELEVENTY_SKIP_ESM_RESOLVER: "",
      }),
    ).toBe(1);
  });
});

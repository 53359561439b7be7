// Render workers started while the dumps are read (build/render-workers.ts): one that has ended
// before the build takes it (it failed to load, say) is not handed out, since its exit was told
// to no one and the build would wait for it forever; the build starts another in its place.
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { prestartRenderWorkers } from "../src/build/render-workers.ts";

describe("prestartRenderWorkers", () => {
  it("does not hand out a worker that has already ended", async () => {
    const prestarted = prestartRenderWorkers(2);
    const [dead, alive] = prestarted.workers;
    const gone = once(dead!, "exit");
    await dead!.terminate();
    await gone;
    const taken = prestarted.take(2);
    expect(taken).toEqual([alive]);
    await Promise.all(taken.map((worker) => worker.terminate()));
  });
});

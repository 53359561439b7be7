// Imported before Eleventy (render.ts), for its side effect. Eleventy registers a module resolve
// hook so that its watch mode re-imports a changed config or data file (`eleventy.importCacheReset`,
// emitted only when watching). Before Node 22.15 that hook runs in a thread of its own, started in
// every thread that imports Eleventy (the main one and each render worker), and every import after
// it waits on a round trip to that thread. A build runs Eleventy once and never watches: its own
// switch for this (ELEVENTY_SKIP_ESM_RESOLVER, Eleventy issue 3371) turns the hook off. An owner
// who set it keeps their value. process.env of a worker thread is its own copy, set by the worker.
process.env.ELEVENTY_SKIP_ESM_RESOLVER ??= "1";

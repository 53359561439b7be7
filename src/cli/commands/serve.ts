// `forum-archive serve`: build, then serve the output on localhost until Ctrl+C. Our own small
// server (static-server.ts), not @11ty/eleventy-dev-server: that one is made for live reload (it
// injects an inline <script> into every page, which the archive's Content-Security-Policy blocks,
// and watches the output with a WebSocket open), moves to the next port when one is taken, and is
// not a dependency of ours but Eleventy's. Ours serves the output exactly as built, under the
// base URL, with 404.html and the `_headers` security headers, on the port asked for (0: any).
import { buildFromInput, type BuildOptions } from "../../build/index.ts";
import { buildOptionsOf, type SiteCommandOptions, UserError } from "../options.ts";
import { startStaticServer } from "../static-server.ts";

export async function serveCommand(options: SiteCommandOptions & { port: string }): Promise<number> {
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError(`--port ${options.port} is not a port number`);
  await serveSite({ ...(await buildOptionsOf(options)), port });
  return 0;
}

/** Builds, then serves the output on localhost until the process is stopped (or `signal` aborts). */
export async function serveSite(
  options: BuildOptions & { port: number; signal?: AbortSignal; onReady?: (url: string) => void },
): Promise<void> {
  await buildFromInput(options);
  const server = await startStaticServer(options.output, options.baseUrl, options.port);
  console.log(`Serving ${options.output} at ${server.url} (Ctrl+C to stop)`);
  options.onReady?.(server.url);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      options.signal?.removeEventListener("abort", stop);
      void server.close().then(resolve);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    if (options.signal?.aborted) stop();
    else options.signal?.addEventListener("abort", stop, { once: true });
  });
}

// `forum-archive serve`: build, then serve the output on localhost until Ctrl+C. Our own small
// server (static-server.ts), not @11ty/eleventy-dev-server: that one is made for live reload (it
// injects an inline <script> into every page, which the archive's Content-Security-Policy blocks,
// and watches the output with a WebSocket open), moves to the next port when one is taken, and is
// not a dependency of ours but Eleventy's. Ours serves the output exactly as built, under the
// base URL, with 404.html and the `_headers` security headers, on the port asked for (0: any).
import { buildFromInput, type BuildOptions } from "../../build/index.ts";
import { createServer } from "node:net";
import { interruptibleBuild } from "../interrupt.ts";
import { buildOptionsOf, type SiteCommandOptions, UserError } from "../options.ts";
import { startStaticServer } from "../static-server.ts";
import { loadConfig } from "../../config/load.ts";
import { normaliseBaseUrl } from "../../site/paths.ts";

/** The address serve listens on (startStaticServer's default). */
const HOST = "127.0.0.1";

export async function serveCommand(options: SiteCommandOptions & { port: string }): Promise<number> {
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UserError(`--port ${options.port} is not a port number; give one from 1 to 65535 (0: any free port)`);
  }
  const buildOptions = await buildOptionsOf(options);
  // Before building, so a taken port costs no build and says so plainly.
  await requireFreePort(port);
  await serveSite({ ...buildOptions, port });
  return 0;
}

/** Fails with advice when `port` cannot be listened on (another server has it, or it needs root). */
async function requireFreePort(port: number): Promise<void> {
  if (port === 0) return;
  const problem = await new Promise<NodeJS.ErrnoException | undefined>((done) => {
    const probe = createServer();
    probe.once("error", (error: NodeJS.ErrnoException) => done(error));
    probe.listen(port, HOST, () => probe.close(() => done(undefined)));
  });
  if (!problem) return;
  const other = port === 65535 ? port - 1 : port + 1;
  if (problem.code === "EADDRINUSE") {
    throw new UserError(
      `port ${port} is already in use (another server?); serve on another one with --port ${other}, or --port 0 for any free port`,
      1,
    );
  }
  if (problem.code === "EACCES") {
    throw new UserError(`port ${port} needs administrator rights; use a port above 1023, like --port 8080`, 1);
  }
  throw new UserError(`cannot listen on port ${port} (${problem.code ?? problem.message}); try another with --port`, 1);
}

/** Builds, then serves the output on localhost until the process is stopped (or `signal` aborts). */
export async function serveSite(
  options: BuildOptions & { port: number; signal?: AbortSignal; onReady?: (url: string) => void },
): Promise<void> {
  await interruptibleBuild(options.output, () => buildFromInput(options));
  // Served under the base URL the build used: the option's, else the config's.
  const baseUrl = normaliseBaseUrl(options.baseUrl ?? (await loadConfig(options.input)).baseUrl);
  const server = await startStaticServer(options.output, baseUrl, options.port);
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

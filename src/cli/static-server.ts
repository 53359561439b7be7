// A small static file server for previewing a built archive on localhost (`forum-archive serve`).
// Serves <dir> under the base URL, directory URLs from index.html, and 404.html for misses.
import { createReadStream } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { normaliseBaseUrl } from "../site/paths.ts";
import { CSP_HEADER } from "../site/security.ts";

/** What `_headers` asks Netlify and Cloudflare Pages to send, sent by the preview too. */
const SECURITY_HEADERS = { "content-security-policy": CSP_HEADER, "x-content-type-options": "nosniff" };

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  // Attachments shown in pages (with nosniff, an image needs its own type to show).
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".jpe": "image/jpeg",
  ".jfif": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
};

export interface StaticServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** A file under `root` once links are followed: a link in the output to elsewhere is not served. */
async function isFileUnder(root: string, path: string): Promise<boolean> {
  try {
    if (!(await stat(path)).isFile()) return false;
    const [real, realRoot] = await Promise.all([realpath(path), realpath(root)]);
    return real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep);
  } catch {
    return false;
  }
}

/** Files in the output that are the host's configuration or the build's records, not the site: Netlify and
 *  Cloudflare Pages read `_redirects` and `_headers` and never publish them; nginx includes its map. */
const HOST_FILES = new Set(["_redirects", "_headers", "nginx-redirects.conf"]);

/** Whether a static host would publish this path (relative to the output): no dot files or dot
 *  folders (the build's manifest, a `.git`, an editor's backup), no host configuration. */
export function isPublished(rel: string): boolean {
  const parts = rel.split("/");
  return !parts.some((part) => part.startsWith(".")) && !(parts.length === 1 && HOST_FILES.has(parts[0]!));
}

/** Maps a request path to a file under `root`, or undefined when it is outside the base URL, escapes `root`,
 *  or is no file a static host would publish. */
export function fileForPath(root: string, baseUrl: string, pathname: string): string | undefined {
  const base = normaliseBaseUrl(baseUrl);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (!decoded.startsWith(base)) return undefined;
  let rest = decoded.slice(base.length);
  if (rest.includes("\\") || rest.includes("\0") || !isPublished(rest.replace(/\/+$/, ""))) return undefined;
  if (rest === "" || rest.endsWith("/")) rest += "index.html";
  const file = normalize(join(root, rest));
  const rootWithSep = normalize(root).replace(/[\\/]*$/, "") + sep;
  return file.startsWith(rootWithSep) ? file : undefined;
}

export function startStaticServer(root: string, baseUrl: string, port = 0, host = "127.0.0.1"): Promise<StaticServer> {
  const base = normaliseBaseUrl(baseUrl);
  const server = createServer(async (req, res) => {
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    if (base !== "/" && pathname === "/") {
      res.writeHead(302, { location: base });
      res.end();
      return;
    }
    let file = fileForPath(root, base, pathname);
    const isFile = (path: string) => isFileUnder(root, path);
    if (file && !(await isFile(file)) && (await isFile(join(file, "index.html")))) {
      res.writeHead(301, { location: `${pathname}/` });
      res.end();
      return;
    }
    let status = 200;
    if (!file || !(await isFile(file))) {
      status = 404;
      file = join(root, "404.html");
      if (!(await isFile(file))) {
        res.writeHead(404, { "content-type": "text/plain; charset=utf-8", ...SECURITY_HEADERS });
        res.end("Not found\n");
        return;
      }
    }
    res.writeHead(status, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", ...SECURITY_HEADERS });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const address = server.address();
      const actualPort = typeof address === "object" && address ? address.port : port;
      resolve({
        url: `http://${host}:${actualPort}${base}`,
        server,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections(); // idle keep-alive sockets would hold Ctrl+C for seconds
          }),
      });
    });
  });
}

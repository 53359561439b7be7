// Writes the build's files, leaving alone every file whose bytes are already what the build
// would write: a rebuild rewrites only what changed (new thread, the lists it joins), and the
// untouched files keep their mtime and inode, so rsync, CDNs and `make` see only real changes.
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";

export class OutputWriter {
  /** Every file this build produced (written or already right), "/"-separated, relative to the output. */
  readonly files = new Set<string>();
  written = 0;
  unchanged = 0;
  private readonly root: string;
  private readonly madeDirs = new Set<string>();

  constructor(output: string) {
    this.root = resolve(output);
  }

  /** Writes `content` to `path` (absolute, or relative to the working directory) unless the file
   *  already holds exactly these bytes. Returns the path relative to the output. */
  write(path: string, content: string | Uint8Array): string {
    const file = resolve(path);
    const rel = relative(this.root, file).split(sep).join("/");
    if (rel.startsWith("../") || rel === "" || rel === "..") throw new Error(`refusing to write outside the output: ${path}`);
    const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
    this.files.add(rel);
    if (sameBytes(file, bytes)) {
      this.unchanged++;
      return rel;
    }
    const dir = dirname(file);
    if (!this.madeDirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      this.madeDirs.add(dir);
    }
    writeFileSync(file, bytes);
    this.written++;
    return rel;
  }
}

function sameBytes(file: string, bytes: Buffer): boolean {
  try {
    // The size first: most changed pages change length, and a stat is cheaper than a read.
    if (statSync(file).size !== bytes.length) return false;
    return readFileSync(file).equals(bytes);
  } catch {
    return false; // not there (or unreadable): write it
  }
}

// Thread and author pages (nearly all of a site) whose fingerprint matches the previous build's
// are not rendered at all; the others are, and their fingerprints recorded as they render.
// See output/fingerprints.ts for what a fingerprint covers.
import type { OutputWriter } from "../output/writer.ts";
import {
  fileHasSize,
  pageFingerprint,
  readPageRecords,
  writePageRecords,
  type PageRecord,
} from "../output/fingerprints.ts";
import type { PageStub, SiteData } from "../site/view/index.ts";

export class UnchangedPages {
  private readonly records = new Map<string, PageRecord>();
  private readonly renderedHashes = new Map<string, string>();
  private readonly kept: string[] = [];
  /** Page data already built to compare fingerprints, kept until its page renders (only the
   *  changed pages of a rebuild, so few), so no page's data is built or hashed twice. */
  private readonly pending = new Map<string, unknown>();

  private constructor(
    private readonly output: string,
    private readonly previous: Map<string, PageRecord>,
    private readonly shared: string,
  ) {}

  /** `shared`: the fingerprint of what every page depends on (sharedFingerprint). */
  static async open(output: string, shared: string): Promise<UnchangedPages> {
    return new UnchangedPages(output, await readPageRecords(output), shared);
  }

  /** The site data with unchanged thread and author pages left out, and page data built once. */
  skipUnchanged(site: SiteData): SiteData {
    return {
      ...site,
      threadPages: this.toRender(site.threadPages, site.threadPage),
      authorPages: this.toRender(site.authorPages, site.authorPage),
      threadPage: (stub) => this.pageFor(stub, site.threadPage),
      authorPage: (stub) => this.pageFor(stub, site.authorPage),
    };
  }

  /** A page rendered elsewhere (a render worker) and its fingerprint, as pageFor would have noted it. */
  rendered(permalink: string, hash: string): void {
    this.pending.delete(permalink);
    this.renderedHashes.set(permalink, hash);
  }

  /** Marks the kept pages as files of this build and records every page's fingerprint. */
  async save(writer: OutputWriter): Promise<void> {
    for (const rel of this.kept) writer.keep(rel);
    for (const [rel, hash] of this.renderedHashes) {
      const size = writer.sizes.get(rel);
      if (size !== undefined) this.records.set(rel, { hash, size });
    }
    await writePageRecords(this.output, this.records);
  }

  private toRender<S extends PageStub>(stubs: S[], pageOf: (stub: S) => unknown): S[] {
    if (this.previous.size === 0) return stubs;
    return stubs.filter((stub) => {
      const old = this.previous.get(stub.permalink);
      if (!old || !fileHasSize(this.output, stub.permalink, old.size)) return true;
      const page = pageOf(stub);
      const hash = pageFingerprint(this.shared, page);
      if (old.hash === hash) {
        this.kept.push(stub.permalink);
        this.records.set(stub.permalink, old);
        return false;
      }
      this.pending.set(stub.permalink, page);
      this.renderedHashes.set(stub.permalink, hash);
      return true;
    });
  }

  /** The page's data for rendering: the one the comparison built, or a new one, fingerprinted once. */
  private pageFor<S extends PageStub, V>(stub: S, pageOf: (stub: S) => V): V {
    const pending = this.pending.get(stub.permalink) as V | undefined;
    if (pending !== undefined) {
      this.pending.delete(stub.permalink);
      return pending;
    }
    const page = pageOf(stub);
    this.renderedHashes.set(stub.permalink, pageFingerprint(this.shared, page));
    return page;
  }
}

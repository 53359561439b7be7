// Thread and author pages (nearly all of a site), and the listings (forum pages, the authors
// index, similar-thread pages), whose fingerprint matches the previous build's are not rendered at
// all; the others are, and their fingerprints recorded. A fingerprint is taken
// from the page's inputs before it renders (page-inputs.ts), so no page's view is built to be
// compared. See output/fingerprints.ts for how the records are kept.
import type { OutputWriter } from "../output/writer.ts";
import {
  type FileStamp,
  fileStampOfSize,
  readPageRecords,
  writePageRecords,
  type PageRecord,
} from "../output/fingerprints.ts";
import type {
  AuthorIndexPage,
  AuthorPageStub,
  ClusterPageView,
  ForumPageView,
  PageStub,
  SiteData,
  ThreadPageStub,
} from "../site/view/index.ts";

/** A listing's template: its view is its page's whole data (built up front, unlike a thread's). */
export type ListingKind = "forum" | "authors" | "cluster";

/** A page's fingerprint from its stub or view (PageInputs). */
export interface PageFingerprints {
  threadPage(stub: ThreadPageStub): string;
  authorPage(stub: AuthorPageStub): string;
  listingPage(kind: ListingKind, view: ForumPageView | AuthorIndexPage | ClusterPageView): string;
}

export class UnchangedPages {
  private readonly records = new Map<string, PageRecord>();
  /** Fingerprints of the pages this build renders, recorded once their files are written. */
  private readonly toRecord = new Map<string, string>();
  /** The pages kept, by permalink, with their files' size and mtime (for the record of the output). */
  readonly kept = new Map<string, FileStamp>();

  private constructor(
    private readonly output: string,
    private readonly previous: Map<string, PageRecord>,
  ) {}

  static async open(output: string): Promise<UnchangedPages> {
    return new UnchangedPages(output, await readPageRecords(output));
  }

  /** The site data with the thread and author pages whose fingerprints are the last build's left out. */
  skipUnchanged(site: SiteData, fingerprints: PageFingerprints): SiteData {
    return {
      ...site,
      threadPages: this.toRender(site.threadPages, (stub) => fingerprints.threadPage(stub)),
      authorPages: this.toRender(site.authorPages, (stub) => fingerprints.authorPage(stub)),
      forumPages: this.toRender(site.forumPages, (view) => fingerprints.listingPage("forum", view)),
      authorIndexPages: this.toRender(site.authorIndexPages, (view) => fingerprints.listingPage("authors", view)),
      clusterPages: this.toRender(site.clusterPages, (view) => fingerprints.listingPage("cluster", view)),
    };
  }

  /** Marks the kept pages as files of this build and records every page's fingerprint. */
  async save(writer: OutputWriter): Promise<void> {
    for (const rel of this.kept.keys()) writer.keep(rel);
    for (const [rel, hash] of this.toRecord) {
      const size = writer.sizes.get(rel);
      if (size !== undefined) this.records.set(rel, { hash, size });
    }
    await writePageRecords(this.output, this.records);
  }

  private toRender<S extends Pick<PageStub, "permalink">>(stubs: S[], fingerprintOf: (stub: S) => string): S[] {
    return stubs.filter((stub) => {
      const hash = fingerprintOf(stub);
      const old = this.previous.get(stub.permalink);
      const stamp = old?.hash === hash ? fileStampOfSize(this.output, stub.permalink, old.size) : undefined;
      if (stamp !== undefined && old !== undefined) {
        this.kept.set(stub.permalink, stamp);
        this.records.set(stub.permalink, old);
        return false;
      }
      this.toRecord.set(stub.permalink, hash);
      return true;
    });
  }
}

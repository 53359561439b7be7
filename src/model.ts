// The data contract of forum-archive (docs/ARCHITECTURE.md: where it flows). Field names here are public:
// tests, users' scripts and the search index read them. Add fields; rename none.
// This module imports nothing.

/** Something in the input the parser could not place exactly, with where it was. */
export interface Warning {
  file: string;
  /** 1-based line in the dump; 0 when the warning is about the file as a whole. */
  line: number;
  message: string;
}

/** Formatting a saved HTML page shows around text (text dumps carry none). */
export type Mark = "bold" | "italic" | "underline" | "strike";

export type Inline =
  | { type: "text"; text: string; marks?: Mark[] }
  /** `truncated`: the forum shortened the URL (`http://www.youtube.com/watch?v=ybsaH...eature=related`); it cannot be followed.
   *  `image`: an image of the post, kept as a link to its original address (never fetched); `text` is its alt text or file name.
   *  `attachment`: the id of one of the post's attached files (`Attachment.files`) its text shows here (database
   *  inputs' [ATTACH]); `href` is its address on the old board, `text` its file name. */
  | {
      type: "link";
      href: string;
      text: string;
      truncated?: boolean;
      marks?: Mark[];
      image?: boolean;
      attachment?: string;
    };

export type Block =
  /** Lines of one paragraph are joined with "\n" inside text inlines. */
  | { type: "paragraph"; inlines: Inline[] }
  /** `postNumber`: the post of this thread the quoted text was found in, when it is in the dump. */
  | {
      type: "quote";
      author?: string;
      postNumber?: number;
      blocks: Block[];
      /** The quoted post's id on the original forum (HTML pages: from the quote's "View Post" link). */
      postId?: string;
    }
  /** A bulleted or numbered list (HTML pages); each item is its own blocks. */
  | { type: "list"; ordered: boolean; items: Block[][] }
  /** A code (or PHP, HTML) box, its text exactly as shown; `label` is the box's caption ("Code:"). */
  | { type: "code"; text: string; label?: string };

export interface Author {
  name: string;
  /** User title: "Member", "Affiliate", "Guest". */
  title?: string;
  /** "2008-04" (year and month), from "Join Date: Apr 2008". */
  joinDate?: string;
  location?: string;
  postCount?: number;
  hasAvatar: boolean;
  /** "is online" / "is offline" at capture time; absent when the layout does not show it. */
  online?: boolean;
  /** A guest (unregistered) poster: no profile, "Posts: n/a". */
  guest?: boolean;
  /** The author's user id on the original forum (database inputs), for `member.php?u=` redirects. */
  userId?: string;
}

export interface EditNote {
  by: string;
  /** ISO 8601 when the date could be read, else the text as written. */
  at: string;
  atText: string;
  reason?: string;
}

/** An "Attached Thumbnails" / "Attached Files" block, kept as the dump wrote it. */
export interface Attachment {
  label: string;
  lines: string[];
  /** HTML pages: the attached files as links to their original addresses (never fetched). */
  links?: { href: string; text: string }[];
  /** Database inputs: the attached files, in the board's order (by id). */
  files?: AttachedFile[];
}

/** A file attached to a post (database inputs), as the board stored it. */
export interface AttachedFile {
  /** The attachment's id on the original forum. */
  id: string;
  /** The file name as the board stored it: data, shown escaped; the archive's copy is named by a slug of it. */
  name: string;
  /** Size in bytes, when the board tells it. */
  size?: number;
  /** The archive's copy, site-relative ("/attachments/example-forums/1/photo.png"): only when the
   *  build writes attachments (--attachments) and the file's bytes were found. */
  url?: string;
  /** A PNG, JPEG, GIF or WebP image by both its name and its content, with its size in pixels:
   *  shown in the page (only with `url`). */
  image?: { width: number; height: number };
  /** The post's text shows it where it names it ([ATTACH]); the others are shown under the post. */
  inBody?: boolean;
}

/** The bytes of the attached files an archive's posts name by `AttachedFile.url`, for the build to
 *  copy into the site; `close` lets go of what holds them (a private temporary folder). */
export interface AttachmentBytes {
  read(url: string): Promise<Uint8Array | undefined>;
  close(): Promise<void>;
}

/** A thread's poll, as a saved HTML page shows its results. */
export interface Poll {
  question: string;
  options: { text: string; votes?: number; percent?: number }[];
  voters?: number;
  closed?: boolean;
}

export interface Post {
  /** The "#N" of the dump. */
  number: number;
  /** ISO 8601, with the offset when the zone is known ("2009-05-09T09:27:00-07:00"); empty when
   *  the date could not be resolved (a warning says so; the text is in postedAtText). Never page text. */
  postedAt: string;
  /** The date exactly as the dump wrote it. */
  postedAtText: string;
  author: Author;
  title?: string;
  /** The post icon's alt text ("Default") when the layout shows one. */
  icon?: string;
  body: Block[];
  signature?: Block[];
  edited?: EditNote;
  attachments?: Attachment[];
  /** The post's id on the original forum (HTML pages: `post123`, `data-node-id`). */
  id?: string;
  /** A soft-deleted post, kept as a placeholder: who deleted it and why, as the page says. */
  deleted?: { by?: string; reason?: string; text: string };
  /** Shown to moderators only, awaiting approval, on the saved page. */
  moderated?: boolean;
  /** Where the post starts: file and 1-based line. */
  source: { file: string; line: number };
}

/** A row of the dump's own "Similar Threads" table. */
export interface ListedThread {
  title: string;
  starter: string;
  forum: string;
  replies: number;
  /** ISO 8601 when readable, else as written. */
  lastPostAt: string;
  /** The row exactly as the dump wrote it: kept whatever the split. */
  row: string;
  /** How the single-space columns were told apart: "known" when title, starter or
   *  forum matched names the archive knows, "guessed" when a heuristic did it. */
  split: "known" | "guessed";
  /** Permalink of the archived thread this row names, when the archive holds it. */
  archivedUrl?: string;
  archivedId?: string;
}

export interface TimeZone {
  /** As the dump wrote it: "GMT -7", "WEZ +1". */
  label: string;
  offsetMinutes: number;
}

/** A thread the archive computed as similar. */
export interface SimilarRef {
  id: string;
  url: string;
  title: string;
  score: number;
}

export interface Thread {
  /** Stable: derived from the thread's own content, never from input order. */
  id: string;
  title: string;
  /** Site-relative permalink, stable across builds: "/crossfit-discussion-board/injuries/back-spasms-from-running-1a2b3c4d/". */
  url: string;
  site: string;
  breadcrumbs: string[];
  forum: { name: string; description?: string };
  /** Ordered by number, de-duplicated across the pages of the thread. */
  posts: Post[];
  similarListed: ListedThread[];
  /** Computed by the archive (similar-threads issue); empty from `parse`. */
  similar?: SimilarRef[];
  /** The thread's language, a BCP 47 tag for the pages' `lang`: the language pack of a saved
   *  page's forum ("en", "de", "fr") where its reader tells (also from `parse`), else what the
   *  archive detects in the text ("en", "de"; absent from `parse`). */
  language?: string;
  timezone?: TimeZone;
  /** `url`: the original page (HTML pages: its canonical address, Wayback Machine links restored);
   *  `threadId`: the thread's id on the original forum, when a page tells it. */
  source: {
    files: string[];
    url?: string;
    captured?: string;
    threadId?: string;
    /** The forum's id on the original forum (database inputs), for `forumdisplay.php?f=` redirects. */
    forumId?: string;
  };
  /** The thread's poll (HTML pages). */
  poll?: Poll;
  /** Pinned to the top of its forum on the original board (database inputs); absent otherwise. */
  sticky?: true;
  /** Lines after the footer's time line (site copyright, trademark notes). */
  footer?: string[];
  warnings: Warning[];
}

/** A dump file that held no thread, with the reason. */
export interface Failure {
  file: string;
  reason: string;
  /** A saved page of the forum that is no thread page (forum index, member profile, search):
   *  mirrors hold many, so it is reported as skipped, not as an error. */
  notAThread?: true;
}

export interface ForumSummary {
  site: string;
  name: string;
  description?: string;
  /** The breadcrumbs above the forum: [site, category, ...]. */
  parents: string[];
  url: string;
  threadIds: string[];
  postCount: number;
}

export interface AuthorSummary {
  name: string;
  url: string;
  /** Profile fields from the newest post that shows them. */
  profile: Author;
  /** Newest first: [thread id, post number]. */
  posts: { threadId: string; number: number; postedAt: string }[];
}

/** A group of mutually similar threads, for the similar-thread indexes. */
export interface Cluster {
  id: string;
  /** The most telling terms of the group, best first. */
  label: string[];
  /** The forum the cluster belongs to; absent for site-wide clusters. */
  forum?: { site: string; name: string };
  threadIds: string[];
}

/** Everything the site is rendered from. */
export interface Archive {
  threads: Thread[];
  clusters?: Cluster[];
  forums: ForumSummary[];
  authors: AuthorSummary[];
  warnings: Warning[];
  failures: Failure[];
  /** How the input was read: dump files, how many were parsed afresh, how many came from the cache. */
  loaded?: { files: number; parsed: number; fromCache: number };
  /** Database inputs with --attachments: the bytes of the files the posts name (not data: never printed). */
  attachmentBytes?: AttachmentBytes;
}

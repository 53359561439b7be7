// The rows of a vBulletin database, gathered as they stream past (from a dump or a live server):
// the small tables into maps, each post into the post store (on disk), every value through the
// column list of schema.ts. Order-free: whatever order tables and rows come in, the board is the same.
import type { Warning } from "../../model.ts";
import { PostStore } from "./post-store.ts";
import { FILE_COLUMNS, READ_COLUMNS, prefixOf } from "./schema.ts";
import type { RowSink, SqlValue, TableShape } from "./sql-reader.ts";
import { repairUtf8InLatin1 } from "./text.ts";
import {
  storeAttach,
  storeChannel,
  storeNode,
  storePermission,
  storePollOption,
  storeRoute,
  storeText,
  Vb5Rows,
} from "./vb5.ts";

export interface BoardOptions {
  /** Table prefix; detected from the tables' names and columns when not given. */
  tablePrefix?: string;
  /** Read attachment bytes (filedata) too. */
  attachments?: boolean;
  /** Where the bytes of attachments go, one file per attachment id (with `attachments`). */
  onFile?: (kind: "attachment" | "filedata", id: number, bytes: Buffer) => void;
}

export interface ForumRow {
  id: number;
  title: string;
  description: string;
  options: number;
  displayOrder: number;
  parentId: number;
  parentList: number[];
  hasPassword: boolean;
  isLink: boolean;
}

export interface UserRow {
  id: number;
  groupId: number;
  name: string;
  userTitle: string;
  customTitle: number;
  joinDate: number;
  posts: number;
  avatarId: number;
}

export interface ThreadRow {
  id: number;
  title: string;
  prefixId: string;
  forumId: number;
  pollId: number;
  open: number;
  visible: number;
  sticky: number;
  dateline: number;
  /** The thread's own address on the old board, where it is not showthread.php's (vBulletin 5). */
  url?: string;
}

export interface AttachmentRow {
  id: number;
  /** The post (3.8: postid; 4.x: contentid of a Post content type). */
  postId: number;
  contentTypeId?: number;
  visible: boolean;
  fileName: string;
  size?: number;
  fileDataId?: number;
  /** Who uploaded it: its folder in vBulletin's attachment folder (3.8). */
  userId?: number;
}

export interface LeftOutCounts {
  moderatedPosts: number;
  deletedPosts: number;
  privateMessages: number;
}

export class Board {
  readonly settings = new Map<string, string>();
  readonly forums = new Map<number, ForumRow>();
  /** forum id → user group id → forumpermissions bits. */
  readonly permissions = new Map<number, Map<number, number>>();
  readonly groups = new Map<number, { userTitle: string; forumPermissions: number }>();
  readonly userTitles: { minPosts: number; title: string }[] = [];
  readonly users = new Map<number, UserRow>();
  readonly publicFields = new Set<number>();
  readonly locations = new Map<number, string>();
  readonly signatures = new Map<number, string>();
  readonly avatars = new Set<number>();
  /** prefix id → its plain title, from the phrase of the lowest language id seen (0 before -1 before others). */
  readonly prefixes = new Map<string, { languageId: number; text: string }>();
  readonly threads = new Map<number, ThreadRow>();
  readonly polls = new Map<
    number,
    { question: string; options: string; votes: string; active: number; voters: number }
  >();
  readonly edits = new Map<number, { by: string; dateline: number; reason: string }>();
  readonly deletions = { posts: 0, threads: 0 };
  readonly attachments: AttachmentRow[] = [];
  readonly fileSizes = new Map<number, number>();
  /** 4.x filedata id → its user id (the file's folder in vBulletin's attachment folder). */
  readonly fileUsers = new Map<number, number>();
  readonly contentTypes = new Map<number, string>();
  readonly leftOut: LeftOutCounts = { moderatedPosts: 0, deletedPosts: 0, privateMessages: 0 };
  /** Replaced by vBulletin 5's own store when the board turns out to be one (vb5.ts). */
  posts = new PostStore();
  readonly vb5 = new Vb5Rows();
  readonly warnings: Warning[] = [];
  /** Tables read, by their name without prefix. */
  readonly tablesSeen = new Set<string>();
  prefix: string | undefined;
  #repairedTables = new Set<string>();

  constructor(
    readonly source: string,
    readonly options: BoardOptions = {},
  ) {
    this.prefix = options.tablePrefix;
  }

  /** The table's name without the board's prefix, when it is one of the tables read. */
  logicalName(table: TableShape): string | undefined {
    this.prefix ??= prefixOf(
      table.name,
      table.columns.map((column) => column.name),
    );
    if (this.prefix === undefined || !table.name.startsWith(this.prefix)) return undefined;
    const name = table.name.slice(this.prefix.length).toLowerCase();
    return name in READ_COLUMNS ? name : undefined;
  }

  /** Which of the table's columns are read. */
  wantedColumns(table: TableShape): boolean[] | undefined {
    const name = this.logicalName(table);
    if (name === undefined) return undefined;
    this.tablesSeen.add(name);
    const read = new Set(READ_COLUMNS[name]);
    return table.columns.map((column) => {
      const key = column.name.toLowerCase();
      if (!read.has(key)) return false;
      if (FILE_COLUMNS.has(`${name}.${key}`)) return this.options.attachments === true;
      // Location (field2) is read when its profilefield row says it is public, or when that row
      // comes later in the input (a dump in another table order); threads.ts publishes it only if
      // the row says public.
      if (name === "userfield" && key === "field2")
        return this.publicFields.has(2) || !this.tablesSeen.has("profilefield");
      return true;
    });
  }

  /** The row as named values; text of latin1 columns holding UTF-8 repaired (with a warning, once a table). */
  namedRow(table: TableShape, values: readonly (SqlValue | undefined)[], line: number): Map<string, SqlValue> {
    const row = new Map<string, SqlValue>();
    table.columns.forEach((column, index) => {
      let value = values[index];
      if (value === undefined) return;
      if (typeof value === "string" && column.charset === "latin1") {
        const repaired = repairUtf8InLatin1(value);
        if (repaired !== value && !this.#repairedTables.has(table.name)) {
          this.#repairedTables.add(table.name);
          this.warnings.push({
            file: this.source,
            line,
            message: `table ${table.name} is latin1 but holds UTF-8 text; read as UTF-8`,
          });
        }
        value = repaired;
      }
      row.set(column.name.toLowerCase(), value);
    });
    return row;
  }
}

export const num = (value: SqlValue | undefined): number =>
  value === null || value === undefined ? 0 : Number(value) || 0;
export const str = (value: SqlValue | undefined): string =>
  value === null || value === undefined ? "" : Buffer.isBuffer(value) ? value.toString("utf8") : String(value);

/** A RowSink that fills `board`. */
export function boardSink(board: Board): RowSink {
  return {
    wanted: (table) => board.wantedColumns(table),
    row: (table, values, line) => {
      const name = board.logicalName(table);
      if (name !== undefined) storeRow(board, name, board.namedRow(table, values, line), line);
    },
  };
}

type Row = Map<string, SqlValue>;
const SETTINGS_USED = new Set(["bbtitle", "bburl", "frontendurl", "friendlyurl", "timeoffset"]);
const STORE: Record<string, (board: Board, row: Row, line: number) => void> = {
  // Only the settings the archive uses are kept: others hold e-mail addresses and mail passwords.
  setting: (board, row) => {
    const name = str(row.get("varname"));
    if (SETTINGS_USED.has(name)) board.settings.set(name, str(row.get("value")));
  },
  forum: (board, row) => board.forums.set(num(row.get("forumid")), forumOf(row)),
  forumpermission: (board, row) => {
    const forum = num(row.get("forumid"));
    const groups = board.permissions.get(forum) ?? new Map<number, number>();
    groups.set(num(row.get("usergroupid")), num(row.get("forumpermissions")));
    board.permissions.set(forum, groups);
  },
  usergroup: (board, row) =>
    board.groups.set(num(row.get("usergroupid")), {
      userTitle: str(row.get("usertitle")),
      forumPermissions: num(row.get("forumpermissions")),
    }),
  usertitle: (board, row) =>
    board.userTitles.push({ minPosts: num(row.get("minposts")), title: str(row.get("title")) }),
  user: (board, row) => board.users.set(num(row.get("userid")), userOf(row)),
  profilefield: (board, row) => {
    if (num(row.get("hidden")) === 0) board.publicFields.add(num(row.get("profilefieldid")));
  },
  userfield: (board, row) => {
    const location = str(row.get("field2")).trim();
    if (location) board.locations.set(num(row.get("userid")), location);
  },
  usertextfield: (board, row) => {
    const signature = str(row.get("signature"));
    if (signature.trim()) board.signatures.set(num(row.get("userid")), signature);
  },
  customavatar: (board, row) => board.avatars.add(num(row.get("userid"))),
  customprofilepic: () => undefined,
  phrase: storePhrase,
  thread: (board, row) => board.threads.set(num(row.get("threadid")), threadOf(row)),
  post: storePost,
  editlog: (board, row) =>
    board.edits.set(num(row.get(row.has("nodeid") ? "nodeid" : "postid")), {
      by: str(row.get("username")),
      dateline: num(row.get("dateline")),
      reason: str(row.get("reason")),
    }),
  deletionlog: (board, row) => {
    if (str(row.get("type")) === "thread") board.deletions.threads++;
    else board.deletions.posts++;
  },
  poll: (board, row) =>
    row.has("nodeid")
      ? board.vb5.polls.set(num(row.get("nodeid")), { active: num(row.get("active")), voters: num(row.get("votes")) })
      : board.polls.set(num(row.get("pollid")), {
          question: str(row.get("question")),
          options: str(row.get("options")),
          votes: str(row.get("votes")),
          active: num(row.get("active")),
          voters: num(row.get("voters")),
        }),
  attachment: storeAttachment,
  filedata: (board, row) => {
    const id = num(row.get("filedataid"));
    board.fileSizes.set(id, num(row.get("filesize")));
    if (row.has("userid")) board.fileUsers.set(id, num(row.get("userid")));
    const bytes = row.get("filedata");
    if (Buffer.isBuffer(bytes)) board.options.onFile?.("filedata", id, bytes);
  },
  contenttype: (board, row) => board.contentTypes.set(num(row.get("contenttypeid")), str(row.get("class"))),
  pmtext: (board) => void board.leftOut.privateMessages++,
  node: storeNode,
  text: storeText,
  channel: storeChannel,
  permission: storePermission,
  routenew: storeRoute,
  polloption: storePollOption,
  attach: storeAttach,
};

function storeRow(board: Board, name: string, row: Row, line: number): void {
  STORE[name]?.(board, row, line);
}

function forumOf(row: Row): ForumRow {
  return {
    id: num(row.get("forumid")),
    title: str(row.get("title")),
    description: str(row.get("description")),
    options: num(row.get("options")),
    displayOrder: num(row.get("displayorder")),
    parentId: num(row.get("parentid")),
    parentList: str(row.get("parentlist"))
      .split(",")
      .map(Number)
      .filter((id) => id > 0),
    hasPassword: str(row.get("password")) !== "",
    isLink: str(row.get("link")) !== "",
  };
}

function userOf(row: Row): UserRow {
  return {
    id: num(row.get("userid")),
    groupId: num(row.get("usergroupid")),
    name: str(row.get("username")),
    userTitle: str(row.get("usertitle")),
    customTitle: num(row.get("customtitle")),
    joinDate: num(row.get("joindate")),
    posts: num(row.get("posts")),
    avatarId: num(row.get("avatarid")),
  };
}

function threadOf(row: Row): ThreadRow {
  return {
    id: num(row.get("threadid")),
    title: str(row.get("title")),
    prefixId: str(row.get("prefixid")),
    forumId: num(row.get("forumid")),
    pollId: num(row.get("pollid")),
    open: num(row.get("open")),
    visible: num(row.get("visible")),
    sticky: num(row.get("sticky")),
    dateline: num(row.get("dateline")),
  };
}

/** Thread prefixes' plain titles: the phrases `prefix_<id>_title_plain`. */
function storePhrase(board: Board, row: Row): void {
  const match = /^prefix_(.+)_title_plain$/.exec(str(row.get("varname")));
  if (!match) return;
  const languageId = num(row.get("languageid"));
  const rank = (id: number) => (id === 0 ? 0 : id === -1 ? 1 : 2 + id);
  const known = board.prefixes.get(match[1]!);
  if (!known || rank(languageId) < rank(known.languageId))
    board.prefixes.set(match[1]!, { languageId, text: str(row.get("text")) });
}

/** Visible posts go to the store; moderated (0) and soft-deleted (2) ones are counted, their text dropped. */
function storePost(board: Board, row: Row, line: number): void {
  const visible = num(row.get("visible"));
  if (visible !== 1) {
    if (visible === 0) board.leftOut.moderatedPosts++;
    else board.leftOut.deletedPosts++;
    return;
  }
  board.posts.add(num(row.get("threadid")), num(row.get("postid")), num(row.get("dateline")), {
    username: str(row.get("username")),
    userid: num(row.get("userid")),
    title: str(row.get("title")),
    pagetext: str(row.get("pagetext")),
    showsignature: num(row.get("showsignature")),
    line,
  });
}

function storeAttachment(board: Board, row: Row): void {
  const id = num(row.get("attachmentid"));
  const v4 = row.has("contentid");
  board.attachments.push({
    id,
    postId: num(row.get(v4 ? "contentid" : "postid")),
    ...(v4 ? { contentTypeId: num(row.get("contenttypeid")), fileDataId: num(row.get("filedataid")) } : {}),
    visible: v4 ? str(row.get("state")) === "visible" : num(row.get("visible")) === 1,
    fileName: str(row.get("filename")),
    ...(row.has("filesize") ? { size: num(row.get("filesize")) } : {}),
    ...(row.has("userid") ? { userId: num(row.get("userid")) } : {}),
  });
  const bytes = row.get("filedata");
  if (Buffer.isBuffer(bytes)) board.options.onFile?.("attachment", id, bytes);
}

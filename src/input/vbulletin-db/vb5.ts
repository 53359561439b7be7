// vBulletin 5 databases: channels (forums), starters (threads) and replies are all rows of `node`,
// their text in `text`, told apart by `contenttype.class`. This module gathers those rows as they
// stream past and, once the input is read, turns them into the same board shape vBulletin 3.8 /
// 4.x give (board.forums, board.threads, board.posts), so threads.ts makes the threads of both.
// Only channels under the forums' root channel (guid below) are forums: blogs, social groups,
// visitor messages, private messages and reports live under other roots and are never published.
import type { Board, ForumRow, ThreadRow } from "./board.ts";
import { num, str } from "./board.ts";
import { PostStore, type StoredPost } from "./post-store.ts";
import type { SqlValue } from "./sql-reader.ts";

/** The guid vBulletin 5 gives its forums' root channel ("Forum"), on every install. */
export const FORUM_ROOT_GUID = "vbulletin-4ecbdf567f2c35.70389590";
/** Content types whose nodes hold a post's text (a poll, gallery, link or video topic has its text too). */
const POST_CLASSES = new Set(["Text", "Poll", "Gallery", "Link", "Video", "Event"]);
const GUESTS = 1;

type Row = Map<string, SqlValue>;
type NodeState = "shown" | "moderated" | "deleted";

interface NodeRow {
  id: number;
  parentId: number;
  starter: number;
  contentTypeId: number;
  routeId: number;
  title: string;
  description: string;
  urlIdent: string;
  prefixId: string;
  displayOrder: number;
  /** publishdate, else created: the date vBulletin 5 shows. */
  date: number;
  userId: number;
  authorName: string;
  open: number;
  sticky: number;
  state: NodeState;
}

/** The vBulletin 5 rows of a board, as read so far. */
export class Vb5Rows {
  /** Channels, starters, and replies whose text is not read yet (a reply's row goes once its text is stored). */
  readonly nodes = new Map<number, NodeRow>();
  /** Channel node id → guid. */
  readonly guids = new Map<number, string>();
  /** Node id → user group id → forumpermissions bits. */
  readonly permissions = new Map<number, Map<number, number>>();
  /** Route id → address prefix ("forum/main-category/main-forum"). */
  readonly routes = new Map<number, string>();
  /** Texts that came before their node (a dump in an unusual table order), placed at the end. */
  readonly pending = new Map<number, StoredPost>();
  /** Poll topic's node id → whether it is open and how many voted; its options, in id order. */
  readonly polls = new Map<number, { active: number; voters: number }>();
  readonly pollOptions = new Map<number, { id: number; title: string; votes: number }[]>();
  /** Attach node id → its file. */
  readonly attaches = new Map<number, { fileDataId: number; visible: boolean; fileName: string }>();
  readonly posts = new PostStore();
  readonly leftOut = { moderatedPosts: 0, deletedPosts: 0 };
}

/** Whether the board is vBulletin 5's: a `node` and a `text` table were read. */
export function isVb5(board: Board): boolean {
  return board.tablesSeen.has("node") && board.tablesSeen.has("text");
}

function stateOf(row: Row): NodeState {
  if (num(row.get("deleteuserid")) > 0) return "deleted";
  // show* are the node's own flag and its parents' together; an unpublished node waits like a moderated one.
  const shown = (name: string) => !row.has(name) || num(row.get(name)) === 1;
  return shown("approved") && shown("showapproved") && shown("showpublished") ? "shown" : "moderated";
}

export function storeNode(board: Board, row: Row): void {
  const id = num(row.get("nodeid"));
  board.vb5.nodes.set(id, {
    id,
    parentId: num(row.get("parentid")),
    starter: num(row.get("starter")),
    contentTypeId: num(row.get("contenttypeid")),
    routeId: num(row.get("routeid")),
    title: str(row.get("title")),
    description: str(row.get("description")),
    urlIdent: str(row.get("urlident")),
    prefixId: str(row.get("prefixid")),
    displayOrder: num(row.get("displayorder")),
    date: num(row.get("publishdate")) || num(row.get("created")),
    userId: num(row.get("userid")),
    authorName: str(row.get("authorname")),
    open: row.has("open") ? num(row.get("open")) : 1,
    sticky: num(row.get("sticky")),
    state: stateOf(row),
  });
}

export function storeText(board: Board, row: Row, line: number): void {
  const id = num(row.get("nodeid"));
  const text: StoredPost = {
    username: "",
    userid: 0,
    title: "",
    pagetext: str(row.get("rawtext")),
    showsignature: num(row.get("showsignature")),
    line,
  };
  // Tables come whole, one after another: a text whose node is known comes after the whole node table.
  const known = board.tablesSeen.has("channel") && board.tablesSeen.has("contenttype");
  if (known && board.vb5.nodes.has(id)) placeText(board, id, text);
  else board.vb5.pending.set(id, text);
}

export function storeChannel(board: Board, row: Row): void {
  board.vb5.guids.set(num(row.get("nodeid")), str(row.get("guid")));
}

export function storePermission(board: Board, row: Row): void {
  const node = num(row.get("nodeid"));
  const groups = board.vb5.permissions.get(node) ?? new Map<number, number>();
  groups.set(num(row.get("groupid")), num(row.get("forumpermissions")));
  board.vb5.permissions.set(node, groups);
}

export function storeRoute(board: Board, row: Row): void {
  board.vb5.routes.set(num(row.get("routeid")), str(row.get("prefix")).replace(/^\/+|\/+$/g, ""));
}

export function storePollOption(board: Board, row: Row): void {
  const node = num(row.get("nodeid"));
  const options = board.vb5.pollOptions.get(node) ?? [];
  options.push({ id: num(row.get("polloptionid")), title: str(row.get("title")), votes: num(row.get("votes")) });
  board.vb5.pollOptions.set(node, options);
}

export function storeAttach(board: Board, row: Row): void {
  board.vb5.attaches.set(num(row.get("nodeid")), {
    fileDataId: num(row.get("filedataid")),
    visible: num(row.get("visible")) === 1,
    fileName: str(row.get("filename")),
  });
}

/** The forums' root channel: by its guid, else (no `channel` table) node 2, where every install puts it. */
function forumRoot(board: Board): number {
  for (const [id, guid] of board.vb5.guids) if (guid === FORUM_ROOT_GUID) return id;
  return 2;
}

/** The channels from `channelId` up to (not including) the forums' root, nearest first; undefined when
 *  the channel is not under that root (blogs, groups, private messages). */
function forumChain(board: Board, channelId: number, root: number): number[] | undefined {
  const chain: number[] = [];
  for (let id = channelId; id !== root; ) {
    const node = board.vb5.nodes.get(id);
    if (!node || chain.includes(id) || board.contentTypes.get(node.contentTypeId) !== "Channel") return undefined;
    chain.push(id);
    id = node.parentId;
  }
  return chain.length ? chain : undefined;
}

/** A text to the post store under its topic, or left out (private, moderated, deleted, not a forum's). */
function placeText(board: Board, id: number, text: StoredPost): void {
  const rows = board.vb5;
  const node = rows.nodes.get(id);
  const starter = node ? rows.nodes.get(node.starter) : undefined;
  if (node && node.id !== node.starter) rows.nodes.delete(id);
  if (!node || !starter || !POST_CLASSES.has(board.contentTypes.get(node.contentTypeId) ?? "")) return;
  if (!forumChain(board, starter.parentId, forumRoot(board))) return;
  if (starter.state !== "shown") return; // the topic is left out, counted as a thread
  if (node.state !== "shown") {
    rows.leftOut[node.state === "deleted" ? "deletedPosts" : "moderatedPosts"]++;
    return;
  }
  rows.posts.add(starter.id, node.id, node.date, {
    ...text,
    username: node.authorName,
    userid: node.userId,
    title: node.id === starter.id ? "" : node.title,
  });
}

/**
 * Once every row is read: the vBulletin 5 rows as the board's forums, permissions, threads and posts
 * (what a 3.8 / 4.x board fills directly). Tables an upgrade from vBulletin 4 left behind (forum,
 * thread, post, attachment, poll) are not the board's content any more and are set aside.
 */
export function finishVb5(board: Board): void {
  const rows = board.vb5;
  for (const [id, text] of rows.pending) placeText(board, id, text);
  rows.pending.clear();
  const root = forumRoot(board);
  board.forums.clear();
  board.permissions.clear();
  board.threads.clear();
  board.attachments.length = 0;
  board.polls.clear();
  board.posts.close();
  board.posts = rows.posts;
  board.leftOut.moderatedPosts = rows.leftOut.moderatedPosts;
  board.leftOut.deletedPosts = rows.leftOut.deletedPosts;
  board.leftOut.privateMessages = 0;
  const frontend = board.settings.get("frontendurl");
  if (frontend) board.settings.set("bburl", frontend);
  for (const node of rows.nodes.values()) {
    const kind = board.contentTypes.get(node.contentTypeId);
    if (kind === "PrivateMessage" && node.id === node.starter) board.leftOut.privateMessages++;
    if (kind === "Channel") addChannel(board, node, root);
    else if (kind === "Attach") addAttachment(board, node);
    else if (node.id === node.starter && POST_CLASSES.has(kind ?? "")) addTopic(board, node, root, frontend);
  }
}

function addChannel(board: Board, node: NodeRow, root: number): void {
  const chain = forumChain(board, node.id, root);
  if (!chain) return;
  const forum: ForumRow = {
    id: node.id,
    title: node.title,
    description: node.description,
    // An unpublished or unapproved channel is an inactive forum: hidden, and everything under it.
    options: node.state === "shown" ? 1 : 0,
    displayOrder: node.displayOrder,
    parentId: chain[1] ?? 0,
    parentList: chain,
    hasPassword: false,
    isLink: false,
  };
  board.forums.set(node.id, forum);
  // The guests' rights: the nearest channel up to the very top (the root's parents too) with a row for them.
  for (let id: number | undefined = node.id, seen = 0; id !== undefined && seen < 100; seen++) {
    const bits = board.vb5.permissions.get(id)?.get(GUESTS);
    if (bits !== undefined) {
      board.permissions.set(node.id, new Map([[GUESTS, bits]]));
      break;
    }
    const parent: number | undefined = board.vb5.nodes.get(id)?.parentId;
    id = parent && parent !== id ? parent : undefined;
  }
}

/** An Attach node as an attachment of the post it hangs under (published with that post only). */
function addAttachment(board: Board, node: NodeRow): void {
  const attach = board.vb5.attaches.get(node.id);
  if (!attach) return;
  board.attachments.push({
    id: node.id,
    postId: node.parentId,
    visible: attach.visible && node.state === "shown",
    fileName: attach.fileName,
    fileDataId: attach.fileDataId,
  });
}

function addTopic(board: Board, node: NodeRow, root: number, frontend: string | undefined): void {
  if (!forumChain(board, node.parentId, root)) return;
  const thread: ThreadRow = {
    id: node.id,
    title: node.title,
    prefixId: node.prefixId,
    forumId: node.parentId,
    pollId: addPoll(board, node) ? node.id : 0,
    open: node.open,
    visible: node.state === "shown" ? 1 : node.state === "moderated" ? 0 : 2,
    sticky: node.sticky,
    dateline: node.date,
  };
  const path = topicPath(board, node, root);
  if (frontend && path) thread.url = `${frontend.replace(/\/+$/, "")}/${path}`;
  board.threads.set(node.id, thread);
}

/** A poll topic's poll in the board's poll shape (3.8/4.x: options and votes joined by "|||"): its
 *  question is the topic's title. Whether one was added. */
function addPoll(board: Board, node: NodeRow): boolean {
  const poll = board.vb5.polls.get(node.id);
  const options = [...(board.vb5.pollOptions.get(node.id) ?? [])].sort((a, b) => a.id - b.id);
  if (!poll || options.length === 0) return false;
  board.polls.set(node.id, {
    question: node.title,
    options: options.map((option) => option.title.replaceAll("|||", "| | |")).join("|||"),
    votes: options.map((option) => option.votes).join("|||"),
    active: poll.active,
    voters: poll.voters,
  });
  return true;
}

/** The topic's vBulletin 5 address below the site: `<channel route prefix>/<nodeid>-<urlident>`;
 *  without `routenew`, the channels' url idents from the forums' root down ("forum/main/general"). */
function topicPath(board: Board, node: NodeRow, root: number): string | undefined {
  if (!node.urlIdent) return undefined;
  const channel = board.vb5.nodes.get(node.parentId);
  let prefix = board.vb5.routes.get(node.routeId) ?? (channel ? board.vb5.routes.get(channel.routeId) : undefined);
  if (prefix === undefined) {
    const chain = forumChain(board, node.parentId, root) ?? [];
    const idents = [root, ...chain.reverse()].map((id) => board.vb5.nodes.get(id)?.urlIdent ?? "");
    if (idents.some((ident) => !ident)) return undefined;
    prefix = idents.join("/");
  }
  return `${prefix ? `${prefix}/` : ""}${node.id}-${node.urlIdent}`;
}

// The vBulletin 3.8 / 4.x / 5 tables the archive reads, and of each only the columns it may read.
// This list is the privacy boundary: a column not named here (e-mail, IP address, password,
// salt, birthday, buddy lists, private messages…) is never decoded, whether it comes from a
// dump (scanned past) or a live database (never selected).

/** Per table (without prefix): the columns read. */
export const READ_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  setting: ["varname", "value"],
  forum: ["forumid", "title", "description", "options", "displayorder", "parentid", "parentlist", "password", "link"],
  forumpermission: ["forumid", "usergroupid", "forumpermissions"],
  usergroup: ["usergroupid", "usertitle", "forumpermissions"],
  usertitle: ["minposts", "title"],
  user: ["userid", "usergroupid", "username", "usertitle", "customtitle", "joindate", "posts", "avatarid"],
  profilefield: ["profilefieldid", "hidden"],
  // field2 is vBulletin's "Location"; read only when its profilefield row says it is public.
  userfield: ["userid", "field2"],
  usertextfield: ["userid", "signature"],
  customavatar: ["userid"],
  customprofilepic: ["userid"],
  phrase: ["languageid", "varname", "text"],
  thread: ["threadid", "title", "prefixid", "forumid", "pollid", "open", "visible", "sticky", "dateline"],
  post: ["postid", "threadid", "username", "userid", "title", "dateline", "pagetext", "showsignature", "visible"],
  // 3.8/4.x key edits by postid, vBulletin 5 by nodeid.
  editlog: ["postid", "nodeid", "username", "dateline", "reason"],
  deletionlog: ["primaryid", "type"],
  // 3.8/4.x by pollid; vBulletin 5 by the poll topic's nodeid (its votes: the voters), options in polloption.
  poll: ["pollid", "nodeid", "question", "options", "votes", "active", "voters"],
  // 3.8 (postid, visible, filedata) and 4.x (contenttypeid, contentid, state, filedataid) shapes.
  attachment: [
    "attachmentid",
    "userid",
    "postid",
    "visible",
    "contenttypeid",
    "contentid",
    "state",
    "filedataid",
    "filename",
    "filesize",
    "filedata",
  ],
  filedata: ["filedataid", "userid", "filesize", "extension", "filedata"],
  contenttype: ["contenttypeid", "class"],
  // Private messages: no column is read; rows are counted for `check`.
  pmtext: [],
  // vBulletin 5 (vb5.ts): channels, topics and replies are rows of `node`, their text in `text`;
  // `channel` tells the forums' root channel by its guid, `permission` the channels' rights,
  // `routenew` the channels' addresses. Not read: node.ipaddress, text.pagetext (a cache).
  node: [
    "nodeid",
    "routeid",
    "contenttypeid",
    "publishdate",
    "userid",
    "authorname",
    "description",
    "title",
    "parentid",
    "urlident",
    "displayorder",
    "starter",
    "created",
    "showpublished",
    "showapproved",
    "approved",
    "deleteuserid",
    "open",
    "sticky",
    "prefixid",
  ],
  text: ["nodeid", "rawtext", "showsignature"],
  channel: ["nodeid", "guid"],
  permission: ["nodeid", "groupid", "forumpermissions"],
  routenew: ["routeid", "prefix", "class", "contentid"],
  // Not read: polloption.voters (who voted).
  polloption: ["polloptionid", "nodeid", "title", "votes"],
  // vBulletin 5's attachments: an Attach node under the post, its file in `filedata` (as 4.x).
  attach: ["nodeid", "filedataid", "visible", "filename"],
};

/** Columns that hold file bytes: read only with --attachments. */
export const FILE_COLUMNS = new Set(["attachment.filedata", "filedata.filedata"]);

/** Columns a dump holds that the archive never reads, named in `check`'s report. */
export const PRIVATE_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  user: ["email", "password", "salt", "ipaddress", "birthday", "parentemail"],
  post: ["ipaddress"],
  node: ["ipaddress"],
  usertextfield: ["buddylist", "ignorelist"],
  userfield: ["field1", "field3", "field4"],
};

/** Columns that tell a table is vBulletin's (its name may carry any prefix). */
const SIGNATURES: Readonly<Record<string, readonly string[]>> = {
  forum: ["forumid", "parentlist"],
  thread: ["threadid", "forumid", "firstpostid"],
  post: ["postid", "threadid", "pagetext"],
  user: ["userid", "username", "joindate"],
  usergroup: ["usergroupid", "forumpermissions"],
  attachment: ["attachmentid", "filename"],
  editlog: ["postid", "reason"],
  deletionlog: ["primaryid", "type"],
  setting: ["varname", "grouptitle"],
  // vBulletin 5's tables that sort before `node` (a dump lists tables by name).
  attach: ["nodeid", "filedataid", "filename"],
  channel: ["nodeid", "guid"],
  contenttype: ["contenttypeid", "class", "packageid"],
  node: ["nodeid", "contenttypeid", "starter", "parentid"],
  text: ["nodeid", "rawtext"],
};

/** The table prefix a vBulletin table's name shows ("vb_" for `vb_post`), if it is one. */
export function prefixOf(table: string, columns: readonly string[]): string | undefined {
  const names = new Set(columns.map((column) => column.toLowerCase()));
  for (const [name, signature] of Object.entries(SIGNATURES)) {
    if (table.toLowerCase().endsWith(name) && signature.every((column) => names.has(column))) {
      return table.slice(0, table.length - name.length);
    }
  }
  return undefined;
}

// A packed thread's posts (archive/packed-bodies.ts packs them): one record a thread, and a post
// is a view on it of two fields (issue 18: 2,000,000 posts held in memory). The record keeps the
// posts' bodies and signatures as packed JSON text in one Buffer, each post's number, date, id,
// source line and where its texts lie as a header of varints in a slab outside the heap, and only
// objects (authors, a post's rarer fields) in an array on the heap. Every Post field reads, and
// takes new values, as a plain post's; `toJSON` gives the plain post, keys in the order they came.
import type { Author, Block, Post } from "../model.ts";

/** Pieces of JSON that most bodies repeat, each packed as one control character: JSON.stringify
 *  writes every character below U+0020 as an escape, so a raw one in packed text is always one of
 *  these. About a third less text to hold. */
const PIECES = [
  '{"type":"paragraph","inlines":[{"type":"text","text":"',
  '"}]}',
  '{"type":"text","text":"',
  '{"type":"link","href":"',
  '{"type":"paragraph","inlines":[',
  '{"type":"quote",',
  '"},',
  '{"type":"',
] as const;
const PIECE_CODES = /[\x01-\x08]/g;

/** Any piece, the longer first where they start alike (one pass over the text: ~30 % less time than
 *  one replaceAll a piece). */
const ANY_PIECE = new RegExp(PIECES.map((piece) => piece.replace(/[[\]{}]/g, "\\$&")).join("|"), "g");
const CODE_OF = new Map<string, string>(PIECES.map((piece, i) => [piece, String.fromCharCode(i + 1)]));

/** JSON text with its common pieces as control characters. */
export function compact(json: string): string {
  return json.replace(ANY_PIECE, (piece) => CODE_OF.get(piece)!);
}

/** The JSON text `compact` was given. (A replace with a callback a piece: a loop over the text's
 *  characters took half again as long, 2026-12-06.) */
function expand(text: string): string {
  return text.replace(PIECE_CODES, (code) => PIECES[code.charCodeAt(0) - 1]!);
}

// Reading a packed body's blocks one at a time (bodyBlocks): a scan of its bytes for where each
// top-level block ends. JSON's structure is all ASCII, and no byte of a longer UTF-8 character is.
/** Where the scan is: outside any string, inside one, or inside one just after a backslash. */
const OUTSIDE = 0;
const IN_STRING = 1;
const ESCAPED = 2;

/** What a character does to the scan at `place`: its place after it (depth changes apart). */
function placeAfter(place: number, code: number): number {
  if (place === ESCAPED) return IN_STRING;
  if (place === IN_STRING) return code === 0x5c ? ESCAPED : code === 0x22 ? OUTSIDE : IN_STRING;
  return code === 0x22 ? IN_STRING : OUTSIDE;
}

/** What it does to the depth at `place`. */
function depthChange(place: number, code: number): number {
  if (place !== OUTSIDE) return 0;
  return code === 0x7b || code === 0x5b ? 1 : code === 0x7d || code === 0x5d ? -1 : 0;
}

/** What each piece does to the scan from each place (a piece can follow a backslash in a string:
 *  compact matches '"},' in '\\"},'), at code * 3 + place: the place after it, and the change of depth. */
const PIECE_PLACE = new Int8Array(3 * (PIECES.length + 1));
const PIECE_DEPTH = new Int8Array(3 * (PIECES.length + 1));
PIECES.forEach((piece, i) => {
  for (const start of [OUTSIDE, IN_STRING, ESCAPED]) {
    let place = start;
    let depth = 0;
    for (let c = 0; c < piece.length; c++) {
      depth += depthChange(place, piece.charCodeAt(c));
      place = placeAfter(place, piece.charCodeAt(c));
    }
    PIECE_PLACE[3 * (i + 1) + start] = place;
    PIECE_DEPTH[3 * (i + 1) + start] = depth;
  }
});

/** The code of the piece a quote block starts with. */
const QUOTE_CODE = PIECES.indexOf('{"type":"quote",') + 1;

/** Where the next top-level block of a packed body ends (the place after its last byte) from `at`,
 *  the scan there at `depth` outside any string (0 before the body's "[", 1 after a block), or -1
 *  when no block ends before `end`: where the depth falls back to 1 outside a string. */
function blockEndOf(bytes: Buffer, at: number, end: number, depth: number): number {
  let place = OUTSIDE;
  for (; at < end; at++) {
    const code = bytes[at]!;
    const before = depth;
    if (code <= 8 && code >= 1) {
      depth += PIECE_DEPTH[3 * code + place]!;
      place = PIECE_PLACE[3 * code + place]!;
    } else {
      depth += depthChange(place, code);
      place = placeAfter(place, code);
    }
    if (depth === 1 && place === OUTSIDE && before !== 1) return at + 1;
  }
  return -1;
}

/** The JSON text of packed text that lies at `start`–`end` of `bytes` (a post's body or signature). */
export function packedJsonOf(bytes: Buffer, start: number, end: number): string {
  return expand(bytes.toString("utf8", start, end));
}

/** An ISO date as isoOf writes it (src/input/vbulletin-db/threads.ts): local digits and zone suffix. */
const ISO_DATE = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(Z|[+-]\d\d:\d\d)$/;

/** Dates are kept as seconds from here (2004-01-10), so 1936–2072 fit 32 bits. */
const DATE_BASE = 2 ** 30;

/** A date's local digits as seconds (from DATE_BASE, as if the zone were UTC), when they read back
 *  the same and fit 32 bits; else undefined. The day is read once a day met (dayStarts), the time
 *  by hand: a rebuild packs every kept post again (issue 15: Date.parse and digitsOf a post were
 *  ~40 ms of a rebuild's reading of kept threads). */
function secondsOf(digits: string): number | undefined {
  const dayStart = dayStartOf(digits.slice(0, 10));
  if (dayStart === undefined) return undefined;
  const hours = twoDigits(digits, 11);
  const minutes = twoDigits(digits, 14);
  const secondsPart = twoDigits(digits, 17);
  // An hour past 23 or a minute or second past 59 does not read back the same (Date.parse takes "24:00:00").
  if (hours > 23 || minutes > 59 || secondsPart > 59) return undefined;
  const seconds = dayStart + hours * 3600 + minutes * 60 + secondsPart;
  return isInt32(seconds) ? seconds : undefined;
}

/** The two digits at `at` as a number (ISO_DATE has checked they are digits). */
function twoDigits(text: string, at: number): number {
  return (text.charCodeAt(at) - 48) * 10 + text.charCodeAt(at + 1) - 48;
}

/** Seconds from DATE_BASE at the start of each day ("YYYY-MM-DD") met, or null when the day does not
 *  read back the same (a 30 February). */
const dayStarts = new Map<string, number | null>();
const DAY_STARTS_KEPT = 1 << 16; // ~180 years of days; input of stranger days only clears it now and then

function dayStartOf(day: string): number | undefined {
  let start = dayStarts.get(day);
  if (start === undefined) {
    const ms = Date.parse(`${day}T00:00:00Z`);
    start = Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === day ? ms / 1000 - DATE_BASE : null;
    if (dayStarts.size >= DAY_STARTS_KEPT) dayStarts.clear();
    dayStarts.set(day, start);
  }
  return start ?? undefined;
}

const SECONDS_A_DAY = 86_400;
/** "YYYY-MM-DDT" of each day met, by days from 1970: a page's posts share a few days, and a Date
 *  made and printed for every date read cost a rebuild ~0.3 CPU s (issue 15). */
const dayDigits = new Map<number, string>();
const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, "0"));
/** "HH:MM:SS" of each second of the day met ("" until then): a date read is then one string joined to
 *  another, where the five pieces joined one by one made a string each (a rebuild reads every post's
 *  date, some several times: issue 15). */
const clockDigits = new Array<string>(SECONDS_A_DAY).fill("");

/** The local digits ("YYYY-MM-DDTHH:MM:SS") of seconds from DATE_BASE, as toISOString writes them. */
export function digitsOf(seconds: number): string {
  const total = seconds + DATE_BASE;
  const day = Math.floor(total / SECONDS_A_DAY);
  let date = dayDigits.get(day);
  if (date === undefined) {
    date = new Date(day * SECONDS_A_DAY * 1000).toISOString().slice(0, 11);
    dayDigits.set(day, date);
  }
  const time = total - day * SECONDS_A_DAY;
  let clock = clockDigits[time]!;
  if (clock === "") {
    const minutes = Math.floor(time / 60);
    clock = `${TWO_DIGITS[Math.floor(minutes / 60)]}:${TWO_DIGITS[minutes % 60]}:${TWO_DIGITS[time % 60]}`;
    clockDigits[time] = clock;
  }
  return date + clock;
}

function isInt32(value: unknown): value is number {
  return typeof value === "number" && (value | 0) === value && !Object.is(value, -0);
}

/** Key orders of the posts packed so far (a handful of shapes), by their place here. */
const keyOrders: (readonly string[])[] = [];
/** By a key order's place: whether it holds a key no Post has (its value an own property of the view). */
const foreignKeysIn: boolean[] = [];
const keyOrderIndex = new Map<string, number>();

/** The key order array met last and its place: a group read from the assembled-thread cache shares
 *  one array a key order (thread-cache.ts), and most of its posts have the post before's, so they
 *  skip the join. One entry, not a map of arrays: other callers give a fresh array a post. */
let lastKeys: readonly string[] | undefined;
let lastPlace = 0;

/** The place of this key order in keyOrders. */
function keyOrderOf(keys: readonly string[]): number {
  if (keys === lastKeys) return lastPlace;
  const shape = keys.join(",");
  let index = keyOrderIndex.get(shape);
  if (index === undefined) {
    keyOrderIndex.set(shape, (index = keyOrders.push([...keys]) - 1));
    foreignKeysIn[index] = keys.some((key) => !IN_HEAD.has(key) && !IN_REST.has(key));
  }
  lastKeys = keys;
  lastPlace = index;
  return index;
}

// A post's header in its thread's `heads`, from its view's `at` on: varints (LEB128; the signed ones
// zigzagged) in this order, about 17 bytes a post.
/** The key order's place << 5 | AS_OBJECT flags << 1 | SET (a field was assigned since packing). */
const SHAPE = 0;
const NUMBER = 1;
/** postedAt: its local digits as seconds when its zone suffix is the thread's. */
const DATE = 2;
/** The author, as its place in the thread's `objects`. */
const AUTHOR = 3;
/** The id: a plain one ("74649") as its number. */
const ID = 4;
/** The source: its line alone when its file is the thread's. */
const LINE = 5;
/** The post's other fields (title, edited, attachments, …; postedAtText when it differs from
 *  postedAt), one object in `objects` at this place less one; 0 when it has none. */
const REST = 6;
/** Start and length of the body, then of the signature, in the packed bytes. */
const BODY = 7;
const SIGNATURE = 9;
const FIELDS = 11;
/** Which of NUMBER, DATE, ID and LINE hold a place in `objects` (the value as it is) instead. */
const AS_OBJECT = { [NUMBER]: 2, [DATE]: 4, [ID]: 8, [LINE]: 16 } as Record<number, number>;
/** In SHAPE: the post's fields are in `assigned` (its header no longer says them). */
const SET = 1;

/** An id written plainly ("74649"), below 2 ** 30. */
const PLAIN_ID = /^[1-9][0-9]{0,8}$/;

/** Fields the header says, and body and signature (in the packed bytes). */
const IN_HEAD = new Set(["body", "signature", "number", "author", "id", "postedAt", "source"]);
/** Post fields kept in REST; a key no Post has stays an own property of the view. */
const IN_REST = new Set(["postedAtText", "title", "icon", "edited", "attachments", "deleted", "moderated"]);

/** Headers of threads are written one after another into slabs of this many bytes. */
const SLAB_BYTES = 1 << 20;
/** The most bytes a header takes (FIELDS varints of up to 5 bytes). */
const MOST_HEAD_BYTES = 5 * FIELDS;
let slab = Buffer.allocUnsafeSlow(0);
let slabUsed = 0;

/** A slab with room for `bytes` more from `slabUsed` on. */
function slabFor(bytes: number): Buffer {
  if (bytes > SLAB_BYTES / 16) {
    slab = Buffer.allocUnsafeSlow(bytes);
    slabUsed = 0;
  } else if (slabUsed + bytes > slab.length) {
    slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
    slabUsed = 0;
  }
  return slab;
}

/** Writes `value` (a non-negative integer below 2 ** 35) at `at`; returns the place after it. */
function writeVarint(bytes: Buffer, at: number, value: number): number {
  while (value >= 0x80) {
    bytes[at++] = (value % 0x80) | 0x80;
    value = Math.floor(value / 0x80);
  }
  bytes[at++] = value;
  return at;
}

/** The `field`th varint of the header at `at`. */
function headField(bytes: Buffer, at: number, field: number): number {
  for (let skipped = 0; skipped < field; at++) if (bytes[at]! < 0x80) skipped++;
  let value = 0;
  for (let scale = 1; ; scale *= 0x80) {
    const byte = bytes[at++]!;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return value;
  }
}

const zigzag = (int: number): number => (int < 0 ? -2 * int - 1 : 2 * int);
const unzigzag = (value: number): number => (value % 2 ? -(value + 1) / 2 : value / 2);

export interface PackedThread {
  readonly packed: Buffer;
  /** The headers of the thread's posts (a slab shared with other threads: each view knows where its is). */
  readonly heads: Buffer;
  /** The file of the thread's first post: a post from the same file keeps only its line. */
  readonly file: string | undefined;
  /** The zone suffix of its first post's date ("Z", "-05:00"): a date with it is kept as a number. */
  readonly zone: string | undefined;
  /** Authors, rest objects and values that are not 32-bit integers, by their place. */
  readonly objects: unknown[];
}

/** The thread record of `posts` (plain posts, or their fields as a transfer form carries them) with
 *  these keys, whose bodies and signatures lie in `packed` at `bounds` (start and end of each, four
 *  a post), and where each post's header starts in it. */
export function packedThreadOf(
  posts: readonly Post[],
  keys: readonly (readonly string[])[],
  packed: Buffer,
  bounds: ArrayLike<number>,
): { thread: PackedThread; heads: number[] } {
  const first = posts[0];
  const file = first?.source.file;
  const zone = first ? ISO_DATE.exec(first.postedAt)?.[2] : undefined;
  const bytes = slabFor(posts.length * MOST_HEAD_BYTES);
  const objects: unknown[] = [];
  const places = new Map<unknown, number>();
  const placeOf = (value: unknown): number => {
    let place = places.get(value);
    if (place === undefined) places.set(value, (place = objects.push(value) - 1));
    return place;
  };
  const heads = new Array<number>(posts.length);
  for (let index = 0; index < posts.length; index++) {
    const post = posts[index]!;
    const { number, id, source, postedAt, postedAtText } = post;
    const date = ISO_DATE.exec(postedAt);
    const seconds = date && date[2] === zone ? secondsOf(date[1]!) : undefined;
    const plainId = id !== undefined && PLAIN_ID.test(id) ? Number(id) : undefined;
    const line = source.file === file && isInt32(source.line) ? source.line : undefined;
    let rest: Record<string, unknown> | undefined;
    for (const key of keys[index]!) {
      if (IN_HEAD.has(key) || (key === "postedAtText" && postedAtText === postedAt)) continue;
      (rest ??= {})[key] = (post as unknown as Record<string, unknown>)[key];
    }
    const flags =
      (isInt32(number) ? 0 : AS_OBJECT[NUMBER]!) |
      (seconds === undefined ? AS_OBJECT[DATE]! : 0) |
      (plainId === undefined ? AS_OBJECT[ID]! : 0) |
      (line === undefined ? AS_OBJECT[LINE]! : 0);
    // In the order of the header's fields (SHAPE, NUMBER, DATE, AUTHOR, ID, LINE, REST, BODY, SIGNATURE).
    let at = writeVarint(bytes, slabUsed, keyOrderOf(keys[index]!) * 32 + flags);
    at = writeVarint(bytes, at, isInt32(number) ? zigzag(number) : placeOf(number));
    at = writeVarint(bytes, at, seconds === undefined ? placeOf(postedAt) : zigzag(seconds));
    at = writeVarint(bytes, at, placeOf(post.author));
    at = writeVarint(bytes, at, plainId ?? placeOf(id));
    at = writeVarint(bytes, at, line === undefined ? placeOf(source) : zigzag(line));
    at = writeVarint(bytes, at, rest ? objects.push(rest) : 0);
    for (let i = 4 * index; i < 4 * index + 4; i += 2) {
      at = writeVarint(bytes, at, bounds[i]!);
      at = writeVarint(bytes, at, bounds[i + 1]! - bounds[i]!);
    }
    heads[index] = slabUsed;
    slabUsed = at;
  }
  // An array grown by push keeps spare room: the copy has none.
  return { thread: { packed, heads: bytes, file, zone, objects: objects.slice() }, heads };
}

/** A view for each post of the thread record. */
export function viewsOf({ thread, heads }: { thread: PackedThread; heads: number[] }): Post[] {
  return heads.map((at) => new PackedPost(thread, at) as unknown as Post);
}

/** The fields of packed posts assigned since packing (rare), all of them but body and signature,
 *  with the post's keys: their header's SET bit says so. */
const assigned = new WeakMap<object, { keys: string[]; fields: Record<string, unknown> }>();

/** The field's value: from the header, or as assigned. */
function fieldOf(post: object, thread: PackedThread, at: number, key: string, slot: number): unknown {
  const { heads, objects } = thread;
  // The flags are in the first byte whatever the key order's place.
  const flags = heads[at]!;
  if (flags & SET) return assigned.get(post)!.fields[key];
  const value = headField(heads, at, slot);
  if (slot === AUTHOR) return objects[value];
  if (slot === REST) return value === 0 ? undefined : (objects[value - 1] as Record<string, unknown>)[key];
  if (flags & AS_OBJECT[slot]!) return objects[value];
  const int = slot === ID ? value : unzigzag(value);
  if (slot === DATE) return digitsOf(int) + thread.zone!;
  if (slot === LINE) return { file: thread.file!, line: int };
  return slot === ID ? String(int) : int;
}

function keysOf(post: object, thread: PackedThread, at: number): readonly string[] {
  if (thread.heads[at]! & SET) return assigned.get(post)!.keys;
  return keyOrders[Math.floor(headField(thread.heads, at, SHAPE) / 32)]!;
}

/** Where each field is in the header. */
const SLOT_OF: Record<string, number> = {
  number: NUMBER,
  postedAt: DATE,
  author: AUTHOR,
  id: ID,
  source: LINE,
};

/** Assigns a field (after the first assignment, the post's fields are all kept in `assigned`). */
function assign(post: PackedPost, thread: PackedThread, at: number, key: string, value: unknown): void {
  let state = assigned.get(post);
  if (!state || !(thread.heads[at]! & SET)) {
    const keys = [...keysOf(post, thread, at)];
    const fields: Record<string, unknown> = {};
    for (const name of [...Object.keys(SLOT_OF), ...IN_REST]) {
      fields[name] = fieldOf(post, thread, at, name, SLOT_OF[name] ?? REST);
    }
    fields.postedAtText ??= fields.postedAt;
    assigned.set(post, (state = { keys, fields }));
    thread.heads[at]! |= SET;
  }
  if (!state.keys.includes(key)) state.keys.push(key);
  state.fields[key] = value;
}

/** Bodies and signatures set on packed posts since packing (rare): kept here, not in the record. */
const setBlocks = new WeakMap<object, { body?: Block[]; signature?: Block[] }>();

/** The packed text of the body or the signature. */
function textOf(thread: PackedThread, at: number, slot: typeof BODY | typeof SIGNATURE): string {
  const start = headField(thread.heads, at, slot);
  return expand(thread.packed.toString("utf8", start, start + headField(thread.heads, at, slot + 1)));
}

/** What a zone suffix adds to a date's local digits read as UTC (Date.parse: "+02:00" subtracts two
 *  hours), by suffix; undefined for one it cannot read. */
const zoneTimes = new Map<string, number | undefined>();
function zoneTime(zone: string): number | undefined {
  if (!zoneTimes.has(zone)) {
    const time = Date.parse(`1970-01-01T00:00:00${zone}`);
    zoneTimes.set(zone, Number.isNaN(time) ? undefined : time);
  }
  return zoneTimes.get(zone);
}

/** A packed post's record and where its header starts (set by PackedPost's static block, which alone
 *  reads its private fields). */
let recordOfView: (post: PackedPost) => { thread: PackedThread; at: number };

/** A post read from its thread's record: two fields (no private methods, which would take a third). */
export class PackedPost {
  readonly #thread: PackedThread;
  /** Where this post's header starts in the thread's `heads`. */
  readonly #at: number;

  static {
    recordOfView = (post) => ({ thread: post.#thread, at: post.#at });
  }

  constructor(thread: PackedThread, at: number) {
    this.#thread = thread;
    this.#at = at;
    // Only a key order with a key no Post has puts a field on the view: most have none, and looking
    // through every post's rest object was most of making a kept thread's views (issue 15).
    if (!foreignKeysIn[Math.floor(headField(thread.heads, at, SHAPE) / 32)]) return;
    const rest = restOf(thread, at);
    if (rest) for (const key in rest) if (!IN_REST.has(key)) (this as Record<string, unknown>)[key] = rest[key];
  }

  get number(): number {
    return fieldOf(this, this.#thread, this.#at, "number", NUMBER) as number;
  }

  set number(number: number) {
    assign(this, this.#thread, this.#at, "number", number);
  }

  get author(): Author {
    return fieldOf(this, this.#thread, this.#at, "author", AUTHOR) as Author;
  }

  set author(author: Author) {
    assign(this, this.#thread, this.#at, "author", author);
  }

  get postedAt(): string {
    return fieldOf(this, this.#thread, this.#at, "postedAt", DATE) as string;
  }

  set postedAt(at: string) {
    assign(this, this.#thread, this.#at, "postedAt", at);
  }

  get postedAtText(): string {
    return (fieldOf(this, this.#thread, this.#at, "postedAtText", REST) as string | undefined) ?? this.postedAt;
  }

  set postedAtText(text: string) {
    assign(this, this.#thread, this.#at, "postedAtText", text);
  }

  get source(): Post["source"] {
    return fieldOf(this, this.#thread, this.#at, "source", LINE) as Post["source"];
  }

  set source(source: Post["source"]) {
    assign(this, this.#thread, this.#at, "source", source);
  }

  get id(): string | undefined {
    return fieldOf(this, this.#thread, this.#at, "id", ID) as string | undefined;
  }

  set id(id: string | undefined) {
    assign(this, this.#thread, this.#at, "id", id);
  }

  get title(): string | undefined {
    return fieldOf(this, this.#thread, this.#at, "title", REST) as string | undefined;
  }

  set title(title: string | undefined) {
    assign(this, this.#thread, this.#at, "title", title);
  }

  get icon(): string | undefined {
    return fieldOf(this, this.#thread, this.#at, "icon", REST) as string | undefined;
  }

  set icon(icon: string | undefined) {
    assign(this, this.#thread, this.#at, "icon", icon);
  }

  get edited(): Post["edited"] {
    return fieldOf(this, this.#thread, this.#at, "edited", REST) as Post["edited"];
  }

  set edited(edited: Post["edited"]) {
    assign(this, this.#thread, this.#at, "edited", edited);
  }

  get attachments(): Post["attachments"] {
    return fieldOf(this, this.#thread, this.#at, "attachments", REST) as Post["attachments"];
  }

  set attachments(attachments: Post["attachments"]) {
    assign(this, this.#thread, this.#at, "attachments", attachments);
  }

  get deleted(): Post["deleted"] {
    return fieldOf(this, this.#thread, this.#at, "deleted", REST) as Post["deleted"];
  }

  set deleted(deleted: Post["deleted"]) {
    assign(this, this.#thread, this.#at, "deleted", deleted);
  }

  get moderated(): boolean | undefined {
    return fieldOf(this, this.#thread, this.#at, "moderated", REST) as boolean | undefined;
  }

  set moderated(moderated: boolean | undefined) {
    assign(this, this.#thread, this.#at, "moderated", moderated);
  }

  get body(): Block[] {
    return setBlocks.get(this)?.body ?? (JSON.parse(textOf(this.#thread, this.#at, BODY)) as Block[]);
  }

  /** The body's blocks, each decoded when it is reached: a reader that wants the first few (an
   *  excerpt: author pages show one for every post) decodes no further (issue 15). The same blocks
   *  as `body`, but quotes when `quotes` is false: those are left out undecoded. */
  *bodyBlocks(quotes = true): Generator<Block, void, undefined> {
    const set = setBlocks.get(this)?.body;
    if (set) {
      for (const block of set) if (quotes || block.type !== "quote") yield block;
      return;
    }
    const { heads, packed } = this.#thread;
    let from = headField(heads, this.#at, BODY);
    const end = from + headField(heads, this.#at, BODY + 1);
    // The body's "[" first (depth 0 to 1), then one block at a time.
    for (let depth = 0; ; depth = 1) {
      const to = blockEndOf(packed, from, end, depth);
      if (to < 0) return;
      // A block, with the "," before it or the "," after it (a piece ends with it). A quote starts
      // with its piece (compact prefers it to the shorter '{"type":"').
      const first = packed[from] === 0x2c ? from + 1 : from;
      if (depth === 1 && (quotes || packed[first] !== QUOTE_CODE)) {
        const json = packedJsonOf(packed, first, to);
        yield* JSON.parse(`[${json.endsWith(",") ? json.slice(0, -1) : json}]`) as Block[];
      }
      from = to;
    }
  }

  set body(blocks: Block[]) {
    setBlocks.set(this, { ...setBlocks.get(this), body: blocks });
  }

  get signature(): Block[] | undefined {
    const set = setBlocks.get(this);
    if (set && "signature" in set) return set.signature;
    if (!this.keys().includes("signature")) return undefined;
    return JSON.parse(textOf(this.#thread, this.#at, SIGNATURE)) as Block[];
  }

  set signature(blocks: Block[] | undefined) {
    if (!this.keys().includes("signature")) assign(this, this.#thread, this.#at, "signature", undefined);
    setBlocks.set(this, { ...setBlocks.get(this), signature: blocks });
  }

  /** postedAt as milliseconds since the epoch, as site/format.ts `dateValue` reads it, from the
   *  header's seconds without writing the date out (site data reads every post's date: issue 15);
   *  undefined when the header does not hold it as seconds or its zone is no offset Date.parse reads. */
  postedAtTime(): number | undefined {
    const heads = this.#thread.heads;
    if (heads[this.#at]! & (SET | AS_OBJECT[DATE]!)) return undefined;
    const offset = zoneTime(this.#thread.zone!);
    return offset === undefined ? undefined : (unzigzag(headField(heads, this.#at, DATE)) + DATE_BASE) * 1000 + offset;
  }

  /** The body as JSON text, without decoding it (the packed slice, its pieces written out). */
  bodyJson(): string {
    const set = setBlocks.get(this)?.body;
    return set ? JSON.stringify(set) : textOf(this.#thread, this.#at, BODY);
  }

  /** The packed bytes, this post's ranges in them and its keys; undefined once a body or signature was set. */
  packedForm():
    | { packed: Buffer; ranges: readonly [number, number, number, number]; keys: readonly string[] }
    | undefined {
    const set = setBlocks.get(this);
    if (set && ("body" in set || "signature" in set)) return undefined;
    const { heads } = this.#thread;
    const [body, signature] = [BODY, SIGNATURE].map((slot) => headField(heads, this.#at, slot));
    const ranges = [
      body!,
      body! + headField(heads, this.#at, BODY + 1),
      signature!,
      signature! + headField(heads, this.#at, SIGNATURE + 1),
    ] as const;
    return { packed: this.#thread.packed, ranges, keys: this.keys() };
  }

  /** The post's keys, in the order they came. */
  keys(): readonly string[] {
    return keysOf(this, this.#thread, this.#at);
  }

  toJSON(): Post {
    const plain: Record<string, unknown> = {};
    for (const key of this.keys()) plain[key] = (this as Record<string, unknown>)[key];
    return plain as unknown as Post;
  }
}

/** The rest object of the post whose header is at `at`. */
function restOf(thread: PackedThread, at: number): Record<string, unknown> | undefined {
  const place = headField(thread.heads, at, REST);
  return place === 0 ? undefined : (thread.objects[place - 1] as Record<string, unknown>);
}

/** How a cache places the values posts' headers point at (thread-cache.ts): a key order, an author,
 *  any other object; each gives the value's place in the cache's tables of them. */
export interface StoredPlaces {
  keys(keys: readonly string[]): number;
  author(author: unknown): number;
  object(value: unknown): number;
}

/** The varints of the header at `at` (FIELDS of them), and where it ends. */
function headFields(bytes: Buffer, at: number, into: number[]): number {
  for (let field = 0; field < FIELDS; field++) {
    let value = 0;
    for (let scale = 1; ; scale *= 0x80) {
      if (at >= bytes.length) return -1;
      const byte = bytes[at++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) break;
    }
    into[field] = value;
  }
  return at;
}

/** The most key orders a stored header's two-byte SHAPE holds (its place << 5 | flags < 2 ** 14). */
const STORED_KEY_ORDERS = 1 << 9;

/** Writes SHAPE as exactly two bytes (a varint with a spare continuation: headField reads it alike), so
 *  a stored header's key order can be re-placed in place; false when it does not fit. */
function writeShape(bytes: Buffer, at: number, place: number, flags: number): boolean {
  if (place >= STORED_KEY_ORDERS) return false;
  const value = place * 32 + flags;
  bytes[at] = 0x80 | (value & 0x7f);
  bytes[at + 1] = value >> 7;
  return true;
}

/**
 * The headers of `posts`' record as a cache keeps them (issue 15: a rebuild made every kept thread's
 * record again from its posts' fields), each value a header points at as its place in the cache's
 * tables (`places`) and the key order in two bytes; undefined when the posts are not all views of one
 * record, or one was touched since packing (a field or a body assigned), or has too many key orders.
 * (Their order is the record's: a thread's posts are its record's views, made in order.)
 */
export function storedHeadsOf(
  posts: readonly Post[],
  places: StoredPlaces,
): { heads: Buffer; packed: Buffer; file: string | undefined; zone: string | undefined } | undefined {
  const records: { thread: PackedThread; at: number }[] = [];
  for (const post of posts) {
    if (!(post instanceof PackedPost) || setBlocks.has(post)) return undefined;
    const record = recordOfView(post);
    if (record.thread !== records[0]?.thread && records.length > 0) return undefined;
    if (record.thread.heads[record.at]! & SET) return undefined;
    records.push(record);
  }
  const thread = records[0]?.thread;
  if (!thread) return undefined;
  const bytes = Buffer.alloc(posts.length * (MOST_HEAD_BYTES + 1));
  const fields: number[] = [];
  let end = 0;
  for (const { at } of records) {
    headFields(thread.heads, at, fields);
    const flags = fields[SHAPE]! % 32;
    const object = (slot: number) =>
      flags & AS_OBJECT[slot]! ? places.object(thread.objects[fields[slot]!]) : fields[slot]!;
    const values = [
      object(NUMBER),
      object(DATE),
      places.author(thread.objects[fields[AUTHOR]!]),
      object(ID),
      object(LINE),
      fields[REST] === 0 ? 0 : places.object(thread.objects[fields[REST]! - 1]) + 1,
      ...fields.slice(BODY, FIELDS),
    ];
    if (!writeShape(bytes, end, places.keys(keyOrders[Math.floor(fields[SHAPE]! / 32)]!), flags)) return undefined;
    end += 2;
    for (const value of values) end = writeVarint(bytes, end, value);
  }
  return { heads: bytes.subarray(0, end), packed: thread.packed, file: thread.file, zone: thread.zone };
}

/** The key orders table placed last and its places: a kept group's threads share one table (thread-cache.ts),
 *  whose every order was joined again for each thread (issue 15: ~20 ms of a 10k rebuild). A place, once
 *  given, never changes. */
let lastTable: readonly (readonly string[])[] | undefined;
let lastTablePlaces: number[] = [];

function placesOfKeyOrders(table: readonly (readonly string[])[]): number[] {
  if (table !== lastTable) {
    lastTablePlaces = table.map((order) => keyOrderOf(order));
    lastTable = table;
  }
  return lastTablePlaces;
}

/**
 * The posts of a record a cache kept (storedHeadsOf wrote `heads`, `count` posts' headers; its tables
 * are `keys` and `objects`), its bodies and signatures in `packed`; `file` and `zone` as the record had
 * them. The headers' key orders are placed again among this process's, in `heads` itself. Undefined
 * when the headers do not read as `count` headers (or too many key orders are known).
 */
export function postsOfStored(
  stored: { heads: Buffer; count: number; keys: readonly (readonly string[])[]; objects: unknown[] },
  packed: Buffer,
  file: string | undefined,
  zone: string | undefined,
): Post[] | undefined {
  const { heads, count, keys, objects } = stored;
  const places = placesOfKeyOrders(keys);
  const starts = new Array<number>(count);
  const fields: number[] = [];
  let at = 0;
  for (let index = 0; index < count; index++) {
    starts[index] = at;
    const end = headFields(heads, at, fields);
    const place = places[Math.floor(fields[SHAPE]! / 32)];
    if (end < 0 || place === undefined || !writeShape(heads, at, place, fields[SHAPE]! % 32)) return undefined;
    at = end;
  }
  if (at !== heads.length) return undefined;
  return viewsOf({ thread: { packed, heads, file, zone, objects }, heads: starts });
}

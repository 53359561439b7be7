// A packed thread's posts (archive/packed-bodies.ts packs them): one record a thread, and a post
// is a view on it of two fields (issue 18: 2,000,000 posts held in memory). The record keeps the
// posts' bodies and signatures as packed JSON text in one Buffer, their numbers, ids, dates and
// source lines as 32-bit integers outside the heap, and only objects (authors, a post's rarer
// fields) in an array on the heap. Every Post field reads, and takes new values, as a plain post's;
// `toJSON` gives the plain post, keys in the order they came.
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

/** JSON text with its common pieces as control characters (longest first: the pieces overlap). */
export function compact(json: string): string {
  for (let i = 0; i < PIECES.length; i++) json = json.replaceAll(PIECES[i]!, String.fromCharCode(i + 1));
  return json;
}

/** The JSON text `compact` was given. */
function expand(text: string): string {
  return text.replace(PIECE_CODES, (code) => PIECES[code.charCodeAt(0) - 1]!);
}

/** An ISO date as isoOf writes it (src/input/vbulletin-db/threads.ts): local digits and zone suffix. */
const ISO_DATE = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(Z|[+-]\d\d:\d\d)$/;

/** Dates are kept as seconds from here (2004-01-10), so 1936–2072 fit 32 bits. */
const DATE_BASE = 2 ** 30;

/** A date's local digits as seconds (from DATE_BASE, as if the zone were UTC), when they read back
 *  the same and fit 32 bits; else undefined. */
function secondsOf(digits: string): number | undefined {
  const ms = Date.parse(`${digits}Z`);
  if (!Number.isFinite(ms) || ms % 1000 !== 0) return undefined;
  const seconds = ms / 1000 - DATE_BASE;
  return isInt32(seconds) && digitsOf(seconds) === digits ? seconds : undefined;
}

function digitsOf(seconds: number): string {
  return new Date((seconds + DATE_BASE) * 1000).toISOString().slice(0, 19);
}

function isInt32(value: unknown): value is number {
  return typeof value === "number" && (value | 0) === value && !Object.is(value, -0);
}

/** Key orders of the posts packed so far (a handful of shapes), by their place here. */
const keyOrders: (readonly string[])[] = [];
const keyOrderIndex = new Map<string, number>();

/** The place of this key order in keyOrders. */
function keyOrderOf(keys: readonly string[]): number {
  const shape = keys.join(",");
  let index = keyOrderIndex.get(shape);
  if (index === undefined) keyOrderIndex.set(shape, (index = keyOrders.push([...keys]) - 1));
  return index;
}

// A post's 32-bit integers in its thread's `ints`, STRIDE a post.
const BODY = 0; // four: start and end of the body, then of the signature, in the packed bytes
const NUMBER = 4;
/** The id: a plain one ("74649") as its number. */
const ID = 5;
/** postedAt: its local digits as seconds when its zone suffix is the thread's. */
const DATE = 6;
/** The source: its line alone when its file is the thread's. */
const LINE = 7;
const KEYS = 8;
/** The author, as its place in the thread's `objects`. */
const AUTHOR = 9;
/** The post's other fields (title, edited, attachments, …; postedAtText when it differs from
 *  postedAt), one object at this place in `objects`, or -1 when it has none. */
const REST = 10;
/** Which of NUMBER, ID, DATE and LINE hold a place in `objects` (the value as it is) instead. */
const IN_OBJECTS = 11;
const STRIDE = 12;
const AS_OBJECT = { [NUMBER]: 1, [ID]: 2, [DATE]: 4, [LINE]: 8 } as Record<number, number>;

/** Fields with an integer of their own, and body and signature (in the packed bytes). */
const INTS = new Set(["body", "signature", "number", "author", "id", "postedAt", "source"]);
/** Post fields kept in REST; a key no Post has stays an own property of the view. */
const IN_REST = new Set(["postedAtText", "title", "icon", "edited", "attachments", "deleted", "moderated"]);

/** Integers for threads are written one after another into slabs of this many. */
const SLAB_INTS = 1 << 18;
let slab = new Int32Array(0);
let slabUsed = 0;

/** A slab and the place in it of `count` integers no thread holds yet. */
function intsFor(count: number): { ints: Int32Array; at: number } {
  if (count > SLAB_INTS / 16) return { ints: new Int32Array(count), at: 0 };
  if (slabUsed + count > slab.length) {
    slab = new Int32Array(SLAB_INTS);
    slabUsed = 0;
  }
  slabUsed += count;
  return { ints: slab, at: slabUsed - count };
}

export interface PackedThread {
  readonly packed: Buffer;
  /** The integers of the thread's posts, from `at` on (a slab shared with other threads). */
  readonly ints: Int32Array;
  readonly at: number;
  readonly count: number;
  /** The file of the thread's first post: a post from the same file keeps only its line. */
  readonly file: string | undefined;
  /** The zone suffix of its first post's date ("Z", "-05:00"): a date with it is kept as a number. */
  readonly zone: string | undefined;
  /** Authors, rest objects and values that are not 32-bit integers, by their place. */
  readonly objects: unknown[];
}

/** The thread record of `posts` (plain posts, or their fields as a transfer form carries them) with
 *  these keys, whose bodies and signatures lie in `packed` at `bounds` (four a post). */
export function packedThreadOf(
  posts: readonly Post[],
  keys: readonly (readonly string[])[],
  packed: Buffer,
  bounds: ArrayLike<number>,
): PackedThread {
  const first = posts[0];
  const file = first?.source.file;
  const zone = first ? ISO_DATE.exec(first.postedAt)?.[2] : undefined;
  const { ints, at } = intsFor(posts.length * STRIDE);
  const objects: unknown[] = [];
  const places = new Map<unknown, number>();
  const placeOf = (value: unknown): number => {
    let place = places.get(value);
    if (place === undefined) places.set(value, (place = objects.push(value) - 1));
    return place;
  };
  posts.forEach((post, index) => {
    const base = at + index * STRIDE;
    const write = (slot: number, value: unknown, int: number | undefined) => {
      if (int === undefined) ints[base + IN_OBJECTS]! |= AS_OBJECT[slot]!;
      ints[base + slot] = int ?? placeOf(value);
    };
    for (let i = 0; i < 4; i++) ints[base + BODY + i] = bounds[4 * index + i]!;
    ints[base + IN_OBJECTS] = 0;
    write(NUMBER, post.number, isInt32(post.number) ? post.number : undefined);
    const { id, source, postedAt, postedAtText } = post;
    write(ID, id, id !== undefined && /^[1-9][0-9]{0,8}$/.test(id) ? Number(id) : undefined);
    const date = ISO_DATE.exec(postedAt);
    write(DATE, postedAt, date && date[2] === zone ? secondsOf(date[1]!) : undefined);
    write(LINE, source, source.file === file && isInt32(source.line) ? source.line : undefined);
    ints[base + KEYS] = keyOrderOf(keys[index]!);
    ints[base + AUTHOR] = placeOf(post.author);
    let rest: Record<string, unknown> | undefined;
    for (const key of keys[index]!) {
      if (INTS.has(key) || (key === "postedAtText" && postedAtText === postedAt)) continue;
      (rest ??= {})[key] = (post as unknown as Record<string, unknown>)[key];
    }
    ints[base + REST] = rest ? objects.push(rest) - 1 : -1;
  });
  // An array grown by push keeps spare room: the copy has none.
  return { packed, ints, at, count: posts.length, file, zone, objects: objects.slice() };
}

/** A view for each post of the thread record. */
export function viewsOf(thread: PackedThread): Post[] {
  const views = new Array<Post>(thread.count);
  for (let index = 0; index < views.length; index++) {
    views[index] = new PackedPost(thread, thread.at + index * STRIDE) as unknown as Post;
  }
  return views;
}

/** Bodies and signatures set on packed posts since packing (rare): kept here, not in the record. */
const setBlocks = new WeakMap<object, { body?: Block[]; signature?: Block[] }>();

function intOf(thread: PackedThread, at: number, slot: number): number {
  return thread.ints[at + slot]!;
}

/** The value of NUMBER, ID, DATE or LINE: the integer, or the object it names. */
function slotValue(thread: PackedThread, at: number, slot: number): unknown {
  const int = intOf(thread, at, slot);
  return intOf(thread, at, IN_OBJECTS) & AS_OBJECT[slot]! ? thread.objects[int] : int;
}

function keysOf(thread: PackedThread, at: number): readonly string[] {
  return keyOrders[intOf(thread, at, KEYS)]!;
}

/** Adds the key to the post's keys when it was not there (as an assignment to a plain object would). */
function addKey(thread: PackedThread, at: number, key: string): void {
  const keys = keysOf(thread, at);
  if (!keys.includes(key)) thread.ints[at + KEYS] = keyOrderOf([...keys, key]);
}

/** Writes NUMBER, ID, DATE or LINE as the value itself (into `objects`). */
function setValue(thread: PackedThread, at: number, slot: number, key: string, value: unknown): void {
  addKey(thread, at, key);
  const { ints, objects } = thread;
  ints[at + IN_OBJECTS]! |= AS_OBJECT[slot]!;
  ints[at + slot] = objects.push(value) - 1;
}

function restOf(thread: PackedThread, at: number): Record<string, unknown> | undefined {
  const int = intOf(thread, at, REST);
  return int < 0 ? undefined : (thread.objects[int] as Record<string, unknown>);
}

function setRest(thread: PackedThread, at: number, key: string, value: unknown): void {
  addKey(thread, at, key);
  const { ints, objects } = thread;
  ints[at + REST] = objects.push({ ...restOf(thread, at), [key]: value }) - 1;
}

/** The packed text of the body (0) or the signature (2). */
function sliceOf(thread: PackedThread, at: number, which: 0 | 2): string {
  const start = intOf(thread, at, BODY + which);
  return expand(thread.packed.toString("utf8", start, intOf(thread, at, BODY + which + 1)));
}

/** A post read from its thread's record: two fields (no private methods, which would take a third). */
export class PackedPost {
  readonly #thread: PackedThread;
  /** Where this post's integers start in the thread's `ints`. */
  readonly #at: number;

  constructor(thread: PackedThread, at: number) {
    this.#thread = thread;
    this.#at = at;
    const rest = restOf(thread, at);
    if (rest) for (const key in rest) if (!IN_REST.has(key)) (this as Record<string, unknown>)[key] = rest[key];
  }

  get number(): number {
    return slotValue(this.#thread, this.#at, NUMBER) as number;
  }

  set number(number: number) {
    setValue(this.#thread, this.#at, NUMBER, "number", number);
  }

  get author(): Author {
    return this.#thread.objects[intOf(this.#thread, this.#at, AUTHOR)] as Author;
  }

  set author(author: Author) {
    addKey(this.#thread, this.#at, "author");
    this.#thread.ints[this.#at + AUTHOR] = this.#thread.objects.push(author) - 1;
  }

  get postedAt(): string {
    const at = slotValue(this.#thread, this.#at, DATE);
    return typeof at === "number" ? digitsOf(at) + this.#thread.zone! : (at as string);
  }

  set postedAt(at: string) {
    // The text stays what it was: kept apart once it may differ.
    if (restOf(this.#thread, this.#at)?.postedAtText === undefined)
      setRest(this.#thread, this.#at, "postedAtText", this.postedAt);
    setValue(this.#thread, this.#at, DATE, "postedAt", at);
  }

  get postedAtText(): string {
    return (restOf(this.#thread, this.#at)?.postedAtText as string | undefined) ?? this.postedAt;
  }

  set postedAtText(text: string) {
    setRest(this.#thread, this.#at, "postedAtText", text);
  }

  get source(): Post["source"] {
    const source = slotValue(this.#thread, this.#at, LINE);
    return typeof source === "number" ? { file: this.#thread.file!, line: source } : (source as Post["source"]);
  }

  set source(source: Post["source"]) {
    setValue(this.#thread, this.#at, LINE, "source", source);
  }

  get id(): string | undefined {
    const id = slotValue(this.#thread, this.#at, ID);
    return typeof id === "number" ? String(id) : (id as string | undefined);
  }

  set id(id: string | undefined) {
    setValue(this.#thread, this.#at, ID, "id", id);
  }

  get title(): string | undefined {
    return restOf(this.#thread, this.#at)?.title as string | undefined;
  }

  set title(title: string | undefined) {
    setRest(this.#thread, this.#at, "title", title);
  }

  get icon(): string | undefined {
    return restOf(this.#thread, this.#at)?.icon as string | undefined;
  }

  set icon(icon: string | undefined) {
    setRest(this.#thread, this.#at, "icon", icon);
  }

  get edited(): Post["edited"] {
    return restOf(this.#thread, this.#at)?.edited as Post["edited"];
  }

  set edited(edited: Post["edited"]) {
    setRest(this.#thread, this.#at, "edited", edited);
  }

  get attachments(): Post["attachments"] {
    return restOf(this.#thread, this.#at)?.attachments as Post["attachments"];
  }

  set attachments(attachments: Post["attachments"]) {
    setRest(this.#thread, this.#at, "attachments", attachments);
  }

  get deleted(): Post["deleted"] {
    return restOf(this.#thread, this.#at)?.deleted as Post["deleted"];
  }

  set deleted(deleted: Post["deleted"]) {
    setRest(this.#thread, this.#at, "deleted", deleted);
  }

  get moderated(): boolean | undefined {
    return restOf(this.#thread, this.#at)?.moderated as boolean | undefined;
  }

  set moderated(moderated: boolean | undefined) {
    setRest(this.#thread, this.#at, "moderated", moderated);
  }

  get body(): Block[] {
    return setBlocks.get(this)?.body ?? (JSON.parse(sliceOf(this.#thread, this.#at, 0)) as Block[]);
  }

  set body(blocks: Block[]) {
    setBlocks.set(this, { ...setBlocks.get(this), body: blocks });
  }

  get signature(): Block[] | undefined {
    const set = setBlocks.get(this);
    if (set && "signature" in set) return set.signature;
    if (!keysOf(this.#thread, this.#at).includes("signature")) return undefined;
    return JSON.parse(sliceOf(this.#thread, this.#at, 2)) as Block[];
  }

  set signature(blocks: Block[] | undefined) {
    addKey(this.#thread, this.#at, "signature");
    setBlocks.set(this, { ...setBlocks.get(this), signature: blocks });
  }

  /** The body as JSON text, without decoding it (the packed slice, its pieces written out). */
  bodyJson(): string {
    const set = setBlocks.get(this)?.body;
    return set ? JSON.stringify(set) : sliceOf(this.#thread, this.#at, 0);
  }

  /** The packed bytes, this post's ranges in them and its keys; undefined once a body or signature was set. */
  packedForm():
    | { packed: Buffer; ranges: readonly [number, number, number, number]; keys: readonly string[] }
    | undefined {
    const set = setBlocks.get(this);
    if (set?.body || set?.signature) return undefined;
    const ranges = [
      intOf(this.#thread, this.#at, BODY),
      intOf(this.#thread, this.#at, BODY + 1),
      intOf(this.#thread, this.#at, BODY + 2),
      intOf(this.#thread, this.#at, BODY + 3),
    ] as const;
    return { packed: this.#thread.packed, ranges, keys: keysOf(this.#thread, this.#at) };
  }

  /** The post's keys, in the order they came. */
  keys(): readonly string[] {
    return keyOrders[intOf(this.#thread, this.#at, KEYS)]!;
  }

  toJSON(): Post {
    const plain: Record<string, unknown> = {};
    for (const key of keysOf(this.#thread, this.#at)) plain[key] = (this as Record<string, unknown>)[key];
    return plain as unknown as Post;
  }
}

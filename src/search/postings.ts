// The postings and field-vector components that lunr.Builder (2.3.9) computes, without its
// per-document objects: lunr keeps an object per (term, field, post), a Vector per (field,
// post) and a TokenSet of every term, which took a minute and gigabytes for 150,000 posts.
// Here documents stream in once; what stays is flat typed arrays (term, frequency) per
// (post, field), inverted at the end. The arithmetic is lunr's, operation for operation:
//   - tokens: the field's string lowercased whole, split on lunr.tokenizer.separator;
//   - terms: each token through the same indexing pipeline (memoised per distinct token:
//     every function in it maps one token to at most one, by its text alone);
//   - term index: order of first occurrence, posts in order, fields in FIELDS order;
//   - idf: lunr.idf, counting a post once per field holding the term;
//   - component: BM25 with the builder's k1 and b, rounded to 3 decimals as lunr rounds.
// test/search-equality.test.ts checks the result against lunr.Builder itself.
import { FIELDS, newBuilder } from "./build-index.ts";
import { lunr } from "./lunr.ts";
import { fieldsIn, type PostsTerms } from "./posts-terms.ts";
import { isTrimmedSpace } from "../parse/text-lines.ts";

export type { PostsTerms } from "./posts-terms.ts";

/** One field's postings of a term: ascending post ids and the term's field-vector components × 1000. */
export interface FieldPostings {
  ids: ArrayLike<number>;
  scores: ArrayLike<number>;
}

export interface TermPostings {
  term: string;
  /** lunr's `_index` of the term: the order of its field-vector components. */
  termIndex: number;
  /** One entry per field, in FIELDS order. */
  fields: FieldPostings[];
}

const FIELD_COUNT = FIELDS.length;
/** Bytes per chunk of the forward log. */
const CHUNK_BYTES = 1 << 22;
/** Distinct tokens remembered at most; past it the memo starts afresh (bounds memory on huge archives). */
const MEMO_LIMIT = 500_000;
/** Term frequencies from here up (rare: a word 255 times in one post) are kept beside the Uint8Array of frequencies. */
const LARGE_TF = 0xff;

/**
 * Append-only list of unsigned integers as varints (7 bits a byte) in fixed-size chunks:
 * grows without copying, about 3 bytes per posting instead of 8, freed chunk by chunk as read.
 */
class VarintLog {
  private chunks: { bytes: Uint8Array; used: number }[] = [];
  private last: { bytes: Uint8Array; used: number } = { bytes: new Uint8Array(0), used: 0 };

  push(value: number): void {
    // A varint never straddles chunks (5 bytes hold any uint32).
    if (this.last.used + 5 > this.last.bytes.length) {
      this.last = { bytes: new Uint8Array(CHUNK_BYTES), used: 0 };
      this.chunks.push(this.last);
    }
    const bytes = this.last.bytes;
    let at = this.last.used;
    while (value >= 0x80) {
      bytes[at++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    bytes[at++] = value;
    this.last.used = at;
  }

  /** A reader of the values in order; the log is emptied, each chunk released once read. */
  reader(): VarintReader {
    const chunks = this.chunks;
    this.chunks = [];
    this.last = { bytes: new Uint8Array(0), used: 0 };
    return new VarintReader(chunks);
  }
}

class VarintReader {
  private chunk = -1;
  private bytes: Uint8Array = new Uint8Array(0);
  private used = 0;
  private at = 0;

  constructor(private readonly chunks: ({ bytes: Uint8Array; used: number } | undefined)[]) {}

  /** The next value; -1 once every value has been read. */
  next(): number {
    while (this.at >= this.used) {
      if (this.chunk >= 0) this.chunks[this.chunk] = undefined;
      if (++this.chunk >= this.chunks.length) return -1;
      const { bytes, used } = this.chunks[this.chunk]!;
      this.bytes = bytes;
      this.used = used;
      this.at = 0;
    }
    const bytes = this.bytes;
    let value = 0;
    let scale = 1;
    let byte: number;
    do {
      byte = bytes[this.at++]!;
      value += (byte & 0x7f) * scale;
      scale *= 128;
    } while (byte >= 0x80);
    return value;
  }
}

/**
 * A copy of a string that does not hold on to a larger one: V8 may make a split-off token a
 * slice of the whole post text, and a kept slice would keep every such post alive.
 */
function flat(text: string): string {
  return (" " + text).slice(1);
}

/**
 * lunr's token separator, /[\s\-]+/ (lunr.tokenizer.separator), for one UTF-16 code unit: "-" or
 * JavaScript's \s (white space and line terminators). addField reads the text a code unit at a time
 * with it, where String#split made an array and a string per token.
 */
export function isSeparator(code: number): boolean {
  return code === 45 || isTrimmedSpace(code);
}
/** What isSeparator implements. */
const SEPARATOR_SOURCE = "[\\s\\-]+";

/** FNV-1a over UTF-16 code units (32 bits), which TokenMemo's look-ups are hashed with. */
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;

/** Raw token → its terms (PostingsBuilder#termsOf), looked up by a stretch of a text and its hash: a
 *  token already seen (nearly all of them) costs no string. Open addressing, at most half full. */
class TokenMemo {
  private slots = new Int32Array(1 << 16).fill(-1);
  private tokens: string[] = [];
  private readonly hashes = new IntArray();
  private values: (number | number[])[] = [];

  get size(): number {
    return this.tokens.length;
  }

  /** The terms of the token text[start, end), whose FNV-1a hash is `hash`; undefined when not seen. */
  get(text: string, start: number, end: number, hash: number): number | number[] | undefined {
    const mask = this.slots.length - 1;
    const length = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]!;
      if (entry === -1) return undefined;
      if (this.hashes.data[entry] !== hash) continue;
      const token = this.tokens[entry]!;
      if (token.length !== length) continue;
      let at = 0;
      while (at < length && token.charCodeAt(at) === text.charCodeAt(start + at)) at++;
      if (at === length) return this.values[entry];
    }
  }

  /** Remembers a token not seen yet (`hash`: its FNV-1a hash). */
  set(token: string, hash: number, terms: number | number[]): void {
    if ((this.tokens.length + 1) * 2 > this.slots.length) this.grow();
    this.place(this.tokens.length, hash);
    this.tokens.push(token);
    this.hashes.push(hash);
    this.values.push(terms);
  }

  private place(entry: number, hash: number): void {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    while (this.slots[slot] !== -1) slot = (slot + 1) & mask;
    this.slots[slot] = entry;
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    for (let entry = 0; entry < this.tokens.length; entry++) this.place(entry, this.hashes.data[entry]!);
  }
}

/** Growable Int32Array indexed directly. */
class IntArray {
  data = new Int32Array(1024);
  length = 0;
  ensure(size: number): void {
    if (size <= this.data.length) return;
    let capacity = this.data.length;
    while (capacity < size) capacity *= 2;
    const grown = new Int32Array(capacity);
    grown.set(this.data);
    this.data = grown;
  }
  push(value: number): void {
    this.ensure(this.length + 1);
    this.data[this.length++] = value;
  }
}

/** What addRecorded gathers: PostsTerms, and the term index of each of its terms. */
interface Recording {
  terms: string[];
  fields: number[];
  termIndexes: number[];
}

export class PostingsBuilder {
  /** Labels of the pipelines, for the manifest (the client loads them by name). */
  readonly pipelineLabels: unknown;
  readonly searchPipelineLabels: unknown;
  private readonly pipeline: lunr.Pipeline;
  private readonly k1: number;
  private readonly b: number;

  /** Raw token → term index, -1 when the pipeline drops it, a list when it gives several. */
  private memo = new TokenMemo();
  private readonly termIndexOf = new Map<string, number>();
  private readonly termsByIndex: string[] = [];
  /** Per term: how many (post, field) pairs hold it. */
  private readonly termFieldDocs = new IntArray();
  /** Term frequencies of the field being added, by term index, and the terms touched. */
  private readonly tfScratch = new IntArray();
  private touched: number[] = [];
  /** Per (post, field), post-major: number of terms after the pipeline (lunr's field length). */
  private readonly fieldLengths = new IntArray();
  /** Per (post, field), post-major: its number of distinct terms, then (term index, frequency) of each. */
  private readonly forward = new VarintLog();
  private readonly lengthSums = new Array<number>(FIELD_COUNT).fill(0);
  /** Per term: the last addRecorded call that recorded it (its number), and its place in that record. */
  private readonly recordedIn = new IntArray();
  private readonly placeOf = new IntArray();
  private recording = 0;
  private documentCount = 0;
  /** The lexicon addTermIds was last given, and each of its ids' term index here (-1: not yet looked up). */
  private lexicon: { terms: readonly string[]; indexes: Int32Array } | undefined;

  constructor() {
    const builder = newBuilder();
    this.pipeline = builder.pipeline;
    this.pipelineLabels = builder.pipeline.toJSON();
    this.searchPipelineLabels = builder.searchPipeline.toJSON();
    // addField splits text as lunr's tokenizer does with its own separator, the one isSeparator implements.
    if (lunr.tokenizer.separator.source !== SEPARATOR_SOURCE)
      throw new Error(`lunr's token separator is ${lunr.tokenizer.separator}, not the one the index splits on`);
    const tuning = builder as unknown as { _k1: number; _b: number };
    this.k1 = tuning._k1;
    this.b = tuning._b;
  }

  get documents(): number {
    return this.documentCount;
  }

  /** Adds the next post (its id is the number of posts added before); one value per field, in FIELDS order. */
  add(values: readonly string[]): void {
    if (values.length !== FIELD_COUNT) throw new Error(`expected ${FIELD_COUNT} field values`);
    for (let field = 0; field < FIELD_COUNT; field++) this.addField(field, values[field]!, undefined);
    this.documentCount++;
  }

  /** Adds the next posts as add does, and returns their terms for addTerms, with the term index of each (term-ids.ts). */
  addRecorded(posts: readonly (readonly string[])[]): PostsTerms & { termIndexes: Int32Array } {
    const recorded: Recording = { terms: [], fields: [], termIndexes: [] };
    this.recording++;
    for (const values of posts) {
      if (values.length !== FIELD_COUNT) throw new Error(`expected ${FIELD_COUNT} field values`);
      for (let field = 0; field < FIELD_COUNT; field++) this.addField(field, values[field]!, recorded);
      this.documentCount++;
    }
    return { terms: recorded.terms, fields: recorded.fields, termIndexes: Int32Array.from(recorded.termIndexes) };
  }

  /**
   * Adds the next posts from their terms as addRecorded returned them, without tokenizing: the same
   * terms in the same order give the same term indexes, field lengths and postings as their text.
   * Returns the term index of each of its terms (term-ids.ts keeps them).
   */
  addTerms(recorded: PostsTerms): Int32Array {
    return this.addFields(
      Int32Array.from(recorded.terms, (term) => this.termIndexFor(term)),
      recorded.fields,
    );
  }

  /**
   * addTerms of posts whose terms are ids into `lexicon` (a former build's terms in its term index
   * order: term-ids.ts): each id's term is looked up by its text once a build, not once a thread
   * (a 10,000-thread rebuild: ~60,000 look-ups where its threads' terms were 1.3 million). The same
   * term indexes as addTerms: ids taken in the same order as the terms they stand for.
   */
  addTermIds(ids: ArrayLike<number>, lexicon: readonly string[], fields: ArrayLike<number>): Int32Array {
    if (this.lexicon?.terms !== lexicon)
      this.lexicon = { terms: lexicon, indexes: new Int32Array(lexicon.length).fill(-1) };
    const indexes = this.lexicon.indexes;
    const termIndexes = new Int32Array(ids.length);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      let termIndex = indexes[id]!;
      if (termIndex === -1) indexes[id] = termIndex = this.termIndexFor(lexicon[id]!);
      termIndexes[i] = termIndex;
    }
    return this.addFields(termIndexes, fields);
  }

  /** Every term added, by term index. */
  get termList(): readonly string[] {
    return this.termsByIndex;
  }

  /** The posts of `fields` (PostsTerms), their places standing for `termIndexes`; returns these. */
  private addFields(termIndexes: Int32Array, fields: ArrayLike<number>): Int32Array {
    const count = fieldsIn({ terms: termIndexes, fields });
    if (count === undefined || count % FIELD_COUNT !== 0)
      throw new Error(`expected whole posts of ${FIELD_COUNT} fields`);
    for (let at = 0, field = 0; at < fields.length; field++) {
      const length = fields[at]!;
      const end = at + 2 + 2 * fields[at + 1]!;
      this.forward.push(fields[at + 1]!);
      for (at += 2; at < end; at += 2) {
        const termIndex = termIndexes[fields[at]!]!;
        this.forward.push(termIndex);
        this.forward.push(fields[at + 1]!);
        this.termFieldDocs.data[termIndex]!++;
      }
      this.fieldLengths.push(length);
      this.lengthSums[field % FIELD_COUNT]! += length;
    }
    this.documentCount += count / FIELD_COUNT;
    return termIndexes;
  }

  private addField(field: number, value: string, recorded: Recording | undefined): void {
    const tf = this.tfScratch;
    const touched = this.touched;
    let length = 0;
    // The tokens of lunr's tokenizer (the text lowercased, split on lunr.tokenizer.separator), each hashed as read.
    const text = value.toLowerCase();
    const end = text.length;
    for (let at = 0; at < end; ) {
      let code = text.charCodeAt(at);
      if (isSeparator(code)) {
        at++;
        continue;
      }
      const start = at;
      let hash = FNV_OFFSET;
      do hash = Math.imul(hash ^ code, FNV_PRIME);
      while (++at < end && !isSeparator((code = text.charCodeAt(at))));
      let terms = this.memo.get(text, start, at, hash);
      if (terms === undefined) {
        const token = text.slice(start, at);
        terms = this.termsOf(token);
        if (this.memo.size >= MEMO_LIMIT) this.memo = new TokenMemo();
        this.memo.set(flat(token), hash, terms);
      }
      // Almost always one term (or none); no closure here: this loop runs for every word of the archive.
      if (typeof terms === "number") {
        if (terms === -1) continue;
        if (tf.data[terms] === 0) touched.push(terms);
        tf.data[terms]!++;
        length++;
      } else {
        for (const termIndex of terms) {
          if (tf.data[termIndex] === 0) touched.push(termIndex);
          tf.data[termIndex]!++;
          length++;
        }
      }
    }
    this.forward.push(touched.length);
    recorded?.fields.push(length, touched.length);
    for (const termIndex of touched) {
      this.forward.push(termIndex);
      this.forward.push(tf.data[termIndex]!);
      if (recorded) recorded.fields.push(this.placeIn(recorded, termIndex), tf.data[termIndex]!);
      this.termFieldDocs.data[termIndex]!++;
      tf.data[termIndex] = 0;
    }
    this.fieldLengths.push(length);
    this.lengthSums[field]! += length;
    touched.length = 0;
  }

  /** The term's place in the recorded terms, added there when it is new to them. */
  private placeIn(recorded: Recording, termIndex: number): number {
    if (this.recordedIn.data[termIndex] === this.recording) return this.placeOf.data[termIndex]!;
    this.recordedIn.data[termIndex] = this.recording;
    this.placeOf.data[termIndex] = recorded.terms.length;
    recorded.terms.push(this.termsByIndex[termIndex]!);
    recorded.termIndexes.push(termIndex);
    return recorded.terms.length - 1;
  }

  /** The pipeline's terms for one token, given term indexes (new terms numbered as lunr numbers them). */
  private termsOf(token: string): number | number[] {
    const out = this.pipeline.run([new lunr.Token(token, {})]).map((t) => this.termIndexFor(flat(t.toString())));
    return out.length === 0 ? -1 : out.length === 1 ? out[0]! : out;
  }

  /** The term's index, a new one (the next) when the term is new: lunr numbers terms as they first occur. */
  private termIndexFor(term: string): number {
    let termIndex = this.termIndexOf.get(term);
    if (termIndex === undefined) {
      termIndex = this.termsByIndex.length;
      this.termIndexOf.set(term, termIndex);
      this.termsByIndex.push(term);
      this.termFieldDocs.ensure(termIndex + 1);
      this.tfScratch.ensure(termIndex + 1);
      this.recordedIn.ensure(termIndex + 1);
      this.placeOf.ensure(termIndex + 1);
    }
    return termIndex;
  }

  /**
   * Every term in UTF-16 code-unit order (lunr's), with its postings per field. Call once,
   * after the last add: it releases the per-post data as it inverts it. The postings are
   * views that the next term overwrites: use them before asking for it.
   */
  *terms(): Generator<TermPostings> {
    this.memo = new TokenMemo();
    const termCount = this.termsByIndex.length;
    const documentCount = this.documentCount;
    const k1 = this.k1;
    const b = this.b;
    const average = this.lengthSums.map((sum) => sum / documentCount);
    // lunr's length normalisation of each (post, field), k1 * (1 - b + b * (length / average)): the
    // left operand of its score's denominator, the same for every term, so taken once per (post, field).
    const normalised = new Float64Array(this.fieldLengths.length);
    for (let ref = 0; ref < normalised.length; ref++) {
      normalised[ref] = k1 * (1 - b + b * (this.fieldLengths.data[ref]! / average[ref % FIELD_COUNT]!));
    }
    this.fieldLengths.data = new Int32Array(0); // read no more

    // Where each term's postings start in the inverted arrays.
    const starts = new Float64Array(termCount + 1);
    for (let t = 0; t < termCount; t++) starts[t + 1] = starts[t]! + this.termFieldDocs.data[t]!;
    const total = starts[termCount]!;
    // Per posting: post id * FIELD_COUNT + field, and the term's frequency there.
    const fieldRefs = new Int32Array(total);
    const frequencies = new Uint8Array(total);
    const largeFrequencies = new Map<number, number>();
    const cursor = starts.slice(0, termCount);
    const forward = this.forward.reader();
    for (let fieldRef = 0; ; fieldRef++) {
      let distinct = forward.next();
      if (distinct === -1) break;
      for (; distinct > 0; distinct--) {
        const termIndex = forward.next();
        const tf = forward.next();
        const at = cursor[termIndex]!++;
        fieldRefs[at] = fieldRef;
        frequencies[at] = Math.min(tf, LARGE_TF);
        if (tf >= LARGE_TF) largeFrequencies.set(at, tf);
      }
    }

    // Postings are handed out in views of arrays reused from term to term: common terms hold
    // hundreds of thousands of postings, and fresh arrays that size go straight to V8's old
    // generation, which then grows by gigabytes before it is collected.
    let longest = 0;
    for (let t = 0; t < termCount; t++) longest = Math.max(longest, starts[t + 1]! - starts[t]!);
    const idsOf = FIELDS.map(() => new Int32Array(longest));
    const scoresOf = FIELDS.map(() => new Int32Array(longest));
    const filled = new Array<number>(FIELD_COUNT).fill(0);

    const sorted = [...this.termIndexOf.keys()].sort();
    for (const term of sorted) {
      const termIndex = this.termIndexOf.get(term)!;
      const from = starts[termIndex]!;
      const to = starts[termIndex + 1]!;
      // lunr.idf: every (post, field) holding the term counts.
      const documentsWithTerm = to - from;
      const x = (documentCount - documentsWithTerm + 0.5) / (documentsWithTerm + 0.5);
      const idf = Math.log(1 + Math.abs(x));
      filled.fill(0);
      for (let i = from; i < to; i++) {
        const ref = fieldRefs[i]!;
        const field = ref % FIELD_COUNT;
        const tf = frequencies[i] === LARGE_TF ? largeFrequencies.get(i)! : frequencies[i]!;
        // lunr.Builder#createFieldVectors, the same operations in the same order (boosts are 1).
        const score = (idf * ((k1 + 1) * tf)) / (normalised[ref]! + tf);
        const component = Math.round(score * 1000) / 1000;
        const at = filled[field]!++;
        idsOf[field]![at] = (ref - field) / FIELD_COUNT;
        scoresOf[field]![at] = Math.round(component * 1000);
      }
      const fields = FIELDS.map((_, f) => ({
        ids: idsOf[f]!.subarray(0, filled[f]),
        scores: scoresOf[f]!.subarray(0, filled[f]),
      }));
      yield { term, termIndex, fields };
    }
  }
}

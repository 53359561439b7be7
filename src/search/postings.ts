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
/** Entries per chunk of the growing logs (4 MiB of Int32). */
const CHUNK = 1 << 20;
/** Distinct tokens remembered at most; past it the memo starts afresh (bounds memory on huge archives). */
const MEMO_LIMIT = 2_000_000;

/** Append-only int32 list in fixed chunks: grows without copying, frees chunk by chunk. */
class IntLog {
  private chunks: Int32Array[] = [];
  private last = new Int32Array(0);
  private fill = 0;
  length = 0;

  push(value: number): void {
    if (this.fill === this.last.length) {
      this.last = new Int32Array(CHUNK);
      this.chunks.push(this.last);
      this.fill = 0;
    }
    this.last[this.fill++] = value;
    this.length++;
  }

  /** Reads the values in order, releasing each chunk once read. */
  *drain(): Generator<Int32Array> {
    const chunks = this.chunks;
    const lastFill = this.fill;
    this.chunks = [];
    this.last = new Int32Array(0);
    this.fill = 0;
    this.length = 0;
    for (let i = 0; i < chunks.length; i++) {
      const chunk = chunks[i]!;
      (chunks as (Int32Array | undefined)[])[i] = undefined;
      yield i === chunks.length - 1 ? chunk.subarray(0, lastFill) : chunk;
    }
  }
}

/** Growable Int32Array indexed directly. */
class IntArray {
  data = new Int32Array(1024);
  ensure(size: number): void {
    if (size <= this.data.length) return;
    let capacity = this.data.length;
    while (capacity < size) capacity *= 2;
    const grown = new Int32Array(capacity);
    grown.set(this.data);
    this.data = grown;
  }
}

export class PostingsBuilder {
  /** Labels of the pipelines, for the manifest (the client loads them by name). */
  readonly pipelineLabels: unknown;
  readonly searchPipelineLabels: unknown;
  private readonly pipeline: lunr.Pipeline;
  private readonly separator: RegExp;
  private readonly k1: number;
  private readonly b: number;

  /** Raw token → term index, -1 when the pipeline drops it, a list when it gives several. */
  private memo = new Map<string, number | number[]>();
  private readonly termIndexOf = new Map<string, number>();
  private readonly termsByIndex: string[] = [];
  /** Per term: how many (post, field) pairs hold it. */
  private readonly termFieldDocs = new IntArray();
  /** Term frequencies of the field being added, by term index, and the terms touched. */
  private readonly tfScratch = new IntArray();
  private touched: number[] = [];
  /** Per (post, field), post-major: number of terms after the pipeline, and of distinct terms. */
  private readonly fieldLengths = new IntLog();
  private readonly fieldDistinct = new IntLog();
  /** (term index, frequency) pairs of every (post, field), in that order. */
  private readonly forward = new IntLog();
  private readonly lengthSums = new Array<number>(FIELD_COUNT).fill(0);
  private documentCount = 0;

  constructor() {
    const builder = newBuilder();
    this.pipeline = builder.pipeline;
    this.pipelineLabels = builder.pipeline.toJSON();
    this.searchPipelineLabels = builder.searchPipeline.toJSON();
    this.separator = lunr.tokenizer.separator;
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
    for (let field = 0; field < FIELD_COUNT; field++) this.addField(field, values[field]!);
    this.documentCount++;
  }

  private addField(field: number, value: string): void {
    const tf = this.tfScratch;
    const touched = this.touched;
    let length = 0;
    const count = (termIndex: number) => {
      if (tf.data[termIndex] === 0) touched.push(termIndex);
      tf.data[termIndex]!++;
      length++;
    };
    for (const token of value.toLowerCase().split(this.separator)) {
      if (token === "") continue;
      let terms = this.memo.get(token);
      if (terms === undefined) {
        terms = this.termsOf(token);
        if (this.memo.size >= MEMO_LIMIT) this.memo = new Map();
        this.memo.set(token, terms);
      }
      if (typeof terms === "number") {
        if (terms !== -1) count(terms);
      } else {
        for (const termIndex of terms) count(termIndex);
      }
    }
    for (const termIndex of touched) {
      this.forward.push(termIndex);
      this.forward.push(tf.data[termIndex]!);
      this.termFieldDocs.data[termIndex]!++;
      tf.data[termIndex] = 0;
    }
    this.fieldLengths.push(length);
    this.fieldDistinct.push(touched.length);
    this.lengthSums[field] += length;
    touched.length = 0;
  }

  /** The pipeline's terms for one token, given term indexes (new terms numbered as lunr numbers them). */
  private termsOf(token: string): number | number[] {
    const out = this.pipeline.run([new lunr.Token(token, {})]).map((t) => {
      const term = t.toString();
      let termIndex = this.termIndexOf.get(term);
      if (termIndex === undefined) {
        termIndex = this.termsByIndex.length;
        this.termIndexOf.set(term, termIndex);
        this.termsByIndex.push(term);
        this.termFieldDocs.ensure(termIndex + 1);
        this.tfScratch.ensure(termIndex + 1);
      }
      return termIndex;
    });
    return out.length === 0 ? -1 : out.length === 1 ? out[0]! : out;
  }

  /**
   * Every term in UTF-16 code-unit order (lunr's), with its postings per field. Call once,
   * after the last add: it releases the per-post data as it inverts it.
   */
  *terms(): Generator<TermPostings> {
    this.memo = new Map();
    const termCount = this.termsByIndex.length;
    const documentCount = this.documentCount;
    const k1 = this.k1;
    const b = this.b;
    const average = this.lengthSums.map((sum) => sum / documentCount);

    // Where each term's postings start in the inverted arrays, and its idf as lunr.idf computes it.
    const starts = new Float64Array(termCount + 1);
    const idf = new Float64Array(termCount);
    for (let t = 0; t < termCount; t++) {
      const documentsWithTerm = this.termFieldDocs.data[t]!;
      starts[t + 1] = starts[t]! + documentsWithTerm;
      const x = (documentCount - documentsWithTerm + 0.5) / (documentsWithTerm + 0.5);
      idf[t] = Math.log(1 + Math.abs(x));
    }
    const total = starts[termCount]!;
    // Per posting: post id * FIELD_COUNT + field, and the component × 1000.
    const fieldRefs = new Int32Array(total);
    const scores = new Int32Array(total);
    const cursor = starts.slice(0, termCount);

    const lengths = [...this.fieldLengths.drain()];
    const distinct = [...this.fieldDistinct.drain()];
    let fieldRef = 0;
    let remaining = 0;
    const nextField = () => {
      // Skips (post, field) pairs without terms; lengths and distinct counts share chunk layout.
      for (;;) {
        const chunk = (fieldRef / CHUNK) | 0;
        remaining = distinct[chunk]![fieldRef % CHUNK]!;
        if (remaining > 0) return;
        fieldRef++;
      }
    };
    for (const chunk of this.forward.drain()) {
      for (let i = 0; i < chunk.length; i += 2) {
        if (remaining === 0) nextField();
        const termIndex = chunk[i]!;
        const tf = chunk[i + 1]!;
        const field = fieldRef % FIELD_COUNT;
        const fieldLength = lengths[(fieldRef / CHUNK) | 0]![fieldRef % CHUNK]!;
        // lunr.Builder#createFieldVectors, same operations in the same order (boosts are 1).
        const score = idf[termIndex]! * ((k1 + 1) * tf) / (k1 * (1 - b + b * (fieldLength / average[field]!)) + tf);
        const component = Math.round(score * 1000) / 1000;
        const at = cursor[termIndex]!++;
        fieldRefs[at] = fieldRef;
        scores[at] = Math.round(component * 1000);
        if (--remaining === 0) fieldRef++;
      }
    }
    lengths.length = 0;
    distinct.length = 0;

    const sorted = [...this.termIndexOf.keys()].sort();
    for (const term of sorted) {
      const termIndex = this.termIndexOf.get(term)!;
      const from = starts[termIndex]!;
      const to = starts[termIndex + 1]!;
      const fields: { ids: number[]; scores: number[] }[] = [];
      for (let f = 0; f < FIELD_COUNT; f++) fields.push({ ids: [], scores: [] });
      for (let i = from; i < to; i++) {
        const ref = fieldRefs[i]!;
        const postings = fields[ref % FIELD_COUNT]!;
        postings.ids.push((ref - (ref % FIELD_COUNT)) / FIELD_COUNT);
        postings.scores.push(scores[i]!);
      }
      yield { term, termIndex, fields };
    }
  }
}

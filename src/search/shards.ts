// Cuts one built lunr index into the files the browser fetches on demand:
//   manifest.json      fields, pipelines, shard ranges, thread sizes (loaded first)
//   shards/N.json      a range of terms: per term its lunr term index and, per field,
//                      the documents holding it with its field-vector component
//   lexicon/L.json     every term of length L, for fuzzy (~) and leading-wildcard queries:
//                      a fuzzy word of length L within distance d needs lengths L-d..L+d only
//   docs/N.json        display data of consecutive posts, whole threads where they fit
// client/engine.js reads them back; see there why scores stay exact.
import { encodePostings, encodeUints } from "./client/engine.js";
import { FIELDS, type BuiltIndex } from "./build-index.ts";
import type { SearchCorpus, SearchDocument } from "./documents.ts";
import { LANGUAGES } from "./lunr.ts";

export const POSTS_PER_PAGE = 40;
/** A docs/ file closes before it would pass this many bytes: a page of results fetches
 *  about one file per thread shown, so this bounds its cost; fewer, larger files would
 *  sit better under static hosts' file caps. Threads longer than this are split. */
export const DOC_CHUNK_TARGET_BYTES = 12_000;
/** A shard closes once its JSON reaches this many bytes (one huge term may exceed it). */
export const SHARD_TARGET_BYTES = 24_000;
/** Longest post text kept for snippets, in characters; longer posts are cut at a word. */
export const SNIPPET_SOURCE_CHARS = 1_000;

export interface IndexFile {
  /** Relative to the search folder: "manifest.json", "shards/3.json". */
  path: string;
  content: string;
}

interface VectorLike {
  elements: number[];
}

/** The component for termIndex in a lunr field vector ([index, value, index, value, ...], ascending). */
function component(vector: VectorLike, termIndex: number): number {
  const e = vector.elements;
  let lo = 0;
  let hi = e.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = e[mid * 2]!;
    if (at === termIndex) return e[mid * 2 + 1]!;
    if (at < termIndex) lo = mid + 1;
    else hi = mid - 1;
  }
  throw new Error(`term ${termIndex} missing from a field vector`);
}

function cutText(text: string): string {
  if (text.length <= SNIPPET_SOURCE_CHARS) return text;
  const cut = text.lastIndexOf(" ", SNIPPET_SOURCE_CHARS);
  return text.slice(0, cut > SNIPPET_SOURCE_CHARS / 2 ? cut : SNIPPET_SOURCE_CHARS) + " …";
}

export function indexFiles(corpus: SearchCorpus, built: BuiltIndex, baseUrl: string): IndexFile[] {
  const files: IndexFile[] = [];
  const { invertedIndex, fieldVectors } = built.index as unknown as {
    invertedIndex: Record<string, Record<string, Record<string, unknown>> & { _index: number }>;
    fieldVectors: Record<string, VectorLike>;
  };
  // Same order as lunr's own toJSON and TokenSet: UTF-16 code units.
  const terms = Object.keys(invertedIndex).sort();

  const shardFirst: string[] = [];
  const shardBytes: number[] = [];
  let rows: string[] = [];
  let rowBytes = 0;
  const closeShard = () => {
    const content = `{"terms":[\n${rows.join(",\n")}\n]}\n`;
    files.push({ path: `shards/${shardFirst.length - 1}.json`, content });
    shardBytes.push(Buffer.byteLength(content));
    rows = [];
    rowBytes = 0;
  };
  for (const term of terms) {
    const posting = invertedIndex[term]!;
    const termIndex = posting._index;
    const row: (string | number)[] = [term, termIndex];
    for (const field of FIELDS) {
      const ids = Object.keys(posting[field]!).map(Number).sort((a, b) => a - b);
      const scores = ids.map((id) => Math.round(component(fieldVectors[`${field}/${id}`]!, termIndex) * 1000));
      row.push(encodePostings(ids, scores));
    }
    const json = JSON.stringify(row);
    if (rows.length === 0) shardFirst.push(term);
    rows.push(json);
    rowBytes += Buffer.byteLength(json) + 2;
    if (rowBytes >= SHARD_TARGET_BYTES) closeShard();
  }
  if (rows.length > 0) closeShard();

  // Lengths in UTF-16 code units, as lunr's TokenSet counts characters.
  const byLength = new Map<number, string[]>();
  for (const term of terms) {
    if (!byLength.has(term.length)) byLength.set(term.length, []);
    byLength.get(term.length)!.push(term);
  }
  const lexiconLengths = [...byLength.keys()].sort((a, b) => a - b);
  const lexiconBytes = lexiconLengths.map((length) => {
    const content = `{"terms":${JSON.stringify(byLength.get(length))}}\n`;
    files.push({ path: `lexicon/${length}.json`, content });
    return Buffer.byteLength(content);
  });

  const chunkSizes: number[] = [];
  let chunk: { rows: string[]; bytes: number; docs: SearchDocument[] } = { rows: [], bytes: 0, docs: [] };
  const closeChunk = () => {
    if (chunk.rows.length === 0) return;
    const threads: Record<number, [string, string]> = {};
    for (const doc of chunk.docs) {
      const thread = corpus.threads[doc.thread]!;
      threads[doc.thread] = [thread.title, thread.url];
    }
    const content = `{"threads":${JSON.stringify(threads)},"docs":[\n${chunk.rows.join(",\n")}\n]}\n`;
    files.push({ path: `docs/${chunkSizes.length}.json`, content });
    chunkSizes.push(chunk.rows.length);
    chunk = { rows: [], bytes: 0, docs: [] };
  };
  for (let first = 0; first < corpus.documents.length; ) {
    const thread = corpus.documents[first]!.thread;
    let end = first;
    while (end < corpus.documents.length && corpus.documents[end]!.thread === thread) end++;
    const docs = corpus.documents.slice(first, end);
    const rows = docs.map((doc) => JSON.stringify([doc.number, doc.author, doc.postedAt, cutText(doc.text)]));
    const bytes = rows.reduce((n, row) => n + Buffer.byteLength(row) + 2, 0);
    // A thread that fits goes whole into one file, so its posts in the results cost one fetch.
    if (chunk.bytes > 0 && chunk.bytes + bytes > DOC_CHUNK_TARGET_BYTES) closeChunk();
    rows.forEach((row, i) => {
      if (chunk.bytes > 0 && chunk.bytes + Buffer.byteLength(row) + 2 > DOC_CHUNK_TARGET_BYTES) closeChunk();
      chunk.rows.push(row);
      chunk.docs.push(docs[i]!);
      chunk.bytes += Buffer.byteLength(row) + 2;
    });
    first = end;
  }
  closeChunk();

  const manifest = {
    format: 1,
    baseUrl,
    fields: FIELDS,
    languages: LANGUAGES,
    pipeline: built.pipeline,
    searchPipeline: built.searchPipeline,
    postsPerPage: POSTS_PER_PAGE,
    threadPostCounts: encodeUints(corpus.threads.map((t) => t.postCount)),
    docs: { count: corpus.documents.length, chunkSizes: encodeUints(chunkSizes) },
    shards: { first: shardFirst, bytes: shardBytes },
    lexicon: { lengths: lexiconLengths, bytes: lexiconBytes },
  };
  files.push({ path: "manifest.json", content: JSON.stringify(manifest) + "\n" });
  return files;
}

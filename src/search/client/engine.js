// The search engine shared by the browser and by Node (tests, benchmark): it reads the
// split index that src/search/shards.ts writes and answers lunr queries with exactly the
// scores of the whole index. Plain ES module (no build step): the browser loads this very
// file from dist/search/, and the Node tests import it, so both run the same code.
//
// Why the split is exact: lunr scores a document as the dot product of the query vector
// with the document's field vector, divided by the query vector's magnitude. The query
// vector only holds the query's (expanded) terms, so only the field-vector components of
// those terms count; a shard carries, for each of its terms, the postings and exactly
// those components. `execute` below is lunr.Index#query (lunr 2.3.9) step for step over
// those postings: the same term expansion, required/prohibited sets, summation order and
// stable sort, hence bit-identical scores (test/search-equality.test.ts checks it), without
// lunr's per-match objects, which made a common word over 150,000 posts take ~0.7 s.

// --- Compact integers --------------------------------------------------------------------
// Unsigned integers as base-32 digits, most significant first; the last digit of a
// number comes from TERMINAL, the others from MORE. All 64 characters are safe inside
// JSON strings and need no escaping.
const TERMINAL = "0123456789abcdefghijklmnopqrstuv";
const MORE = "wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
const DIGIT = new Map();
for (let i = 0; i < 32; i++) {
  DIGIT.set(TERMINAL[i], i);
  DIGIT.set(MORE[i], i + 32);
}

/** @param {number[]} numbers non-negative safe integers */
export function encodeUints(numbers) {
  let out = "";
  for (const n of numbers) {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`cannot encode ${n}`);
    let digits = TERMINAL[n % 32];
    let rest = Math.floor(n / 32);
    while (rest > 0) {
      digits = MORE[rest % 32] + digits;
      rest = Math.floor(rest / 32);
    }
    out += digits;
  }
  return out;
}

/** @param {string} text */
export function decodeUints(text) {
  const out = [];
  let acc = 0;
  for (let i = 0; i < text.length; i++) {
    const d = DIGIT.get(text[i]);
    if (d === undefined) throw new Error(`bad digit ${JSON.stringify(text[i])} in index data`);
    if (d >= 32) acc = acc * 32 + (d - 32);
    else {
      out.push(acc * 32 + d);
      acc = 0;
    }
  }
  return out;
}

// --- Postings ------------------------------------------------------------------------------
// One field's postings of one term: ascending document ids, each with the term's
// field-vector component times 1000 (lunr rounds components to 3 decimals, so the
// integer is exact). Layout, all as compact integers:
//   n, the term's distinct scores (most frequent first, so most postings need one digit),
//   then per entry: gap * 2 + run flag, [run length - 2 when flagged], score number,
// where gap counts the ids skipped since the previous entry, and a run is a stretch of
// consecutive ids with one score (a thread title, repeated in every post of the thread).

/** @param {number[]} ids ascending @param {number[]} scores same length */
export function encodePostings(ids, scores) {
  const counts = new Map();
  for (const score of scores) counts.set(score, (counts.get(score) ?? 0) + 1);
  const table = [...counts.keys()].sort((a, b) => counts.get(b) - counts.get(a) || a - b);
  const number = new Map(table.map((score, i) => [score, i]));
  const nums = [table.length, ...table];
  let prev = -1;
  for (let i = 0; i < ids.length; ) {
    let j = i + 1;
    while (j < ids.length && ids[j] === ids[j - 1] + 1 && scores[j] === scores[i]) j++;
    const gap = ids[i] - prev - 1;
    if (j - i > 1) nums.push(gap * 2 + 1, j - i - 2, number.get(scores[i]));
    else nums.push(gap * 2, number.get(scores[i]));
    prev = ids[j - 1];
    i = j;
  }
  return encodeUints(nums);
}

/** @param {string} text @returns {{ ids: number[], scores: number[] }} */
export function decodePostings(text) {
  const nums = decodeUints(text);
  const table = nums.slice(1, 1 + nums[0]);
  const ids = [];
  const scores = [];
  let prev = -1;
  for (let k = 1 + nums[0]; k < nums.length; ) {
    const head = nums[k++];
    const run = head % 2 === 1 ? nums[k++] + 2 : 1;
    const score = table[nums[k++]];
    let id = prev + 1 + Math.floor(head / 2);
    for (let r = 0; r < run; r++, id++) {
      ids.push(id);
      scores.push(score);
    }
    prev = id - 1;
  }
  return { ids, scores };
}

/** Index of the range [starts[i], starts[i+1]) holding value; starts ascending, starts[0] <= value. */
export function rangeOf(starts, value) {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

// --- Errors the reader can act on -------------------------------------------------------------

/** A query lunr can run but that would not help: only excluded terms, or too many words to load. */
export class UnhelpfulQueryError extends Error {
  /** @param {"negated" | "too-broad"} reason @param {string} message */
  constructor(reason, message) {
    super(message);
    this.name = "UnhelpfulQueryError";
    this.reason = reason;
  }
}

// --- The searcher ------------------------------------------------------------------------------

const WORD_CHAR = /[\p{L}\p{N}]/u;
/** lunr.Set.complete: every document. */
const COMPLETE = Symbol("every document");

/** Intersection where COMPLETE stands for every document. */
function intersect(a, b) {
  if (a === COMPLETE) return b;
  if (b === COMPLETE) return a;
  const out = new Set();
  for (const id of a) if (b.has(id)) out.add(id);
  return out;
}
/**
 * Fuzzy terms are bounded so a shared link cannot freeze a reader's tab: lunr's automaton for
 * `word~n` grows about 7 times with each step of n (`abcdefghij~6` took 5 s, `~7` hung), and
 * with the length of the word. Distances above 2 are searched as 2 (as most engines do), a
 * fuzzy term longer than MAX_FUZZY_TERM_LENGTH is searched exactly, and a fuzzy or wildcard
 * term that expands to more index words than MAX_EXPANDED_TERMS is refused as too broad.
 */
export const MAX_EDIT_DISTANCE = 2;
export const MAX_FUZZY_TERM_LENGTH = 30;
export const MAX_EXPANDED_TERMS = 1000;

/** A query needing more shard bytes than this is refused (a lone `*`, `a*` on a big forum). */
const DEFAULT_MAX_SHARD_BYTES = 4_000_000;

/**
 * @param {object} options
 * @param {any} options.lunr the lunr function, with lunr-languages applied
 * @param {(path: string) => Promise<any>} options.fetchJson fetches a file of the index, path relative to the index folder
 * @param {any} options.manifest the parsed manifest.json
 * @param {number} [options.maxShardBytes]
 */
export function createSearcher(options) {
  const searcher = new ShardedSearcher(options);
  return {
    search: (queryString) => searcher.search(queryString),
    parse: (queryString) => searcher.parse(queryString),
    documents: (docIds) => searcher.documents(docIds),
    highlights: (text, terms) => searcher.highlights(text, terms),
    threadOf: (docId) => searcher.threadOf(docId),
    manifest: searcher.manifest,
  };
}

/** lunr's query steps over the index cut into shards, loading only the shards a query needs. */
class ShardedSearcher {
  constructor({ lunr, fetchJson, manifest, maxShardBytes = DEFAULT_MAX_SHARD_BYTES }) {
    if (manifest.format !== 2) throw new Error(`unknown search index format ${manifest.format}`);
    // Registers the multi-language trimmer the pipelines below name.
    const multi = `lunr-multi-trimmer-${manifest.languages.join("-")}`;
    if (manifest.languages.length > 1 && !lunr.Pipeline.registeredFunctions[multi])
      lunr.multiLanguage(...manifest.languages);
    this.lunr = lunr;
    this.fetchJson = fetchJson;
    this.manifest = manifest;
    this.maxShardBytes = maxShardBytes;
    this.searchPipeline = lunr.Pipeline.load(manifest.searchPipeline);
    this.indexPipeline = lunr.Pipeline.load(manifest.pipeline);
    this.fields = manifest.fields;
    this.shardStarts = manifest.shards.first;
    this.shardBytes = manifest.shards.bytes;
    this.threadStarts = startsOf(decodeUints(manifest.threadPostCounts));
    this.chunkStarts = startsOf(decodeUints(manifest.docs.chunkSizes));
    // docs/ files are named by a hash of where they start (src/search/shards.ts), names of one length, joined.
    const { names, nameLength } = manifest.docs;
    this.chunkNames = Array.from({ length: names.length / nameLength }, (_, n) =>
      names.slice(n * nameLength, (n + 1) * nameLength),
    );
    this.lexiconBytes = new Map(manifest.lexicon.lengths.map((length, i) => [length, manifest.lexicon.bytes[i]]));
    /** @type {Map<number, Promise<Map<string, any>>>} */
    this.shardCache = new Map();
    /** @type {Map<number, Promise<any>>} */
    this.chunkCache = new Map();
    /** @type {Map<number, Promise<string[]>>} */
    this.lexiconCache = new Map();
    /** Document id → component, by "termIndex/field". */
    this.componentCache = new Map();
  }

  tooBroad() {
    return new UnhelpfulQueryError(
      "too-broad",
      "This search matches too many different words to load; make wildcard (*) and fuzzy (~) words longer.",
    );
  }

  loadShard(n) {
    let p = this.shardCache.get(n);
    if (!p) {
      p = this.fetchJson(`shards/${n}.json`).then((data) => {
        // Postings are decoded only for the terms a query uses (see postingsOf).
        const terms = new Map();
        for (const [term, termIndex, ...encoded] of data.terms)
          terms.set(term, { termIndex, encoded, fields: undefined });
        return terms;
      });
      p.catch(() => this.shardCache.delete(n));
      this.shardCache.set(n, p);
    }
    return p;
  }

  /** The lexicon files a fuzzy or wildcard term can match in: by the lengths it allows. */
  lexiconLengthsFor(term, editDistance) {
    const lengths = this.manifest.lexicon.lengths;
    if (editDistance) return lengths.filter((n) => Math.abs(n - term.length) <= editDistance);
    const fixed = term.replace(/\*/g, "").length;
    return lengths.filter((n) => n >= fixed);
  }

  /** A TokenSet of every index term of the given lengths. */
  async lexiconFor(lengths) {
    const parts = await Promise.all(
      lengths.map((length) => {
        let p = this.lexiconCache.get(length);
        if (!p) {
          p = this.fetchJson(`lexicon/${length}.json`).then((data) => data.terms);
          p.catch(() => this.lexiconCache.delete(length));
          this.lexiconCache.set(length, p);
        }
        return p;
      }),
    );
    return this.lunr.TokenSet.fromArray(parts.flat().sort());
  }

  /** Shards whose term range can hold a term starting with prefix. */
  shardsForPrefix(prefix) {
    const shardStarts = this.shardStarts;
    const first = prefix === "" ? 0 : rangeOf(shardStarts, prefix);
    const out = [];
    for (let n = first; n < shardStarts.length; n++) {
      // Later shards start above prefix; once one starts outside it, the rest do too.
      if (n > first && !shardStarts[n].startsWith(prefix)) break;
      out.push(n);
    }
    return out;
  }

  /** Parses the query as lunr would, fuzzy terms bounded (see MAX_EDIT_DISTANCE); throws lunr.QueryParseError.
   *  `query.notes` says what was bounded, for the reader. */
  parse(queryString) {
    const query = new this.lunr.Query(this.fields);
    new this.lunr.QueryParser(queryString, query).parse();
    const notes = new Set();
    for (const clause of query.clauses) {
      if (!clause.editDistance) continue;
      if (clause.term.length > MAX_FUZZY_TERM_LENGTH) {
        delete clause.editDistance; // lunr builds a fuzzy automaton for any clause that has the key
        notes.add(`~ is ignored on words longer than ${MAX_FUZZY_TERM_LENGTH} letters.`);
      } else if (clause.editDistance > MAX_EDIT_DISTANCE) {
        clause.editDistance = MAX_EDIT_DISTANCE;
        notes.add(`~ allows at most ${MAX_EDIT_DISTANCE} letters off: searched as ~${MAX_EDIT_DISTANCE}.`);
      }
    }
    query.notes = [...notes];
    return query;
  }

  /** The terms of a clause as lunr runs them: through the search pipeline, unless it says not to. */
  clauseTerms(clause) {
    return clause.usePipeline ? this.searchPipeline.runString(clause.term, { fields: clause.fields }) : [clause.term];
  }

  /** Shard numbers the query's terms can live in, as lunr will expand them. */
  async shardsFor(query) {
    const needed = new Set();
    for (const clause of query.clauses) {
      for (const term of this.clauseTerms(clause)) {
        const star = term.indexOf("*");
        if (this.shardStarts.length === 0) {
          // An archive without a single indexed word.
        } else if (!clause.editDistance && star === -1) {
          needed.add(rangeOf(this.shardStarts, term));
        } else if (!clause.editDistance && star > 0) {
          for (const n of this.shardsForPrefix(term.slice(0, star))) needed.add(n);
        } else {
          for (const word of await this.expandOnLexicon(clause, term)) needed.add(rangeOf(this.shardStarts, word));
        }
      }
    }
    return [...needed].sort((a, b) => a - b);
  }

  /** Fuzzy or leading-wildcard terms can match anywhere: expanded on the word list, within bounds. */
  async expandOnLexicon(clause, term) {
    const lengths = this.lexiconLengthsFor(term, clause.editDistance);
    let bytes = 0;
    for (const length of lengths) if (!this.lexiconCache.has(length)) bytes += this.lexiconBytes.get(length);
    if (bytes > this.maxShardBytes) throw this.tooBroad();
    const tokenSet = await this.lexiconFor(lengths);
    const expanded = tokenSet.intersect(this.lunr.TokenSet.fromClause({ ...clause, term })).toArray();
    if (expanded.length > MAX_EXPANDED_TERMS) throw this.tooBroad();
    return expanded;
  }

  postingsOf(entry) {
    entry.fields ??= entry.encoded.map((text) => decodePostings(text));
    return entry.fields;
  }

  /**
   * The index terms the query's clauses expand to, found as lunr finds them (pipeline,
   * then the clause's token set against the known terms), among the loaded shards' terms.
   */
  expandedTerms(query, shardMaps) {
    const known = [];
    for (const map of shardMaps) for (const term of map.keys()) known.push(term);
    known.sort();
    const tokenSet = this.lunr.TokenSet.fromArray(known);
    const wanted = new Set();
    for (const clause of query.clauses) {
      for (const term of this.clauseTerms(clause)) {
        for (const word of tokenSet.intersect(this.lunr.TokenSet.fromClause({ ...clause, term })).toArray())
          wanted.add(word);
      }
    }
    return wanted;
  }

  /**
   * lunr.Index#query over the given index terms (all terms the query expands to).
   * Returns results as lunr does ({ ref, score }, best first) plus the matched index terms.
   */
  execute(query, shardMaps, wanted) {
    const entries = new Map();
    for (const map of shardMaps) for (const [term, entry] of map) if (wanted.has(term)) entries.set(term, entry);
    const matched = this.matchClauses(query, entries);
    const { allRequired, allProhibited } = this.presenceOf(matched);
    const sortedVectors = this.queryVectorsOf(matched.queryVectors, entries);
    const results = [];
    for (const [id, match] of matched.matches) {
      if (allRequired !== COMPLETE && !allRequired.has(id)) continue;
      if (allProhibited.has(id)) continue;
      let score;
      for (const field of match.fields) {
        const { elements, magnitude } = sortedVectors[field];
        let dot = 0;
        for (const [value, components] of elements) {
          const component = components.get(id);
          if (component !== undefined) dot += value * component;
        }
        const fieldScore = dot / magnitude || 0;
        score = score === undefined ? fieldScore : score + fieldScore;
      }
      results.push({ ref: String(id), score, terms: match.terms });
    }
    return results.sort((a, b) => b.score - a.score);
  }

  /** lunr's clause loop: the query vectors, the documents matched (in lunr's order of first match,
   *  with their fields and terms), and the required and prohibited documents per field. */
  matchClauses(query, entries) {
    const tokenSet = this.lunr.TokenSet.fromArray([...entries.keys()].sort());
    const { REQUIRED } = this.lunr.Query.presence;
    const state = {
      /** Per field: termIndex → summed boosts (lunr's query vector). */
      queryVectors: Object.fromEntries(this.fields.map((f) => [f, new Map()])),
      matches: new Map(),
      seenTermField: new Set(),
      required: Object.create(null),
      prohibited: Object.create(null),
    };
    for (const clause of query.clauses) {
      const clauseMatches = new Set();
      for (const term of this.clauseTerms(clause)) {
        const expanded = tokenSet.intersect(this.lunr.TokenSet.fromClause({ ...clause, term })).toArray();
        if (expanded.length === 0 && clause.presence === REQUIRED) {
          for (const field of clause.fields) state.required[field] = new Set();
          break;
        }
        for (const word of expanded) this.matchWord(state, clause, word, entries.get(word), clauseMatches);
      }
      if (clause.presence === REQUIRED) {
        for (const field of clause.fields)
          state.required[field] = intersect(state.required[field] ?? COMPLETE, clauseMatches);
      }
    }
    return state;
  }

  /** One index word of a clause, in each of the clause's fields. */
  matchWord(state, clause, word, entry, clauseMatches) {
    const { REQUIRED, PROHIBITED } = this.lunr.Query.presence;
    const postings = this.postingsOf(entry);
    for (const field of clause.fields) {
      const { ids } = postings[this.fields.indexOf(field)];
      if (clause.presence === REQUIRED) {
        for (const id of ids) clauseMatches.add(id);
        state.required[field] ??= COMPLETE;
      }
      if (clause.presence === PROHIBITED) {
        const set = (state.prohibited[field] ??= new Set());
        for (const id of ids) set.add(id);
        continue;
      }
      const vector = state.queryVectors[field];
      vector.set(
        entry.termIndex,
        vector.has(entry.termIndex) ? vector.get(entry.termIndex) + clause.boost : clause.boost,
      );
      const key = `${word}/${field}`;
      if (state.seenTermField.has(key)) continue;
      state.seenTermField.add(key);
      for (const id of ids) {
        let match = state.matches.get(id);
        if (!match) state.matches.set(id, (match = { fields: [], terms: [] }));
        if (!match.fields.includes(field)) match.fields.push(field);
        if (!match.terms.includes(word)) match.terms.push(word);
      }
    }
  }

  /** The documents every required clause matched (COMPLETE: no requirement) and those any prohibited one did. */
  presenceOf({ required, prohibited }) {
    let allRequired = COMPLETE;
    const allProhibited = new Set();
    for (const field of this.fields) {
      if (required[field]) allRequired = intersect(allRequired, required[field]);
      if (prohibited[field]) for (const id of prohibited[field]) allProhibited.add(id);
    }
    return { allRequired, allProhibited };
  }

  /** Query vectors in ascending term index, as lunr.Vector keeps them, with their magnitudes;
   *  each element with the term's components by document, to look up while scoring. */
  queryVectorsOf(queryVectors, entries) {
    const sortedVectors = Object.create(null);
    for (const field of this.fields) {
      const elements = [...queryVectors[field]].sort((a, b) => a[0] - b[0]);
      let sumOfSquares = 0;
      for (const [, value] of elements) sumOfSquares += value * value;
      const withComponents = elements.map(([termIndex, value]) => [
        value,
        this.componentsOf(entries, termIndex, field),
      ]);
      sortedVectors[field] = { elements: withComponents, magnitude: Math.sqrt(sumOfSquares) };
    }
    return sortedVectors;
  }

  /** Document id → field-vector component of the term with this index, in this field. */
  componentsOf(entries, termIndex, field) {
    const cacheKey = `${termIndex}/${field}`;
    let map = this.componentCache.get(cacheKey);
    if (!map) {
      map = new Map();
      for (const entry of entries.values()) {
        if (entry.termIndex !== termIndex) continue;
        const { ids, scores } = this.postingsOf(entry)[this.fields.indexOf(field)];
        for (let i = 0; i < ids.length; i++) map.set(ids[i], scores[i] / 1000);
      }
      this.componentCache.set(cacheKey, map);
    }
    return map;
  }

  /**
   * Runs a lunr query string. Resolves to lunr's results (ref = document id as a string,
   * score), best first, each with the index terms it matched, plus the shards it needed.
   * Throws lunr.QueryParseError for bad syntax and UnhelpfulQueryError when refusing.
   */
  async search(queryString) {
    const query = this.parse(queryString);
    if (query.clauses.length === 0) return { results: [], shards: [], notes: [] };
    if (query.isNegated()) {
      throw new UnhelpfulQueryError(
        "negated",
        "Every word in this search is excluded with a minus sign; add at least one word to look for.",
      );
    }
    const shards = await this.shardsFor(query);
    let bytes = 0;
    for (const n of shards) if (!this.shardCache.has(n)) bytes += this.shardBytes[n];
    if (bytes > this.maxShardBytes) throw this.tooBroad();
    const maps = await Promise.all(shards.map((n) => this.loadShard(n)));
    const results = this.execute(query, maps, this.expandedTerms(query, maps));
    return { results, shards, notes: query.notes };
  }

  /** The thread number (position in the archive) of a document id. */
  threadOf(docId) {
    return rangeOf(this.threadStarts, docId);
  }

  /** The docs chunks holding these documents, by chunk number. */
  async chunksOf(docIds) {
    const chunkNumbers = [...new Set(docIds.map((id) => rangeOf(this.chunkStarts, id)))];
    const chunks = new Map();
    await Promise.all(
      chunkNumbers.map(async (n) => {
        let p = this.chunkCache.get(n);
        if (!p) {
          p = this.fetchJson(`docs/${this.chunkNames[n]}.json`);
          p.catch(() => this.chunkCache.delete(n));
          this.chunkCache.set(n, p);
        }
        chunks.set(n, await p);
      }),
    );
    return chunks;
  }

  /** Display data of documents: thread title, link and forum, post number, author, date, text. */
  async documents(docIds) {
    const chunks = await this.chunksOf(docIds);
    const { chunkStarts, threadStarts, manifest } = this;
    const out = new Map();
    for (const id of docIds) {
      const n = rangeOf(chunkStarts, id);
      const [number, author, postedAt, text] = chunks.get(n).docs[id - chunkStarts[n]];
      const thread = this.threadOf(id);
      // A file lists its threads from the one its first post is in.
      const [title, url, forum] = chunks.get(n).threads[thread - this.threadOf(chunkStarts[n])];
      const position = id - threadStarts[thread];
      const page = Math.floor(position / manifest.postsPerPage) + 1;
      const pagePath = page === 1 ? url : `${url}page/${page}/`;
      out.set(id, {
        id,
        thread,
        threadTitle: title,
        threadHref: joinUrl(manifest.baseUrl, url),
        forum,
        href: `${joinUrl(manifest.baseUrl, pagePath)}#post-${number}`,
        number,
        author,
        postedAt,
        text,
      });
    }
    return out;
  }

  /**
   * Where in text the given index terms occur: [start, end) ranges, found by running the
   * text's words through the indexing pipeline, as the index builder did.
   */
  highlights(text, terms) {
    const wanted = new Set(terms);
    const ranges = [];
    for (const token of this.lunr.tokenizer(text)) {
      const [start, length] = token.metadata.position;
      const processed = this.indexPipeline.run([token]);
      if (!processed.some((t) => wanted.has(t.toString()))) continue;
      // The tokenizer keeps punctuation glued to a word ("flexors."); mark the word only.
      const raw = text.slice(start, start + length);
      const lead = raw.search(WORD_CHAR);
      if (lead === -1) continue;
      let end = raw.length;
      while (end > lead && !WORD_CHAR.test(raw[end - 1])) end--;
      ranges.push([start + lead, start + end]);
    }
    return ranges;
  }
}

/** Where each of a sequence of consecutive groups starts, from the groups' sizes. */
function startsOf(sizes) {
  const starts = [];
  let at = 0;
  for (const size of sizes) {
    starts.push(at);
    at += size;
  }
  return starts;
}

/** baseUrl ("/" or "/prefix/") joined with a site-relative path ("/a/b/"). */
export function joinUrl(baseUrl, path) {
  return baseUrl.replace(/\/+$/, "") + "/" + path.replace(/^\/+/, "");
}

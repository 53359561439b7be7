// One lunr index over every post of the archive, so idf and field lengths are archive-wide.
// This is the reference: postings.ts computes the same postings and field-vector components
// without lunr.Builder (test/search-equality.test.ts compares the files both give, and
// scores against this index's own search).
import { lunr, multiLanguage } from "./lunr.ts";
import type { SearchCorpus } from "./documents.ts";

/** Field names as a query writes them: `title:spasms`, `author:kieran`, `body:stretch`. */
export const FIELDS = ["title", "body", "author"] as const;

export interface BuiltIndex {
  index: lunr.Index;
  /** Labels of the indexing pipeline (the client stems post text with it to highlight words). */
  pipeline: unknown;
  /** Labels of the search pipeline, as lunr.Index#toJSON names them. */
  searchPipeline: unknown;
}

/** A lunr.Builder set up as the index is built: pipelines, ref and fields, no documents yet. */
export function newBuilder(): lunr.Builder {
  const builder = new lunr.Builder();
  // What lunr() sets up, then the multi-language plugin replaces the pipelines.
  builder.pipeline.add(lunr.trimmer, lunr.stopWordFilter, lunr.stemmer);
  builder.searchPipeline.add(lunr.stemmer);
  builder.use(multiLanguage);
  builder.ref("id");
  for (const field of FIELDS) builder.field(field);
  return builder;
}

export function buildIndex(corpus: SearchCorpus): BuiltIndex {
  const builder = newBuilder();
  for (const doc of corpus.documents) {
    builder.add({
      id: String(doc.id),
      title: corpus.threads[doc.thread]!.title,
      body: doc.text,
      author: doc.author,
    });
  }
  const index = builder.build();
  return { index, pipeline: builder.pipeline.toJSON(), searchPipeline: builder.searchPipeline.toJSON() };
}

// Types of engine.js for the TypeScript side (tests, benchmark, shards.ts).
export function encodeUints(numbers: readonly number[]): string;
export function decodeUints(text: string): number[];
export function encodePostings(ids: ArrayLike<number>, scores: ArrayLike<number>): string;
export function decodePostings(text: string): { ids: number[]; scores: number[] };
export function rangeOf(starts: readonly (string | number)[], value: string | number): number;
export const MAX_EDIT_DISTANCE: number;
export const MAX_FUZZY_TERM_LENGTH: number;
export const MAX_EXPANDED_TERMS: number;
export function joinUrl(baseUrl: string, path: string): string;

export class UnhelpfulQueryError extends Error {
  reason: "negated" | "too-broad";
  constructor(reason: "negated" | "too-broad", message: string);
}

export interface SearchResult {
  ref: string;
  score: number;
  /** The index terms (stemmed) this document matched, for highlighting. */
  terms: string[];
}

export interface DocumentInfo {
  id: number;
  thread: number;
  threadTitle: string;
  threadHref: string;
  /** The thread's forum's name. */
  forum: string;
  href: string;
  number: number;
  author: string;
  postedAt: string;
  text: string;
}

export interface Searcher {
  /** `notes`: what was bounded in the query (a fuzzy distance above 2), in words for the reader. */
  search(query: string): Promise<{ results: SearchResult[]; shards: number[]; notes: string[] }>;
  parse(query: string): unknown;
  documents(ids: readonly number[]): Promise<Map<number, DocumentInfo>>;
  highlights(text: string, terms: readonly string[]): [number, number][];
  threadOf(id: number): number;
  manifest: any;
}

export function createSearcher(options: {
  lunr: any;
  fetchJson: (path: string) => Promise<any>;
  manifest: any;
  maxShardBytes?: number;
}): Searcher;

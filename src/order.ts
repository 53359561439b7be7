// Orderings shared by every module that sorts: by UTF-16 code units, never by locale, so the same
// input sorts the same on every machine.

/** Compares two strings by code units: for sort() and for `||` chains of tie-breakers. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

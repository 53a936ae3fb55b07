/** How many requests a fake console remembers by default (its request log is a ring buffer). */
export const defaultRequestLogLimit = 10_000;

/**
 * Appends to a log kept as a ring buffer: once it holds `limit` entries the
 * oldest is dropped. A limit of 0 keeps nothing; `Infinity` keeps everything.
 */
export function pushBounded<Entry>(log: Entry[], entry: Entry, limit: number): void {
  if (limit <= 0) return;
  log.push(entry);
  while (log.length > limit) log.shift();
}

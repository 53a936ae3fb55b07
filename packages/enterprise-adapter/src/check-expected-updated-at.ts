import { PomeriumError } from '@pomerium-unified/core';
import { timestampToString } from './convert-duration.js';
import { enterpriseBackendName } from './errors.js';

type Timestamp = Parameters<typeof timestampToString>[0];

/**
 * Optimistic concurrency on a wire without compare-and-set: fails with
 * `aborted` when the object read right before the write no longer has the
 * `updatedAt` the caller read. Times compare as instants, so `…Z` and
 * `….000Z` are the same.
 */
export function checkExpectedUpdatedAt(
  expected: string | undefined,
  modifiedAt: Timestamp,
  operation: string,
  id: string,
): void {
  if (expected === undefined) return;
  const actual = timestampToString(modifiedAt);
  const same = actual !== undefined && (actual === expected || Date.parse(actual) === Date.parse(expected));
  if (!same) {
    throw new PomeriumError(
      `${operation}: ${id} changed since it was read (updatedAt ${actual ?? 'unset'}, expected ${expected}); read it again and re-apply the change`,
      { code: 'aborted', backend: enterpriseBackendName, operation, mayHaveCommitted: false },
    );
  }
}

import { zeroAdapterError } from './errors.js';

/**
 * One id as a path segment: percent-encoded, and never `.` or `..` (which a
 * URL resolves, leaving the resource path). The core validates ids too.
 */
export function zeroIdSegment(id: string, operation: string): string {
  if (typeof id !== 'string' || id === '' || id === '.' || id === '..' || id.length > 512) {
    throw zeroAdapterError(
      'invalid_argument',
      `Invalid id for ${operation}: it must be a non-empty string of at most 512 characters other than "." and ".."`,
      'id',
      operation,
    );
  }
  return encodeURIComponent(id);
}

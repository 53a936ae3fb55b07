import type { CallOptions, ListPage } from '../backend-specification.js';
import { PomeriumError } from '../pomerium-error.js';
import { snapshotInput } from '../snapshot-input.js';

/** The memory backend's name. */
export const memoryBackendName = 'memory';

/** Throws a memory-backend PomeriumError. */
export function memoryFail(code: PomeriumError['code'], message: string, field?: string): never {
  throw new PomeriumError(message, { code, backend: memoryBackendName, ...(field ? { field } : {}) });
}

/** Rejects with `deadline_exceeded` when the call's signal is aborted. */
export function checkMemorySignal(options: CallOptions): void {
  if (options.signal?.aborted) {
    throw new PomeriumError('The call was aborted', {
      code: 'deadline_exceeded',
      retryable: false,
      backend: memoryBackendName,
      cause: options.signal.reason,
    });
  }
}

/**
 * Refuses, as `invalid_argument`, anything the client's input limits refuse,
 * so nothing stored can break a later list (the client checks first; this
 * guards callers that use the backend directly).
 */
export function checkMemoryStorable(value: unknown, what: string): void {
  snapshotInput(value, what);
}

/** Optimistic concurrency: `aborted` when the stored object changed since the caller read it. */
export function checkMemoryUpdatedAt(
  request: { expectedUpdatedAt?: string },
  stored: { updatedAt: string | undefined },
  what: string,
): void {
  if (request.expectedUpdatedAt !== undefined && request.expectedUpdatedAt !== stored.updatedAt) {
    throw new PomeriumError(
      `${what} changed since it was read (updatedAt ${stored.updatedAt ?? 'unset'}, expected ${request.expectedUpdatedAt})`,
      { code: 'aborted', backend: memoryBackendName },
    );
  }
}

/** One page of `matching`, with the total count. */
export function memoryPage<Stored, Item>(
  matching: Stored[],
  offset: number,
  limit: number,
  view: (stored: Stored) => Item,
): ListPage<Item> {
  return { items: matching.slice(offset, offset + limit).map(view), totalCount: matching.length };
}

/** What the memory resources share with the main backend: clock, ids and the namespace tree. */
export interface MemoryStore {
  /** The current time, RFC 3339. */
  now(): string;
  /** The clock, strictly after `previous`. */
  nextUpdatedAt(previous: string | undefined): string;
  /** A fresh id. */
  generateId(): string;
  /** True when the namespace exists. */
  hasNamespace(id: string): boolean;
}

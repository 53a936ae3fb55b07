import type { CallOptions, ListPage } from './backend-specification.js';
import { PomeriumError } from './pomerium-error.js';

/** How to look for the object a create whose answer was lost may have made. */
export interface CreateRecovery<Item> {
  /** Lists one page of candidates (same namespace or parent, filtered by name where the backend can). */
  listPage: (options: CallOptions & { offset: number; limit: number }) => Promise<ListPage<Item>>;
  /** True when `item` carries the identifying content of the input (name, namespace, route `from`, policy PPL, …). */
  matches: (item: Item, page: readonly Item[]) => boolean;
  /** The item's id and creation time. */
  describe: (item: Item) => { id: string; createdAt: string | undefined };
  /** `route`, `policy` or `namespace`, for the error message. */
  what: string;
}

const pageSize = 100;
const maxPages = 200;

/**
 * Looks for objects matching a create's input that were created at or after
 * `sentAt - clockSkewMs` (objects without a creation time never match):
 * exactly one is returned; none gives undefined (the client then creates once
 * more); several throw `failed_precondition` naming their ids.
 */
export async function findCreatedObject<Item>(
  recovery: CreateRecovery<Item>,
  options: CallOptions,
  sentAt: number,
  clockSkewMs: number,
): Promise<Item | undefined> {
  const since = sentAt - clockSkewMs;
  const candidates: Item[] = [];
  for (let index = 0; index < maxPages; index += 1) {
    const page = await recovery.listPage({ ...options, offset: index * pageSize, limit: pageSize });
    const items = Array.isArray(page?.items) ? page.items : [];
    for (const item of items) {
      if (!recovery.matches(item, items)) continue;
      const createdAt = Date.parse(recovery.describe(item).createdAt ?? '');
      if (Number.isFinite(createdAt) && createdAt >= since) candidates.push(item);
    }
    const seen = index * pageSize + items.length;
    if (items.length < pageSize || (page.totalCount !== undefined && seen >= page.totalCount)) break;
  }
  if (candidates.length <= 1) return candidates[0];
  const ids = candidates.map((item) => recovery.describe(item).id);
  throw new PomeriumError(
    `The answer to a ${recovery.what} create was lost and ${ids.length} matching ${recovery.what}s were created since it was sent: ${ids.join(', ')}; keep one and delete the others`,
    { code: 'failed_precondition', retryable: false, mayHaveCommitted: true },
  );
}

/** True when two URLs are the same once parsed (`https://A.example.com` and `https://a.example.com/`). */
export function sameUrl(left: string, right: string): boolean {
  if (left === right) return true;
  try {
    return new URL(left).href === new URL(right).href;
  } catch {
    return false;
  }
}

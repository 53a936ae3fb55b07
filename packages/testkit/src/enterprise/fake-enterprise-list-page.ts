import { Code, ConnectError } from '@connectrpc/connect';
import type { FakeEnterpriseState, FakeServiceAccount } from './fake-enterprise-state.js';

/** Options of a list call. */
export interface ListFilter {
  namespace: string;
  query?: string | undefined;
  offset?: bigint | undefined;
  limit?: bigint | undefined;
  orderBy?: string | undefined;
}

/**
 * One page of a list: reads the namespace index (or every object when no
 * namespace is given), counts the matches for `total_count` and returns
 * only the page's objects, so views are built per page.
 */
export function listPage<Item extends { name: string; createdAt?: { seconds: bigint; nanos: number } | undefined }>(
  state: FakeEnterpriseState,
  account: FakeServiceAccount,
  collection: { valuesSnapshot(): readonly Item[]; snapshot(name: 'namespace', key: string): readonly Item[] },
  namespaceOf: (item: Item) => string,
  matches: (item: Item, query: string) => boolean,
  filter: ListFilter,
): { items: Item[]; totalCount: bigint } {
  if (filter.namespace !== '' && state.namespaces.has(filter.namespace)) {
    state.requireAccess(account, filter.namespace);
  }
  if (filter.offset !== undefined && filter.offset < 0n) {
    throw new ConnectError('offset: must not be negative', Code.InvalidArgument);
  }
  if (filter.limit !== undefined && filter.limit < 0n) {
    throw new ConnectError('limit: must not be negative', Code.InvalidArgument);
  }
  const query = filter.query?.toLowerCase();
  const candidates =
    filter.namespace === '' ? collection.valuesSnapshot() : collection.snapshot('namespace', filter.namespace);
  const everywhere = account.namespaceId === undefined;
  const offset = Number(filter.offset ?? 0n);
  const end = filter.limit === undefined || filter.limit === 0n ? undefined : offset + Number(filter.limit);
  const unordered = filter.orderBy !== 'name' && filter.orderBy !== 'newest';
  if (everywhere && (query === undefined || query === '') && unordered) {
    return { items: candidates.slice(offset, end), totalCount: BigInt(candidates.length) };
  }
  const selects = (item: Item) =>
    (everywhere || state.canSee(account, namespaceOf(item))) &&
    (query === undefined || query === '' || matches(item, query));
  if (unordered) {
    const items: Item[] = [];
    let total = 0;
    for (const item of candidates) {
      if (!selects(item)) continue;
      if (total >= offset && (end === undefined || total < end)) items.push(item);
      total += 1;
    }
    return { items, totalCount: BigInt(total) };
  }
  const selected: Item[] = [];
  for (const item of candidates) if (selects(item)) selected.push(item);
  const created = (item: Item) => (item.createdAt ? Number(item.createdAt.seconds) * 1e9 + item.createdAt.nanos : 0);
  if (filter.orderBy === 'name') selected.sort((left, right) => left.name.localeCompare(right.name));
  else selected.sort((left, right) => created(right) - created(left));
  return { items: selected.slice(offset, end), totalCount: BigInt(selected.length) };
}

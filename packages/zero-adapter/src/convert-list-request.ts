import type { ResourceListFilter } from '@pomerium-unified/core';

/** The Zero collections with list/get/create/update/delete. */
export type ZeroCollection = 'routes' | 'policies';

/** The fields a free-text query matches on Zero, per collection (routes: name, from or to). */
const queryFields: Record<ZeroCollection, string[]> = { routes: ['name', 'from', 'to'], policies: ['name'] };

/**
 * Builds the query string of a Zero list call: `namespaceId` (Zero requires
 * one; without a filter the default namespace is listed with its
 * descendants), a JSON `filter` of `contains` items for the query, and
 * `limit`/`offset` paging.
 */
export function toZeroListSearchParams(
  collection: ZeroCollection,
  request: ResourceListFilter & { offset: number; limit: number },
  defaultNamespaceId: string,
): URLSearchParams {
  const searchParams = new URLSearchParams();
  searchParams.set('namespaceId', request.namespaceId ?? defaultNamespaceId);
  if (request.namespaceId === undefined) searchParams.set('includeDescendants', 'true');
  if (request.query !== undefined && request.query !== '') {
    const fields = queryFields[collection];
    const filter = {
      items: fields.map((field) => ({ field, operator: 'contains', value: request.query })),
      ...(fields.length > 1 ? { logicOperator: 'or' } : {}),
    };
    searchParams.set('filter', JSON.stringify(filter));
  }
  searchParams.set('limit', String(request.limit));
  searchParams.set('offset', String(request.offset));
  return searchParams;
}

/** The query string that looks one id up across the whole organization (below its root namespace). */
export function toZeroIdLookupSearchParams(id: string, rootNamespaceId: string): URLSearchParams {
  return new URLSearchParams({
    namespaceId: rootNamespaceId,
    includeDescendants: 'true',
    filter: JSON.stringify({ items: [{ field: 'id', operator: 'equals', value: id }] }),
  });
}

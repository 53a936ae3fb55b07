import type { FakeZeroJson } from './fake-zero-state.js';

/** Filter fields the fake console interprets, per resource. */
export const fakeZeroFilterFields = {
  routes: ['id', 'name', 'from', 'to', 'path', 'prefix', 'regex', 'updatedAt'],
  policies: ['id', 'name', 'enforced', 'updatedAt'],
} as const;

/** Thrown for a malformed `filter`, `orderBy`, `limit` or `offset`: the fake answers 400. */
export class FakeZeroQueryError extends Error {}

interface FilterItem {
  field: string;
  operator: string;
  value: unknown;
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function matchOne(actual: unknown, operator: string, expected: unknown): boolean {
  const text = asText(actual).toLowerCase();
  const wanted = asText(expected).toLowerCase();
  switch (operator) {
    case 'contains':
      return text.includes(wanted);
    case 'doesNotContain':
      return !text.includes(wanted);
    case 'equals':
    case '=':
    case 'is':
      return typeof actual === 'boolean' ? actual === expected || asText(actual) === asText(expected) : text === wanted;
    case 'doesNotEqual':
    case '!=':
    case 'not':
      return text !== wanted;
    case 'startsWith':
      return text.startsWith(wanted);
    case 'endsWith':
      return text.endsWith(wanted);
    case 'isEmpty':
      return text === '';
    case 'isNotEmpty':
      return text !== '';
    case 'isAnyOf':
      return Array.isArray(expected) && expected.some((item) => asText(item).toLowerCase() === text);
    default:
      throw new FakeZeroQueryError(`filter: operator "${operator}" is not supported by the fake console`);
  }
}

function matchItem(json: FakeZeroJson, item: FilterItem): boolean {
  const actual = json[item.field];
  if (Array.isArray(actual)) {
    const negative = ['doesNotContain', 'doesNotEqual', '!=', 'not', 'isEmpty'].includes(item.operator);
    if (actual.length === 0) return matchOne(undefined, item.operator, item.value);
    return negative
      ? actual.every((entry) => matchOne(entry, item.operator, item.value))
      : actual.some((entry) => matchOne(entry, item.operator, item.value));
  }
  return matchOne(actual, item.operator, item.value);
}

function parseFilter(raw: string, fields: readonly string[]): (json: FakeZeroJson) => boolean {
  let filter: unknown;
  try {
    filter = JSON.parse(raw);
  } catch {
    throw new FakeZeroQueryError('filter: must be a JSON object');
  }
  if (typeof filter !== 'object' || filter === null || !Array.isArray((filter as { items?: unknown }).items)) {
    throw new FakeZeroQueryError('filter: must be a JSON object with an items array');
  }
  const { items, logicOperator = 'and' } = filter as { items: unknown[]; logicOperator?: unknown };
  if (logicOperator !== 'and' && logicOperator !== 'or') throw new FakeZeroQueryError('filter.logicOperator: and | or');
  const parsed = items.map((item, index) => {
    const candidate = item as Partial<FilterItem>;
    if (typeof candidate?.field !== 'string' || typeof candidate.operator !== 'string' || !('value' in candidate)) {
      throw new FakeZeroQueryError(`filter.items[${index}]: field, operator and value are required`);
    }
    if (!fields.includes(candidate.field)) {
      throw new FakeZeroQueryError(`filter.items[${index}].field: "${candidate.field}" is not supported`);
    }
    return candidate as FilterItem;
  });
  if (parsed.length === 0) return () => true;
  return (json) =>
    logicOperator === 'or'
      ? parsed.some((item) => matchItem(json, item))
      : parsed.every((item) => matchItem(json, item));
}

function parseCount(name: string, raw: string | null): number | undefined {
  if (raw === null) return undefined;
  if (!/^\d+$/.test(raw)) throw new FakeZeroQueryError(`${name}: must be a non-negative integer`);
  return Number(raw);
}

function compare(left: unknown, right: unknown): number {
  return asText(left).localeCompare(asText(right));
}

/** Where {@link applyFakeZeroQuery} reads the stored objects of one list call. */
export interface FakeZeroQuerySource<Item> {
  /** The objects in scope, in storage order. */
  items: readonly Item[];
  /** The JSON the filter and order apply to. */
  jsonOf: (item: Item) => FakeZeroJson;
  /** Looks one object up by id (a filter on `id` alone then skips the scan); it must also be in scope. */
  byId?: (id: string) => Item | undefined;
}

function singleIdFilter(raw: string | null): string | undefined {
  if (raw === null || raw === '') return undefined;
  try {
    const filter = JSON.parse(raw) as { items?: unknown; logicOperator?: unknown };
    if (!Array.isArray(filter.items) || filter.items.length !== 1) return undefined;
    const [item] = filter.items as { field?: unknown; operator?: unknown; value?: unknown }[];
    if (item?.field !== 'id' || !['equals', '=', 'is'].includes(String(item.operator))) return undefined;
    return typeof item.value === 'string' ? item.value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Applies the list query of a Zero list endpoint to the stored objects:
 * `filter` (JSON in one parameter), `orderBy` (comma-joined, `-` for
 * descending), then `offset` and `limit`. Without `orderBy` it stops reading
 * once the page is full (and slices directly without a filter), so callers build views of one page only.
 */
export function applyFakeZeroQuery<Item>(
  source: FakeZeroQuerySource<Item>,
  searchParams: URLSearchParams,
  fields: readonly string[],
): Item[] {
  const rawFilter = searchParams.get('filter');
  const matches = rawFilter !== null && rawFilter !== '' ? parseFilter(rawFilter, fields) : () => true;
  const orderBy = searchParams.get('orderBy');
  const keys = (orderBy ? orderBy.split(',') : []).map((key) =>
    key.startsWith('-') ? { field: key.slice(1), sign: -1 } : { field: key, sign: 1 },
  );
  for (const key of keys) {
    if (!fields.includes(key.field)) throw new FakeZeroQueryError(`orderBy: "${key.field}" is not supported`);
  }
  const offset = parseCount('offset', searchParams.get('offset')) ?? 0;
  const limit = parseCount('limit', searchParams.get('limit'));
  const onlyId = source.byId ? singleIdFilter(rawFilter) : undefined;
  const one = onlyId !== undefined ? source.byId?.(onlyId) : undefined;
  const candidates: readonly Item[] = onlyId !== undefined ? (one === undefined ? [] : [one]) : source.items;
  if (rawFilter === null || rawFilter === '' || onlyId !== undefined) {
    if (keys.length === 0) return candidates.slice(offset, limit === undefined ? undefined : offset + limit);
  }
  if (keys.length === 0) {
    const page: Item[] = [];
    if (limit === 0) return page;
    let skipped = 0;
    for (const item of candidates) {
      if (!matches(source.jsonOf(item))) continue;
      if (skipped < offset) {
        skipped += 1;
        continue;
      }
      page.push(item);
      if (limit !== undefined && page.length >= limit) break;
    }
    return page;
  }
  const selected: Item[] = [];
  for (const item of candidates) if (matches(source.jsonOf(item))) selected.push(item);
  selected.sort((left, right) => {
    const leftJson = source.jsonOf(left);
    const rightJson = source.jsonOf(right);
    for (const key of keys) {
      const order = compare(leftJson[key.field], rightJson[key.field]) * key.sign;
      if (order !== 0) return order;
    }
    return 0;
  });
  return selected.slice(offset, limit === undefined ? undefined : offset + limit);
}

import { describe, expect, it } from 'vitest';
import { toZeroIdLookupSearchParams, toZeroListSearchParams } from '../src/convert-list-request.js';

describe('toZeroListSearchParams', () => {
  it('lists one namespace with paging and no filter', () => {
    const params = toZeroListSearchParams('routes', { namespaceId: 'ns1', offset: 20, limit: 10 }, 'root');
    expect(Object.fromEntries(params)).toEqual({ namespaceId: 'ns1', limit: '10', offset: '20' });
  });

  it('lists the default namespace with its descendants when none is given', () => {
    const params = toZeroListSearchParams('policies', { offset: 0, limit: 5 }, 'cluster-ns');
    expect(params.get('namespaceId')).toBe('cluster-ns');
    expect(params.get('includeDescendants')).toBe('true');
  });

  it('matches a route query on name, from or to, and a policy query on the name', () => {
    const routes = toZeroListSearchParams('routes', { query: 'app', offset: 0, limit: 5 }, 'n');
    expect(JSON.parse(routes.get('filter') ?? '')).toEqual({
      items: [
        { field: 'name', operator: 'contains', value: 'app' },
        { field: 'from', operator: 'contains', value: 'app' },
        { field: 'to', operator: 'contains', value: 'app' },
      ],
      logicOperator: 'or',
    });
    const policies = toZeroListSearchParams('policies', { query: 'mail', offset: 0, limit: 5 }, 'n');
    expect(JSON.parse(policies.get('filter') ?? '')).toEqual({
      items: [{ field: 'name', operator: 'contains', value: 'mail' }],
    });
  });

  it('looks an id up below the root namespace', () => {
    const params = toZeroIdLookupSearchParams('r1', 'root');
    expect(params.get('namespaceId')).toBe('root');
    expect(params.get('includeDescendants')).toBe('true');
    expect(JSON.parse(params.get('filter') ?? '')).toEqual({
      items: [{ field: 'id', operator: 'equals', value: 'r1' }],
    });
  });
});

import { describe, expect, it } from 'vitest';
import { IndexedMap } from '../src/shared/indexed-map.js';

interface Item {
  id: string;
  namespaceId: string;
  tags: string[];
}

function items() {
  return new IndexedMap<Item, 'namespace' | 'tag'>({
    namespace: (item) => [item.namespaceId],
    tag: (item) => item.tags,
  });
}

describe('IndexedMap', () => {
  it('finds objects by each index, in the order they entered the key', () => {
    const map = items();
    map.set('a', { id: 'a', namespaceId: 'n1', tags: ['x', 'y'] });
    map.set('b', { id: 'b', namespaceId: 'n2', tags: ['y'] });
    map.set('c', { id: 'c', namespaceId: 'n1', tags: [] });
    expect(map.snapshot('namespace', 'n1').map((item) => item.id)).toEqual(['a', 'c']);
    expect([...map.lookup('tag', 'y')].map((item) => item.id)).toEqual(['a', 'b']);
    expect(map.countOf('tag', 'x')).toBe(1);
    expect(map.hasAny('namespace', 'n3')).toBe(false);
  });

  it('follows set, delete and clear, keeping an entry in place while its key stays', () => {
    const map = items();
    map.set('a', { id: 'a', namespaceId: 'n1', tags: [] });
    map.set('b', { id: 'b', namespaceId: 'n1', tags: [] });
    map.set('a', { id: 'a', namespaceId: 'n1', tags: ['x'] });
    expect(map.snapshot('namespace', 'n1').map((item) => item.id)).toEqual(['a', 'b']);
    map.set('a', { id: 'a', namespaceId: 'n2', tags: [] });
    expect(map.snapshot('namespace', 'n1').map((item) => item.id)).toEqual(['b']);
    expect(map.snapshot('namespace', 'n2').map((item) => item.id)).toEqual(['a']);
    expect(map.countOf('tag', 'x')).toBe(0);
    map.delete('b');
    expect(map.hasAny('namespace', 'n1')).toBe(false);
    map.clear();
    expect(map.valuesSnapshot()).toEqual([]);
    expect(map.hasAny('namespace', 'n2')).toBe(false);
  });

  it('never returns an object changed in place under its old key, and finds it under the new one after reindex', () => {
    const map = items();
    const item = { id: 'a', namespaceId: 'n1', tags: [] };
    map.set('a', item);
    item.namespaceId = 'n2';
    expect([...map.lookup('namespace', 'n1')]).toEqual([]);
    expect(map.hasAny('namespace', 'n2')).toBe(false);
    map.reindexAll();
    expect(map.snapshot('namespace', 'n2')).toEqual([item]);
  });

  it('invalidates cached snapshots and bumps the version on every change', () => {
    const map = items();
    map.set('a', { id: 'a', namespaceId: 'n1', tags: [] });
    const before = map.snapshot('namespace', 'n1');
    const version = map.version;
    expect(map.snapshot('namespace', 'n1')).toBe(before);
    map.set('b', { id: 'b', namespaceId: 'n1', tags: [] });
    expect(map.version).toBeGreaterThan(version);
    expect(map.snapshot('namespace', 'n1').map((item) => item.id)).toEqual(['a', 'b']);
    expect(map.valuesSnapshot()).toHaveLength(2);
  });
});

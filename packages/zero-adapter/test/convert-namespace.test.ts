import { describe, expect, it } from 'vitest';
import { zeroNamespaceToNamespace } from '../src/convert-namespace.js';

const base = { createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-02T00:00:00Z', role: 'admin' };

describe('zeroNamespaceToNamespace', () => {
  it('maps the three Zero namespace types to core kinds', () => {
    expect(zeroNamespaceToNamespace({ ...base, id: 'root', name: 'Org', type: 'root' })).toEqual({
      id: 'root',
      name: 'Org',
      parentId: undefined,
      kind: 'root',
      createdAt: base.createdAt,
      updatedAt: base.updatedAt,
      extensions: { zero: { type: 'root', role: 'admin' } },
    });
    expect(zeroNamespaceToNamespace({ ...base, id: 'n', name: 'team', type: 'regular', parentId: 'c' }).kind).toBe(
      'namespace',
    );
  });

  it('carries the cluster of a cluster namespace', () => {
    const namespace = zeroNamespaceToNamespace(
      { ...base, id: 'c', name: 'production', type: 'cluster', parentId: 'root' },
      {
        id: 'k',
        name: 'production',
        namespaceId: 'c',
        domain: 'calm-river-4821.pomerium.app',
        fqdn: 'calm-river-4821.pomerium.app',
        flavor: 'hosted',
      },
    );
    expect(namespace).toMatchObject({ kind: 'cluster', parentId: 'root' });
    expect(namespace.extensions.zero?.cluster).toEqual({
      id: 'k',
      name: 'production',
      domain: 'calm-river-4821.pomerium.app',
      fqdn: 'calm-river-4821.pomerium.app',
      flavor: 'hosted',
    });
  });
});

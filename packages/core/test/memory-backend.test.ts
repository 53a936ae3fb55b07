import { createMemoryBackend, createPomeriumClient } from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';

describe('createMemoryBackend', () => {
  it('starts with a root namespace and the requested cluster namespaces', async () => {
    const client = createPomeriumClient({
      backend: createMemoryBackend({ rootNamespaceName: 'personal', clusterNamespaces: ['trusted-dog-1049'] }),
    });
    const namespaces = await client.namespaces.list().toArray();
    const root = namespaces.find((namespace) => namespace.kind === 'root');
    expect(root?.name).toBe('personal');
    expect(namespaces.filter((namespace) => namespace.kind === 'cluster')).toMatchObject([
      { name: 'trusted-dog-1049', parentId: root?.id },
    ]);
  });

  it('uses the injected clock and id generator', async () => {
    let next = 0;
    const client = createPomeriumClient({
      backend: createMemoryBackend({ now: () => new Date('2026-01-02T03:04:05Z'), generateId: () => `id-${next++}` }),
    });
    const namespace = await client.namespaces.create({ name: 'n' });
    expect(namespace).toMatchObject({ id: 'id-1', createdAt: '2026-01-02T03:04:05.000Z' });
  });

  it('refuses to delete or move the root, and to move a namespace below itself', async () => {
    const client = createPomeriumClient({ backend: createMemoryBackend() });
    const root = (await client.namespaces.list().toArray())[0]!;
    await expect(client.namespaces.delete(root.id)).rejects.toMatchObject({ code: 'failed_precondition' });
    const parent = await client.namespaces.create({ name: 'parent' });
    const child = await client.namespaces.create({ name: 'child', parentId: parent.id });
    await expect(client.namespaces.update(root.id, { parentId: parent.id })).rejects.toMatchObject({
      code: 'failed_precondition',
    });
    await expect(client.namespaces.update(parent.id, { parentId: child.id })).rejects.toMatchObject({
      code: 'invalid_argument',
      field: 'parentId',
    });
  });

  it('returns copies, so callers cannot change what it stores', async () => {
    const client = createPomeriumClient({ backend: createMemoryBackend() });
    const namespace = await client.namespaces.create({ name: 'n' });
    const route = await client.routes.create({
      namespaceId: namespace.id,
      name: 'r',
      from: 'https://r.example.com',
      to: ['http://a'],
    });
    route.to.push('http://mutated');
    expect((await client.routes.get(route.id)).to).toEqual(['http://a']);
  });

  it('keeps extension bags through updates and merges them per backend key', async () => {
    const client = createPomeriumClient({ backend: createMemoryBackend() });
    const namespace = await client.namespaces.create({ name: 'n' });
    const route = await client.routes.create({
      namespaceId: namespace.id,
      name: 'r',
      from: 'https://r.example.com',
      extensions: { inventory: { owner: 'team-a' } },
    });
    const updated = await client.routes.update(route.id, { name: 'r2', extensions: { audit: { note: 'x' } } });
    expect(updated.extensions).toEqual({ inventory: { owner: 'team-a' }, audit: { note: 'x' } });
  });
});

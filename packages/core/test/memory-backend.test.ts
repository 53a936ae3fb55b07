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

  it('fails an update with aborted when the object changed since expectedUpdatedAt', async () => {
    const client = createPomeriumClient({
      backend: createMemoryBackend({ now: () => new Date('2026-01-02T03:04:05Z') }),
    });
    const namespace = await client.namespaces.create({ name: 'n' });
    const route = await client.routes.create({
      namespaceId: namespace.id,
      name: 'app',
      from: 'https://app.example.com',
      to: ['http://app:80'],
    });
    const first = await client.routes.update(
      route.id,
      { name: 'one' },
      { expectedUpdatedAt: route.updatedAt as string },
    );
    expect(first.updatedAt).not.toBe(route.updatedAt);
    await expect(
      client.routes.update(route.id, { name: 'two' }, { expectedUpdatedAt: route.updatedAt as string }),
    ).rejects.toMatchObject({ code: 'aborted', retryable: false });
    expect((await client.routes.get(route.id)).name).toBe('one');
    const policy = await client.policies.create({
      namespaceId: namespace.id,
      name: 'p',
      ppl: { allow: { and: [{ accept: true }] } },
    });
    await client.policies.update(policy.id, { name: 'q' });
    await expect(
      client.policies.update(policy.id, { name: 'r' }, { expectedUpdatedAt: policy.updatedAt as string }),
    ).rejects.toMatchObject({ code: 'aborted' });
    await client.namespaces.update(namespace.id, { name: 'm' });
    await expect(
      client.namespaces.update(namespace.id, { name: 'o' }, { expectedUpdatedAt: namespace.updatedAt as string }),
    ).rejects.toMatchObject({ code: 'aborted' });
  });

  it('declares field-level updates and keeps concurrent disjoint-field updates', async () => {
    const backend = createMemoryBackend();
    expect(backend.capabilities.fieldLevelUpdates).toBe(true);
    const client = createPomeriumClient({ backend });
    const namespace = await client.namespaces.create({ name: 'n' });
    const route = await client.routes.create({
      namespaceId: namespace.id,
      name: 'app',
      from: 'https://app.example.com',
      to: ['http://app:80'],
    });
    await Promise.all([
      client.routes.update(route.id, { description: 'changed' }),
      client.routes.update(route.id, { timeout: '5s' }),
    ]);
    expect(await client.routes.get(route.id)).toMatchObject({ description: 'changed', timeout: '5s' });
  });

  it('honours an aborted signal on every operation', async () => {
    const backend = createMemoryBackend();
    const signal = AbortSignal.abort();
    for (const call of [
      () => backend.routes.list({ offset: 0, limit: 1, signal }),
      () => backend.policies.get({ id: 'x', signal }),
      () => backend.namespaces.create({ input: { name: 'n' }, signal }),
      () => backend.routes.update({ id: 'x', patch: {}, signal }),
      () => backend.policies.delete({ id: 'x', signal }),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: 'deadline_exceeded' });
    }
  });
});

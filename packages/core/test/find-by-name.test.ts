import { createMemoryBackend, createPomeriumClient } from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';
import { rejectionOf } from './support/scripted-backend.js';

describe('findByName and findAllByName', () => {
  it('finds the one object with exactly that name', async () => {
    const client = createPomeriumClient({ backend: createMemoryBackend(), pageSize: 2 });
    const namespace = await client.namespaces.create({ name: 'n' });
    const base = { namespaceId: namespace.id, to: ['http://a:1'] };
    await client.routes.create({ ...base, name: 'app-2', from: 'https://b.example.com' });
    const app = await client.routes.create({ ...base, name: 'app', from: 'https://a.example.com' });
    expect((await client.routes.findByName({ name: 'app', namespaceId: namespace.id }))?.id).toBe(app.id);
    expect(await client.routes.findByName({ name: 'nope' })).toBeUndefined();
    expect(await client.routes.findAllByName({ name: 'nope' })).toEqual([]);
  });

  it('refuses an ambiguous name with failed_precondition naming the ids, and findAllByName returns them all', async () => {
    const client = createPomeriumClient({ backend: createMemoryBackend(), pageSize: 1 });
    const namespace = await client.namespaces.create({ name: 'n' });
    const ppl = { allow: { and: [{ email: { is: 'a@example.com' } }] } };
    const first = await client.policies.create({ namespaceId: namespace.id, name: 'dup', ppl });
    const second = await client.policies.create({ namespaceId: namespace.id, name: 'dup', ppl });
    const error = await rejectionOf(client.policies.findByName({ name: 'dup' }));
    expect(error).toMatchObject({ code: 'failed_precondition', operation: 'policies.findByName' });
    expect(error.message).toContain(first.id);
    expect(error.message).toContain(second.id);
    expect((await client.policies.findAllByName({ name: 'dup' })).map((policy) => policy.id).sort()).toEqual(
      [first.id, second.id].sort(),
    );
  });

  it('refuses an empty name before any call', async () => {
    const client = createPomeriumClient({ backend: createMemoryBackend() });
    expect((await rejectionOf(client.namespaces.findAllByName({ name: '' }))).field).toBe('name');
  });
});

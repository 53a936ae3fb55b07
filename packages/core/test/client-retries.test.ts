import { createPomeriumClient, type PomeriumClientOptions, type RetryEvent } from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';
import { createScriptedBackend, rejectionOf } from './support/scripted-backend.js';

const fast = { initialDelayMs: 1, maxDelayMs: 2 };

async function setup(capabilities = {}, options: Partial<PomeriumClientOptions> = {}) {
  const scripted = createScriptedBackend(capabilities);
  const retries: RetryEvent[] = [];
  const client = createPomeriumClient({
    backend: scripted.backend,
    retry: fast,
    hooks: { onRetry: (event) => retries.push(event) },
    ...options,
  });
  const namespace = await client.namespaces.create({ name: 'work' });
  scripted.calls.length = 0;
  const routeInput = { namespaceId: namespace.id, name: 'app', from: 'https://app.example.com', to: ['http://app:80'] };
  return { ...scripted, client, namespace, retries, routeInput };
}

describe('client retries', () => {
  it('retries a read after a transient failure and passes the attempt number', async () => {
    const { client, script, calls, routeInput } = await setup();
    const route = await client.routes.create(routeInput);
    script('routes.get', { code: 'unavailable', mayHaveCommitted: true }, { code: 'unavailable' });
    calls.length = 0;
    expect((await client.routes.get(route.id)).id).toBe(route.id);
    expect(calls.map((call) => call.options.attempt)).toEqual([1, 2, 3]);
  });

  it('gives up after maxAttempts with the last error, retryable for a read', async () => {
    const { client, script, operations } = await setup({}, { retry: { ...fast, maxAttempts: 2 } });
    script('routes.get', { code: 'unavailable' }, { code: 'unavailable' }, { code: 'unavailable' });
    const error = await rejectionOf(client.routes.get('r1'));
    expect(error).toMatchObject({ code: 'unavailable', retryable: true, operation: 'routes.get' });
    expect(operations()).toEqual(['routes.get', 'routes.get']);
  });

  it('does not retry a non-transient error', async () => {
    const { client, script, operations } = await setup();
    script('routes.get', { code: 'permission_denied' });
    expect((await rejectionOf(client.routes.get('r1'))).code).toBe('permission_denied');
    expect(operations()).toEqual(['routes.get']);
  });

  it('does nothing more with retry: false', async () => {
    const { client, script, operations } = await setup({}, { retry: false });
    script('routes.get', { code: 'unavailable' });
    expect((await rejectionOf(client.routes.get('r1'))).code).toBe('unavailable');
    expect(operations()).toEqual(['routes.get']);
  });

  it('retries a create that provably never reached the server', async () => {
    const { client, script, operations, routeInput, memory } = await setup();
    script('routes.create', { code: 'resource_exhausted', mayHaveCommitted: false });
    await client.routes.create(routeInput);
    expect(operations()).toEqual(['routes.create', 'routes.create']);
    expect((await memory.routes.list({ offset: 0, limit: 10 })).items).toHaveLength(1);
  });

  it('honours Retry-After, capped at maxRetryAfterMs', async () => {
    const { client, script, retries } = await setup({}, { retry: { ...fast, maxRetryAfterMs: 5 } });
    script(
      'routes.list',
      { code: 'resource_exhausted', retryAfterMs: 3 },
      { code: 'resource_exhausted', retryAfterMs: 60_000 },
    );
    await client.routes.list().toArray();
    expect(retries.map((event) => event.delayMs)).toEqual([3, 5]);
  });

  it('surfaces an error when the Retry-After exceeds the time left', async () => {
    const { client, script, operations } = await setup({}, { deadlineMs: 1000, retry: { maxRetryAfterMs: 60_000 } });
    script('routes.get', { code: 'resource_exhausted', retryAfterMs: 30_000 });
    const error = await rejectionOf(client.routes.get('r1'));
    expect(error).toMatchObject({ code: 'resource_exhausted', retryAfterMs: 30_000 });
    expect(operations()).toEqual(['routes.get']);
  });

  it('reads back a whole-object update whose answer was lost and returns it when the patch is there', async () => {
    const { client, script, operations, routeInput, retries } = await setup({ fieldLevelUpdates: false });
    const route = await client.routes.create({ ...routeInput, timeout: '30s', preserveHostHeader: true });
    script('routes.update', { code: 'unavailable', mayHaveCommitted: true, commit: true });
    const updated = await client.routes.update(route.id, {
      name: 'renamed',
      to: ['http://b:80', 'http://a:80'],
      timeout: null,
      preserveHostHeader: null,
    });
    expect(updated).toMatchObject({ id: route.id, name: 'renamed', to: ['http://b:80', 'http://a:80'] });
    expect(updated.timeout).toBeUndefined();
    expect(operations().slice(1)).toEqual(['routes.update', 'routes.get']);
    expect(retries).toMatchObject([{ operation: 'routes.update', recovery: true }]);
  });

  it('re-sends a whole-object update once when the read shows its patch was not applied', async () => {
    const { client, script, operations, routeInput } = await setup({ fieldLevelUpdates: false });
    const route = await client.routes.create(routeInput);
    script('routes.update', { code: 'unavailable', mayHaveCommitted: true });
    expect((await client.routes.update(route.id, { name: 'renamed' })).name).toBe('renamed');
    expect(operations().slice(1)).toEqual(['routes.update', 'routes.get', 'routes.update']);
  });

  it('re-sends a lost whole-object update at most once, then surfaces mayHaveCommitted', async () => {
    const { client, script, operations, routeInput } = await setup(
      { fieldLevelUpdates: false },
      {
        retry: { ...fast, maxAttempts: 5 },
      },
    );
    const route = await client.routes.create(routeInput);
    script(
      'routes.update',
      { code: 'unavailable', mayHaveCommitted: true },
      { code: 'unavailable', mayHaveCommitted: true },
      { code: 'unavailable', mayHaveCommitted: true },
    );
    const error = await rejectionOf(client.routes.update(route.id, { name: 'renamed' }));
    expect(error).toMatchObject({ code: 'unavailable', mayHaveCommitted: true, retryable: false });
    expect(operations().slice(1)).toEqual(['routes.update', 'routes.get', 'routes.update', 'routes.get']);
  });

  it('recognises a policy update whose PPL was applied, written differently', async () => {
    const { client, script, operations, namespace } = await setup({ fieldLevelUpdates: false });
    const policy = await client.policies.create({
      namespaceId: namespace.id,
      name: 'p',
      ppl: { allow: { and: [{ email: { is: 'a@example.com' } }] } },
    });
    script('policies.update', { code: 'unavailable', mayHaveCommitted: true, commit: true });
    const ppl = { allow: { or: [{ domain: { is: 'example.com' } }, { email: { is: 'b@example.com' } }] } };
    const updated = await client.policies.update(policy.id, { ppl, description: 'd' });
    expect(updated.description).toBe('d');
    expect(operations().slice(1)).toEqual(['policies.update', 'policies.get']);
  });

  it('never reads back or re-sends a guarded whole-object update whose answer was lost', async () => {
    const { client, script, operations, routeInput } = await setup({ fieldLevelUpdates: false });
    const route = await client.routes.create(routeInput);
    script('routes.update', { code: 'unavailable', mayHaveCommitted: true, commit: true });
    const error = await rejectionOf(
      client.routes.update(route.id, { name: 'renamed' }, { expectedUpdatedAt: route.updatedAt as string }),
    );
    expect(error).toMatchObject({ code: 'unavailable', mayHaveCommitted: true, retryable: false });
    expect(operations().slice(1)).toEqual(['routes.update']);
  });

  it('surfaces the lost update when the object is gone on read-back', async () => {
    const { client, script, operations, routeInput } = await setup({ fieldLevelUpdates: false });
    const route = await client.routes.create(routeInput);
    script('routes.update', { code: 'unavailable', mayHaveCommitted: true });
    script('routes.get', { code: 'not_found', retryable: false });
    const error = await rejectionOf(client.routes.update(route.id, { name: 'renamed' }));
    expect(error).toMatchObject({ code: 'unavailable', mayHaveCommitted: true, retryable: false });
    expect(operations().slice(1)).toEqual(['routes.update', 'routes.get']);
  });

  it('re-sends a field-level update whose answer was lost', async () => {
    const { client, script, operations, routeInput } = await setup({ fieldLevelUpdates: true });
    const route = await client.routes.create(routeInput);
    script('routes.update', { code: 'unavailable', mayHaveCommitted: true, commit: true });
    expect((await client.routes.update(route.id, { name: 'renamed' })).name).toBe('renamed');
    expect(operations().filter((operation) => operation === 'routes.update')).toHaveLength(2);
  });

  it('re-sends a lost update of a backend that re-applies the patch onto a fresh read, more than once', async () => {
    const { client, script, operations, routeInput, memory } = await setup(
      { fieldLevelUpdates: false, patchReappliedOnRead: true },
      { retry: { ...fast, maxAttempts: 5 } },
    );
    const route = await client.routes.create(routeInput);
    script(
      'routes.update',
      { code: 'unavailable', mayHaveCommitted: true },
      { code: 'unavailable', mayHaveCommitted: true },
      { code: 'deadline_exceeded', mayHaveCommitted: true, commit: true },
    );
    expect((await client.routes.update(route.id, { name: 'renamed' })).name).toBe('renamed');
    expect(operations().slice(1)).toEqual(['routes.update', 'routes.update', 'routes.update', 'routes.update']);
    expect((await memory.routes.get({ id: route.id })).name).toBe('renamed');
  });

  it('stops re-sending a lost update of such a backend at maxAttempts, retryable', async () => {
    const { client, script, operations, routeInput } = await setup(
      { fieldLevelUpdates: false, patchReappliedOnRead: true },
      { retry: { ...fast, maxAttempts: 3 } },
    );
    const route = await client.routes.create(routeInput);
    script(
      'routes.update',
      ...Array.from({ length: 3 }, () => ({ code: 'unavailable' as const, mayHaveCommitted: true })),
    );
    const error = await rejectionOf(client.routes.update(route.id, { name: 'renamed' }));
    expect(error).toMatchObject({ code: 'unavailable', mayHaveCommitted: true, retryable: true });
    expect(operations().slice(1)).toEqual(['routes.update', 'routes.update', 'routes.update']);
  });

  it('does not re-send a guarded update whose answer was lost on a backend that re-applies the patch', async () => {
    const { client, script, operations, routeInput } = await setup({
      fieldLevelUpdates: false,
      patchReappliedOnRead: true,
    });
    const route = await client.routes.create(routeInput);
    script('routes.update', { code: 'unavailable', mayHaveCommitted: true, commit: true });
    const error = await rejectionOf(
      client.routes.update(route.id, { name: 'renamed' }, { expectedUpdatedAt: route.updatedAt as string }),
    );
    expect(error).toMatchObject({ code: 'unavailable', mayHaveCommitted: true, retryable: false });
    expect(operations().slice(1)).toEqual(['routes.update']);
  });

  it('does not count a re-send the server refused unprocessed (429) as the one whole-object re-send', async () => {
    const { client, script, operations, routeInput, memory } = await setup(
      { fieldLevelUpdates: false },
      { retry: { ...fast, maxAttempts: 5 } },
    );
    const route = await client.routes.create(routeInput);
    script(
      'routes.update',
      { code: 'unavailable', mayHaveCommitted: true },
      { code: 'resource_exhausted', mayHaveCommitted: false, retryAfterMs: 1 },
    );
    expect((await client.routes.update(route.id, { name: 'renamed' })).name).toBe('renamed');
    expect(operations().slice(1)).toEqual([
      'routes.update',
      'routes.get',
      'routes.update',
      'routes.get',
      'routes.update',
    ]);
    expect((await memory.routes.get({ id: route.id })).name).toBe('renamed');
  });

  it('does not re-send a guarded update whose answer was lost, even field-level', async () => {
    const { client, script, routeInput } = await setup({ fieldLevelUpdates: true });
    const route = await client.routes.create(routeInput);
    script('routes.update', { code: 'unavailable', mayHaveCommitted: true, commit: true });
    const error = await rejectionOf(
      client.routes.update(route.id, { name: 'renamed' }, { expectedUpdatedAt: route.updatedAt as string }),
    );
    expect(error).toMatchObject({ code: 'unavailable', mayHaveCommitted: true, retryable: false });
  });

  it('treats not_found after a lost delete answer as success', async () => {
    const { client, script, operations, routeInput, memory } = await setup();
    const route = await client.routes.create(routeInput);
    script('routes.delete', { code: 'deadline_exceeded', mayHaveCommitted: true, commit: true });
    await client.routes.delete(route.id);
    expect(operations().filter((operation) => operation === 'routes.delete')).toHaveLength(2);
    expect((await memory.routes.list({ offset: 0, limit: 10 })).items).toHaveLength(0);
  });

  it('keeps not_found of a delete that never reached the server', async () => {
    const { client, script } = await setup();
    script('routes.delete', { code: 'unavailable', mayHaveCommitted: false });
    expect((await rejectionOf(client.routes.delete('missing'))).code).toBe('not_found');
  });

  it('wraps a raw error of a backend as unknown, naming the operation', async () => {
    const { client, backend } = await setup();
    backend.routes.get = async () => {
      throw new TypeError('boom');
    };
    const error = await rejectionOf(client.routes.get('r1'));
    expect(error).toMatchObject({ code: 'unknown', retryable: false, operation: 'routes.get', backend: 'scripted' });
    expect(error.message).toContain('boom');
  });

  it('refuses a wrong-shaped answer as internal naming the operation', async () => {
    const { client, script, routeInput } = await setup();
    script('routes.get', { value: [] });
    script('routes.create', { value: {} });
    script('routes.list', { value: { items: [{}] } });
    const get = await rejectionOf(client.routes.get('r1'));
    expect(get).toMatchObject({ code: 'internal', operation: 'routes.get' });
    expect(get.message).toContain('routes.get');
    expect((await rejectionOf(client.routes.create(routeInput))).code).toBe('internal');
    expect((await rejectionOf(client.routes.list().toArray())).operation).toBe('routes.list');
  });

  it('validates the retry and deadline options', () => {
    const { backend } = createScriptedBackend();
    expect(() => createPomeriumClient({ backend, retry: { maxAttempts: 0 } })).toThrow(/retry.maxAttempts/);
    expect(() => createPomeriumClient({ backend, deadlineMs: -1 })).toThrow(/deadlineMs/);
  });
});

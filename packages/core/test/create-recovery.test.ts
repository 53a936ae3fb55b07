import { createPomeriumClient } from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';
import { createScriptedBackend, rejectionOf } from './support/scripted-backend.js';

async function setup() {
  const scripted = createScriptedBackend();
  const client = createPomeriumClient({ backend: scripted.backend, retry: { initialDelayMs: 1, maxDelayMs: 2 } });
  const namespace = await client.namespaces.create({ name: 'work' });
  scripted.calls.length = 0;
  const routeInput = { namespaceId: namespace.id, name: 'app', from: 'https://app.example.com', to: ['http://app:80'] };
  const policyInput = {
    namespaceId: namespace.id,
    name: 'staff',
    ppl: { allow: { or: [{ domain: { is: 'x.com' } }] } },
  };
  const countRoutes = async () => (await scripted.memory.routes.list({ offset: 0, limit: 100 })).items.length;
  return { ...scripted, client, namespace, routeInput, policyInput, countRoutes };
}

describe('create recovery after a lost answer', () => {
  it('returns the route the lost create made instead of creating a second one', async () => {
    const { client, script, operations, routeInput, countRoutes } = await setup();
    script('routes.create', { code: 'unavailable', mayHaveCommitted: true, commit: true });
    const route = await client.routes.create(routeInput);
    expect(route).toMatchObject({ name: 'app', from: 'https://app.example.com' });
    expect(operations()).toEqual(['routes.create', 'routes.list']);
    expect(await countRoutes()).toBe(1);
  });

  it('creates once more when the lost create made nothing', async () => {
    const { client, script, operations, routeInput, countRoutes } = await setup();
    script('routes.create', { code: 'deadline_exceeded', mayHaveCommitted: true });
    await client.routes.create(routeInput);
    expect(operations()).toEqual(['routes.create', 'routes.list', 'routes.create']);
    expect(await countRoutes()).toBe(1);
  });

  it('does not grab an older route with the same name and from', async () => {
    let clockOffsetMs = -3_600_000;
    const scripted = createScriptedBackend({}, { now: () => new Date(Date.now() + clockOffsetMs) });
    const client = createPomeriumClient({ backend: scripted.backend, retry: { initialDelayMs: 1, maxDelayMs: 2 } });
    const namespace = await client.namespaces.create({ name: 'work' });
    const input = { namespaceId: namespace.id, name: 'app', from: 'https://app.example.com', to: ['http://app:80'] };
    const older = await client.routes.create(input);
    clockOffsetMs = 0;
    scripted.calls.length = 0;
    scripted.script('routes.create', { code: 'unavailable', mayHaveCommitted: true });
    const route = await client.routes.create(input);
    expect(route.id).not.toBe(older.id);
    expect(scripted.operations()).toEqual(['routes.create', 'routes.list', 'routes.create']);
  });

  it('does not take a route with the same name but another from', async () => {
    const { client, script, memory, routeInput, namespace } = await setup();
    script('routes.create', { code: 'unavailable', mayHaveCommitted: true });
    const recovered = client.routes.create(routeInput);
    await memory.routes.create({
      input: { ...routeInput, namespaceId: namespace.id, from: 'https://other.example.com' } as never,
    });
    const route = await recovered;
    expect(route.from).toBe('https://app.example.com');
  });

  it('names the ids when several matching routes appeared', async () => {
    const { client, script, memory, routeInput } = await setup();
    script('routes.create', { code: 'unavailable', mayHaveCommitted: true, commit: true });
    const pending = client.routes.create(routeInput);
    const twin = await memory.routes.create({ input: routeInput as never });
    const error = await rejectionOf(pending);
    expect(error).toMatchObject({ code: 'failed_precondition', mayHaveCommitted: true, retryable: false });
    expect(error.message).toContain(twin.id);
  });

  it('recovers a policy by its PPL, whatever the key order', async () => {
    const { client, script, operations, policyInput } = await setup();
    script('policies.create', { code: 'unavailable', mayHaveCommitted: true, commit: true });
    const policy = await client.policies.create(policyInput);
    expect(policy.name).toBe('staff');
    expect(operations()).toEqual(['policies.create', 'policies.list']);
  });

  it('recovers a namespace below the root', async () => {
    const { client, script, operations } = await setup();
    script('namespaces.create', { code: 'unavailable', mayHaveCommitted: true, commit: true });
    const namespace = await client.namespaces.create({ name: 'recovered' });
    expect(namespace.name).toBe('recovered');
    expect(operations()).toEqual(['namespaces.create', 'namespaces.list']);
  });

  it('surfaces the create error, not retryable, when the look-up keeps failing', async () => {
    const { client, script, routeInput } = await setup();
    script('routes.create', { code: 'unavailable', mayHaveCommitted: true });
    script('routes.list', { code: 'unavailable' }, { code: 'unavailable' }, { code: 'unavailable' });
    const error = await rejectionOf(client.routes.create(routeInput));
    expect(error).toMatchObject({
      code: 'unavailable',
      mayHaveCommitted: true,
      retryable: false,
      operation: 'routes.create',
    });
  });

  it('looks once more after the last attempt was lost', async () => {
    const { client, script, operations, routeInput, countRoutes } = await setup();
    script(
      'routes.create',
      { code: 'unavailable', mayHaveCommitted: true },
      { code: 'unavailable', mayHaveCommitted: true },
      { code: 'unavailable', mayHaveCommitted: true, commit: true },
    );
    await client.routes.create(routeInput);
    expect(operations().filter((operation) => operation === 'routes.create')).toHaveLength(3);
    expect(await countRoutes()).toBe(1);
  });

  it('looks again before re-sending, even after a later failure that never reached the server', async () => {
    const { client, script, operations, routeInput, countRoutes } = await setup();
    script(
      'routes.create',
      { code: 'unavailable', mayHaveCommitted: true },
      { code: 'resource_exhausted', mayHaveCommitted: false },
    );
    await client.routes.create(routeInput);
    expect(operations()).toEqual(['routes.create', 'routes.list', 'routes.create', 'routes.list', 'routes.create']);
    expect(await countRoutes()).toBe(1);
  });
});

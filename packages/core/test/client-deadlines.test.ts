import { createPomeriumClient } from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';
import { createScriptedBackend, rejectionOf } from './support/scripted-backend.js';

async function setup(deadlineMs = 60_000) {
  const scripted = createScriptedBackend();
  const client = createPomeriumClient({ backend: scripted.backend, deadlineMs, retry: { initialDelayMs: 1 } });
  const namespace = await client.namespaces.create({ name: 'work' });
  scripted.calls.length = 0;
  const routeInput = { namespaceId: namespace.id, name: 'app', from: 'https://app.example.com', to: ['http://app:80'] };
  return { ...scripted, client, routeInput };
}

describe('client deadlines', () => {
  it('rejects with deadline_exceeded when a backend ignoring its signal hangs past the deadline', async () => {
    const { client, script } = await setup(50);
    script('routes.get', { hang: true });
    const error = await rejectionOf(client.routes.get('r1'));
    expect(error).toMatchObject({ code: 'deadline_exceeded', operation: 'routes.get', retryable: true });
    expect(error.message).toContain('deadline of 50 ms');
  });

  it('reports a write cut off by the deadline as possibly committed and not retryable', async () => {
    const { client, script, routeInput } = await setup(50);
    script('routes.create', { hang: true });
    const error = await rejectionOf(client.routes.create(routeInput));
    expect(error).toMatchObject({ code: 'deadline_exceeded', mayHaveCommitted: true, retryable: false });
  });

  it('aborts promptly when the caller aborts, and aborts the signal passed to the backend', async () => {
    const { client, script, calls } = await setup();
    script('routes.get', { hang: true });
    const controller = new AbortController();
    const pending = client.routes.get('r1', { signal: controller.signal });
    await Promise.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toHaveLength(1);
    expect(calls[0]?.options.signal?.aborted).toBe(false);
    controller.abort();
    const error = await rejectionOf(pending);
    expect(error).toMatchObject({ code: 'deadline_exceeded', retryable: false });
    expect(error.message).toContain('aborted by the caller');
    expect(calls[0]?.options.signal?.aborted).toBe(true);
  });

  it('makes no backend call when the signal is already aborted', async () => {
    const { client, calls } = await setup();
    const controller = new AbortController();
    controller.abort();
    expect((await rejectionOf(client.routes.get('r1', { signal: controller.signal }))).code).toBe('deadline_exceeded');
    expect(calls).toHaveLength(0);
  });

  it('bounds the backoff between retries by the deadline', async () => {
    const { client, script, operations } = await setup(200);
    script('routes.get', { code: 'unavailable' }, { code: 'unavailable', retryAfterMs: 10_000 }, { hang: true });
    const error = await rejectionOf(client.routes.get('r1'));
    expect(error.code).toBe('unavailable');
    expect(operations()).toEqual(['routes.get', 'routes.get']);
  });

  it('bounds a list page and a look-up by name', async () => {
    const { client, script } = await setup(50);
    script('routes.list', { hang: true }, { hang: true });
    expect((await rejectionOf(client.routes.list().toArray())).code).toBe('deadline_exceeded');
    expect((await rejectionOf(client.routes.findByName({ name: 'x' }))).code).toBe('deadline_exceeded');
  });
});

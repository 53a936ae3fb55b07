import { createGrpcTransport } from '@connectrpc/connect-node';
import { createPomeriumClient, type PomeriumClient } from '@pomerium-unified/core';
import { type FakeEnterpriseConsole, startFakeEnterpriseConsole } from '@pomerium-unified/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEnterpriseBackend, type EnterpriseBackend } from '../src/index.js';

let fake: FakeEnterpriseConsole;
const opened: EnterpriseBackend[] = [];

function connect(): PomeriumClient {
  const backend = createEnterpriseBackend({
    url: fake.url,
    serviceAccountToken: fake.serviceAccountToken,
    tls: { ca: fake.ca },
    timeoutMs: 5_000,
  });
  opened.push(backend);
  return createPomeriumClient({
    backend,
    retry: { maxAttempts: 10, initialDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 5 },
  });
}

beforeAll(async () => {
  fake = await startFakeEnterpriseConsole({ rateLimitAnswer: 'mixed' });
});
afterEach(async () => {
  fake.faults.configure(undefined);
  await Promise.all(opened.splice(0).map((backend) => backend.close()));
});
afterAll(() => fake?.close());

function storedNamed(prefix: string): string[] {
  return [...fake.state.routes.values()].map((route) => route.name).filter((name) => name.startsWith(prefix));
}

describe('enterprise backend against the fake console injecting faults', () => {
  it('creates every route exactly once through resets before and after the commit, 5xx and 429', async () => {
    const client = connect();
    fake.faults.configure({
      rate: 0.3,
      seed: 11,
      kinds: ['unavailable', 'rate_limited', 'reset_before_commit', 'reset_after_commit'],
      retryAfterSeconds: 0,
    });
    const names = Array.from({ length: 30 }, (_, index) => `faulty-create-${index}`);
    for (const name of names) {
      const route = await client.routes.create({
        namespaceId: fake.rootNamespaceId,
        name,
        from: `https://${name}.example.com`,
      });
      expect(route.name).toBe(name);
    }
    const injected = fake.faults.injected;
    expect(injected).toBeGreaterThan(0);
    expect(storedNamed('faulty-create-').sort()).toEqual([...names].sort());
  });

  it('retries reads and updates through faults the console answered with a status (5xx, 429)', async () => {
    const client = connect();
    const route = await client.routes.create({
      namespaceId: fake.rootNamespaceId,
      name: 'faulty-update',
      from: 'https://faulty-update.example.com',
    });
    fake.faults.configure({
      rate: 0.25,
      seed: 5,
      kinds: ['unavailable', 'rate_limited'],
      retryAfterSeconds: 0,
    });
    for (let index = 0; index < 20; index += 1) {
      const updated = await client.routes.update(route.id, { description: `step ${index}` });
      expect(updated.description).toBe(`step ${index}`);
      expect((await client.routes.get(route.id)).description).toBe(`step ${index}`);
    }
    expect(fake.faults.injected).toBeGreaterThan(0);
  });

  it('converges updates whose answers are lost after the commit: read back, never re-sent blindly', async () => {
    const client = connect();
    const route = await client.routes.create({
      namespaceId: fake.rootNamespaceId,
      name: 'converging-update',
      from: 'https://converging-update.example.com',
    });
    fake.faults.configure({ rate: 0.3, seed: 3, kinds: ['reset_after_commit'] });
    const setsBefore = fake.state.requests.filter((request) => request.procedure.endsWith('/SetRoute')).length;
    for (let index = 0; index < 20; index += 1) {
      const updated = await client.routes.update(route.id, {
        description: `step ${index}`,
        timeout: `${index + 1}s`,
      });
      expect(updated).toMatchObject({ description: `step ${index}`, timeout: `${index + 1}s` });
      expect(fake.state.routes.get(route.id)?.description).toBe(`step ${index}`);
    }
    const lostWrites = fake.faults.recent.filter((fault) => fault.operation.endsWith('/SetRoute')).length;
    expect(lostWrites).toBeGreaterThan(0);
    // Each update wrote once: a lost answer was recovered by reading the route back, not by a second SetRoute.
    expect(fake.state.requests.filter((request) => request.procedure.endsWith('/SetRoute')).length).toBe(
      setsBefore + 20,
    );
  });

  it('recovers an update whose answer was lost after the commit by reading it back, without a second write', async () => {
    const client = connect();
    const route = await client.routes.create({
      namespaceId: fake.rootNamespaceId,
      name: 'lost-answer',
      from: 'https://lost-answer.example.com',
    });
    // Only the write loses its answer: a transport that turns the fault on right before each SetRoute.
    const transport = createGrpcTransport({
      baseUrl: fake.url,
      nodeOptions: { ca: fake.ca },
      interceptors: [
        (next) => (request) => {
          fake.faults.configure(
            request.method.name === 'SetRoute' ? { rate: 1, kinds: ['reset_after_commit'] } : undefined,
          );
          return next(request);
        },
      ],
    });
    const backend = createEnterpriseBackend({
      url: fake.url,
      serviceAccountToken: fake.serviceAccountToken,
      transport,
    });
    opened.push(backend);
    const faulty = createPomeriumClient({ backend, retry: { maxAttempts: 5, initialDelayMs: 1, maxDelayMs: 5 } });
    const setsBefore = fake.state.requests.filter((request) => request.procedure.endsWith('/SetRoute')).length;
    const updated = await faulty.routes.update(route.id, { description: 'committed' });
    expect(updated.description).toBe('committed');
    expect(fake.state.requests.filter((request) => request.procedure.endsWith('/SetRoute')).length).toBe(
      setsBefore + 1,
    );
    expect(fake.state.routes.get(route.id)?.description).toBe('committed');
  });
});

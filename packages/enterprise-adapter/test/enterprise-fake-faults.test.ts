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

describe.each(['grpc', 'http'] as const)('a rate-limited write (rate_limited fault answered as %s)', (answer) => {
  let limited: FakeEnterpriseConsole;
  const backends: EnterpriseBackend[] = [];
  const retryingClient = () => {
    const backend = createEnterpriseBackend({
      url: limited.url,
      serviceAccountToken: limited.serviceAccountToken,
      tls: { ca: limited.ca },
      timeoutMs: 5_000,
    });
    backends.push(backend);
    return createPomeriumClient({
      backend,
      retry: { maxAttempts: 20, initialDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 2 },
    });
  };
  beforeAll(async () => {
    limited = await startFakeEnterpriseConsole({ rateLimitAnswer: answer });
  });
  afterAll(async () => {
    await Promise.all(backends.splice(0).map((backend) => backend.close()));
    await limited?.close();
  });

  it('is refused by the server: resource_exhausted, retryable, not committed, with the Retry-After given', async () => {
    // Only the writes (SetRoute, DeleteRoute) are rate limited, not the read an update makes first.
    let limitWrites = false;
    const transport = createGrpcTransport({
      baseUrl: limited.url,
      nodeOptions: { ca: limited.ca },
      interceptors: [
        (next) => (request) => {
          const write = request.method.name === 'SetRoute' || request.method.name === 'DeleteRoute';
          limited.faults.configure(
            limitWrites && write ? { rate: 1, kinds: ['rate_limited'], retryAfterSeconds: 2 } : undefined,
          );
          return next(request);
        },
      ],
    });
    const backend = createEnterpriseBackend({
      url: limited.url,
      serviceAccountToken: limited.serviceAccountToken,
      transport,
    });
    backends.push(backend);
    const client = createPomeriumClient({ backend, retry: false });
    const route = await client.routes.create({
      namespaceId: limited.rootNamespaceId,
      name: `limited-${answer}`,
      from: `https://limited-${answer}.example.com`,
    });
    const stored = () => [...limited.state.routes.values()].map((item) => `${item.id} ${item.description ?? ''}`);
    const before = stored();
    const injectedBefore = limited.faults.injected;
    limitWrites = true;
    const writes: [string, () => Promise<unknown>][] = [
      [
        'create',
        () =>
          client.routes.create({
            namespaceId: limited.rootNamespaceId,
            name: `limited-${answer}-2`,
            from: `https://limited-${answer}-2.example.com`,
          }),
      ],
      ['update', () => client.routes.update(route.id, { description: 'never stored' })],
      ['delete', () => client.routes.delete(route.id)],
    ];
    for (const [operation, write] of writes) {
      const error = await write().then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(error, operation).toMatchObject({
        code: 'resource_exhausted',
        retryable: true,
        mayHaveCommitted: false,
        // A proxy's HTTP 429 carries Retry-After; the fake's gRPC RESOURCE_EXHAUSTED carries no pushback.
        retryAfterMs: answer === 'http' ? 2_000 : undefined,
      });
    }
    limitWrites = false;
    limited.faults.configure(undefined);
    expect(limited.faults.injected - injectedBefore).toBe(3);
    expect(stored()).toEqual(before);
  });

  it('is retried and lands exactly once', async () => {
    const client = retryingClient();
    limited.faults.configure({ rate: 0.5, seed: 7, kinds: ['rate_limited'], retryAfterSeconds: 0 });
    const names = Array.from({ length: 10 }, (_, index) => `limited-retried-${answer}-${index}`);
    for (const name of names) {
      await client.routes.create({ namespaceId: limited.rootNamespaceId, name, from: `https://${name}.example.com` });
    }
    const route = await client.routes.create({
      namespaceId: limited.rootNamespaceId,
      name: `limited-updated-${answer}`,
      from: `https://limited-updated-${answer}.example.com`,
    });
    for (let index = 0; index < 10; index += 1) {
      expect((await client.routes.update(route.id, { description: `step ${index}` })).description).toBe(
        `step ${index}`,
      );
    }
    expect(limited.faults.injected).toBeGreaterThan(0);
    limited.faults.configure(undefined);
    const storedNames = [...limited.state.routes.values()].map((item) => item.name);
    for (const name of names) expect(storedNames.filter((stored) => stored === name)).toHaveLength(1);
  });
});

import { createGrpcTransport } from '@connectrpc/connect-node';
import { createPomeriumClient, type PomeriumClient, pplEquals } from '@pomerium-unified/core';
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

  it('converges updates whose answers are lost after the commit: each lost write re-sent once onto a fresh read', async () => {
    const client = connect();
    const route = await client.routes.create({
      namespaceId: fake.rootNamespaceId,
      name: 'converging-update',
      from: 'https://converging-update.example.com',
    });
    const setRoutes = () => fake.state.requests.filter((request) => request.procedure.endsWith('/SetRoute')).length;
    const lostSetRoutes = () => fake.faults.recent.filter((fault) => fault.operation.endsWith('/SetRoute')).length;
    const setsBefore = setRoutes();
    const lostBefore = lostSetRoutes();
    fake.faults.configure({ rate: 0.3, seed: 3, kinds: ['reset_after_commit'] });
    for (let index = 0; index < 20; index += 1) {
      const updated = await client.routes.update(route.id, {
        description: `step ${index}`,
        timeout: `${index + 1}s`,
      });
      expect(updated).toMatchObject({ description: `step ${index}`, timeout: `${index + 1}s` });
      expect(fake.state.routes.get(route.id)?.description).toBe(`step ${index}`);
    }
    const lostWrites = lostSetRoutes() - lostBefore;
    expect(lostWrites).toBeGreaterThan(0);
    // The adapter re-reads the route and re-applies only the patch on every attempt, so the client re-sends the update.
    expect(setRoutes()).toBe(setsBefore + 20 + lostWrites);
  });
});

/** A client whose writes (`writeMethod`) lose their answer before the commit `failures` times; `beforeFault` runs before each. */
function clientLosingWrites(writeMethod: string, failures: number, beforeFault: () => Promise<void>) {
  let left = failures;
  const transport = createGrpcTransport({
    baseUrl: fake.url,
    nodeOptions: { ca: fake.ca },
    interceptors: [
      (next) => async (request) => {
        const fault = request.method.name === writeMethod && left > 0;
        if (fault) {
          left -= 1;
          await beforeFault();
        }
        fake.faults.configure(fault ? { rate: 1, kinds: ['reset_before_commit'] } : undefined);
        return next(request);
      },
    ],
  });
  const backend = createEnterpriseBackend({ url: fake.url, serviceAccountToken: fake.serviceAccountToken, transport });
  opened.push(backend);
  return createPomeriumClient({ backend, retry: { maxAttempts: 5, initialDelayMs: 1, maxDelayMs: 5 } });
}

describe('an update whose write lost its answer twice (Enterprise re-reads and re-applies only the patch)', () => {
  it('declares patchReappliedOnRead', () => {
    const backend = createEnterpriseBackend({ url: fake.url, serviceAccountToken: fake.serviceAccountToken });
    opened.push(backend);
    expect(backend.capabilities.patchReappliedOnRead).toBe(true);
  });

  it('route: re-sent until it lands; an edit of another field made in between survives', async () => {
    const clean = connect();
    const route = await clean.routes.create({
      namespaceId: fake.rootNamespaceId,
      name: 'lost-twice',
      from: 'https://lost-twice.example.com',
    });
    let edits = 0;
    const faulty = clientLosingWrites('SetRoute', 2, async () => {
      edits += 1;
      await clean.routes.update(route.id, { timeout: `${edits}s` });
    });
    const updated = await faulty.routes.update(route.id, { description: 'landed' });
    expect(updated).toMatchObject({ description: 'landed', timeout: '2s' });
    expect(fake.state.routes.get(route.id)).toMatchObject({ description: 'landed' });
    expect((await clean.routes.get(route.id)).timeout).toBe('2s');
  });

  it('policy: re-sent until it lands; an edit of another field made in between survives', async () => {
    const clean = connect();
    const policy = await clean.policies.create({
      namespaceId: fake.rootNamespaceId,
      name: 'lost-twice',
      ppl: { allow: { and: [{ email: { is: 'before@example.com' } }] } },
    });
    let edits = 0;
    const faulty = clientLosingWrites('SetPolicy', 2, async () => {
      edits += 1;
      await clean.policies.update(policy.id, { description: `edit ${edits}` });
    });
    const ppl = { allow: { and: [{ email: { is: 'a@example.com' } }] } };
    const updated = await faulty.policies.update(policy.id, { ppl });
    const stored = await clean.policies.get(policy.id);
    expect(stored.description).toBe('edit 2');
    expect(pplEquals(stored.ppl, ppl)).toBe(true);
    expect(stored.ppl).toEqual(updated.ppl);
  });

  it('namespace: re-sent until it lands', async () => {
    const clean = connect();
    const namespace = await clean.namespaces.create({ parentId: fake.rootNamespaceId, name: 'lost-twice' });
    const faulty = clientLosingWrites('SetNamespace', 2, async () => {});
    await faulty.namespaces.update(namespace.id, { name: 'renamed-after-lost-writes' });
    expect((await clean.namespaces.get(namespace.id)).name).toBe('renamed-after-lost-writes');
  });

  it('settings: re-sent until it lands', async () => {
    const clean = connect();
    const faulty = clientLosingWrites('SetSettings', 2, async () => {});
    await faulty.settings.update({ logLevel: 'debug' });
    expect((await clean.settings.get()).logLevel).toBe('debug');
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

import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { createPomeriumClient, type PomeriumClient, PomeriumError, type WireEvent } from '@pomerium-unified/core';
import { type FakeEnterpriseConsole, startFakeEnterpriseConsole } from '@pomerium-unified/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEnterpriseBackend, type EnterpriseBackend } from '../src/index.js';

let fake: FakeEnterpriseConsole;
const opened: EnterpriseBackend[] = [];

function connect(): { backend: EnterpriseBackend; client: PomeriumClient } {
  const backend = createEnterpriseBackend({
    url: fake.url,
    serviceAccountToken: fake.serviceAccountToken,
    tls: { ca: fake.ca },
    timeoutMs: 5_000,
  });
  opened.push(backend);
  return { backend, client: createPomeriumClient({ backend }) };
}

async function errorOf(promise: Promise<unknown>): Promise<PomeriumError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!PomeriumError.isInstance(error)) throw new Error(`expected a PomeriumError, got ${String(error)}`);
  return error;
}

let counter = 0;
function createRoute(client: PomeriumClient) {
  counter += 1;
  return client.routes.create({
    namespaceId: fake.rootNamespaceId,
    name: `updates-${counter}`,
    from: `https://updates-${counter}.example.com`,
    to: ['http://upstream:80'],
  });
}

beforeAll(async () => {
  fake = await startFakeEnterpriseConsole();
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((backend) => backend.close()));
});
afterAll(() => fake?.close());

describe('enterprise updates and call options', () => {
  it('keeps every change of concurrent disjoint-field updates of one route through one client', async () => {
    const { client } = connect();
    const route = await createRoute(client);
    const headers = Array.from({ length: 12 }, (_, index) => `x-header-${index}`);
    await Promise.all([
      client.routes.update(route.id, { description: 'described' }),
      client.routes.update(route.id, { timeout: '45s' }),
      client.routes.update(route.id, { allowWebsockets: true }),
      ...headers.map((header, index) =>
        index % 2 === 0
          ? client.routes.update(route.id, { prefix: `/p${index}` })
          : client.routes.update(route.id, { removeRequestHeaders: [header] }),
      ),
    ]);
    const stored = await client.routes.get(route.id);
    expect(stored).toMatchObject({ description: 'described', timeout: '45s', allowWebsockets: true });
  });

  it('keeps both policy changes of concurrent disjoint-field updates through one client', async () => {
    const { client } = connect();
    const policy = await client.policies.create({
      namespaceId: fake.rootNamespaceId,
      name: 'concurrent',
      ppl: { allow: { and: [{ accept: true }] } },
    });
    await Promise.all([
      client.policies.update(policy.id, { description: 'd' }),
      client.policies.update(policy.id, { explanation: 'e' }),
      client.policies.update(policy.id, { remediation: 'r' }),
    ]);
    expect(await client.policies.get(policy.id)).toMatchObject({
      description: 'd',
      explanation: 'e',
      remediation: 'r',
    });
  });

  it('fails with aborted when expectedUpdatedAt no longer matches, and writes when it does', async () => {
    const { client } = connect();
    const route = await createRoute(client);
    const read = await client.routes.get(route.id);
    expect(read.updatedAt).toBeDefined();
    const updated = await client.routes.update(
      route.id,
      { description: 'first' },
      { expectedUpdatedAt: read.updatedAt as string },
    );
    expect(updated.description).toBe('first');
    // Another writer changes the route after our read.
    const stored = fake.state.routes.get(route.id);
    if (!stored) throw new Error('route not stored');
    stored.modifiedAt = timestampFromDate(new Date(Date.parse(updated.updatedAt as string) + 60_000));
    stored.description = 'theirs';
    const requestsBefore = fake.state.requests.length;
    const conflict = await errorOf(
      client.routes.update(route.id, { description: 'mine' }, { expectedUpdatedAt: updated.updatedAt as string }),
    );
    expect(conflict).toMatchObject({ code: 'aborted', mayHaveCommitted: false });
    expect(conflict.message).toContain(route.id);
    expect(fake.state.requests.slice(requestsBefore).map((request) => request.procedure)).toEqual([
      '/pomerium.dashboard.RouteService/GetRoute',
    ]);
    expect(fake.state.routes.get(route.id)?.description).toBe('theirs');

    const policy = await client.policies.create({
      namespaceId: fake.rootNamespaceId,
      name: 'optimistic',
      ppl: { allow: { and: [{ accept: true }] } },
    });
    const stalePolicy = await errorOf(
      client.policies.update(policy.id, { description: 'x' }, { expectedUpdatedAt: '2000-01-01T00:00:00.000Z' }),
    );
    expect(stalePolicy.code).toBe('aborted');
  });

  it('rejects an already-aborted call on an existing id with deadline_exceeded and no wire call', async () => {
    const { backend, client } = connect();
    const route = await createRoute(client);
    const controller = new AbortController();
    controller.abort();
    const before = fake.state.requests.length;
    const viaClient = await errorOf(client.routes.get(route.id, { signal: controller.signal }));
    expect(viaClient.code).toBe('deadline_exceeded');
    const viaBackend = await errorOf(backend.routes.get({ id: route.id, signal: controller.signal }));
    expect(viaBackend.code).toBe('deadline_exceeded');
    const update = await errorOf(
      backend.routes.update({ id: route.id, patch: { name: 'x' }, signal: controller.signal }),
    );
    expect(update.code).toBe('deadline_exceeded');
    expect(fake.state.requests.length).toBe(before);
  });

  it('reports a wire event before and after every RPC, without headers or the token', async () => {
    const { backend, client } = connect();
    const route = await createRoute(client);
    const events: WireEvent[] = [];
    await backend.routes.update({
      id: route.id,
      patch: { description: 'observed' },
      attempt: 2,
      onWireEvent: (event) => events.push(event),
    });
    expect(events.map((event) => [event.type, event.method, event.status])).toEqual([
      ['request', 'pomerium.dashboard.RouteService/GetRoute', undefined],
      ['response', 'pomerium.dashboard.RouteService/GetRoute', 'ok'],
      ['request', 'pomerium.dashboard.RouteService/SetRoute', undefined],
      ['response', 'pomerium.dashboard.RouteService/SetRoute', 'ok'],
    ]);
    for (const event of events) {
      expect(event).toMatchObject({ operation: 'routes.update', attempt: 2 });
      expect(event.target).toBe(`/${event.method}`);
    }
    expect(typeof events[1]?.durationMs).toBe('number');
    expect(JSON.stringify(events)).not.toContain(fake.serviceAccountToken);

    const failures: WireEvent[] = [];
    await errorOf(backend.routes.get({ id: 'missing-route', onWireEvent: (event) => failures.push(event) }));
    expect(failures.at(-1)).toMatchObject({ type: 'response', status: 'not_found', errorCode: 'not_found' });
  });

  it('refuses bad input to the bulk operations before any wire call', async () => {
    const { backend } = connect();
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('hostile getter');
        },
        ownKeys() {
          throw new Error('hostile keys');
        },
      },
    );
    const before = fake.state.requests.length;
    const cases: [Promise<unknown>, string][] = [
      [backend.setRoutes({ routes: [{ input: hostile as never }] }), 'routes[0].input'],
      [backend.setRoutes({ routes: [{ id: '..', patch: {} }] }), 'routes[0].id'],
      [backend.setRoutes({ routes: [null as never] }), 'routes[0]'],
      [backend.deleteRoutes({ routeIds: ['ok', 'a/b'] }), 'routeIds[1]'],
      [backend.moveRoutes({ routeIds: ['ok'], namespaceId: '' }), 'namespaceId'],
    ];
    for (const [call, field] of cases) {
      const error = await errorOf(call);
      expect(error.code).toBe('invalid_argument');
      expect(error.field?.startsWith(field)).toBe(true);
    }
    expect(fake.state.requests.length).toBe(before);
  });
});

import {
  type BackendRoute,
  type BulkRouteWrite,
  createMemoryBackend,
  createPomeriumClient,
  type PomeriumBackend,
  PomeriumError,
} from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';
import { migrate } from '../src/index.js';

/** An error as an adapter reports a write whose answer was lost after the server committed it. */
function lostAnswer(): PomeriumError {
  return new PomeriumError('connection reset after the request was sent', {
    code: 'unavailable',
    mayHaveCommitted: true,
  });
}

/** A memory backend whose every other create commits and then loses its answer; optionally with bulk writes. */
function lossyTarget(options: { bulk: boolean }) {
  const memory = createMemoryBackend();
  let creates = 0;
  let bulkCalls = 0;
  const lossy =
    <Input, Item>(create: (request: { input: Input }) => Promise<Item>) =>
    async (request: { input: Input }) => {
      const stored = await create(request);
      if (++creates % 2 === 0) throw lostAnswer();
      return stored;
    };
  const backend: PomeriumBackend = {
    ...memory,
    namespaces: { ...memory.namespaces, create: lossy(memory.namespaces.create) },
    policies: { ...memory.policies, create: lossy(memory.policies.create) },
    routes: { ...memory.routes, create: lossy(memory.routes.create) },
    capabilities: { ...memory.capabilities, bulkRouteWrites: options.bulk },
    ...(options.bulk
      ? {
          bulk: {
            async putRoutes(request: { routes: BulkRouteWrite[] }): Promise<BackendRoute[]> {
              const stored: BackendRoute[] = [];
              for (const write of request.routes) {
                stored.push(
                  'input' in write
                    ? await memory.routes.create({ input: write.input })
                    : await memory.routes.update({ id: write.id, patch: write.patch }),
                );
              }
              if (++bulkCalls === 1) throw lostAnswer();
              return stored;
            },
          },
        }
      : {}),
  };
  return { client: createPomeriumClient({ backend }), bulkCalls: () => bulkCalls };
}

async function source() {
  const client = createPomeriumClient({ backend: createMemoryBackend() });
  const namespace = await client.namespaces.create({ name: 'Apps' });
  const policy = await client.policies.create({
    namespaceId: namespace.id,
    name: 'everyone',
    ppl: { allow: { or: [{ authenticated_user: true }] } },
  });
  for (let index = 0; index < 30; index++) {
    await client.routes.create({
      namespaceId: namespace.id,
      name: `route-${index}`,
      from: `https://route-${index}.example.com`,
      to: ['http://upstream'],
      policyIds: [policy.id],
    });
  }
  return client;
}

describe('creates whose answer was lost', () => {
  for (const bulk of [false, true]) {
    it(`are found again by name, never duplicated (${bulk ? 'bulk' : 'one by one'})`, async () => {
      const from = await source();
      const target = lossyTarget({ bulk });
      const { result } = await migrate({ from, to: target.client, ...(bulk ? {} : { concurrency: 3 }) });
      expect(result.failed).toEqual([]);
      expect(result.created).toBe(32);
      const routes = await target.client.routes.list().toArray();
      expect(routes).toHaveLength(30);
      expect(new Set(routes.map((route) => route.name)).size).toBe(30);
      expect(await target.client.policies.list().toArray()).toHaveLength(1);
      expect(await target.client.namespaces.list().toArray()).toHaveLength(2);
      if (bulk) expect(target.bulkCalls()).toBe(1);
      expect((await migrate({ from, to: target.client })).plan.changes).toEqual([]);
    });
  }
});

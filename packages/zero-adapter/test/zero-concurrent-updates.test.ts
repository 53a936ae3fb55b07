import { createPomeriumClient } from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';
import { createZeroBackend } from '../src/index.js';
import {
  clientFor,
  closeAfterTest,
  clusterNamespaceId,
  rejection,
  sampleRoute,
  startFake,
} from './support/fake-zero-fixture.js';

/** A fake whose clock moves 1 ms per reading, so every write gets its own updatedAt. */
async function startTickingFake() {
  let clock = Date.now();
  return startFake({ now: () => (clock += 1) });
}

describe('concurrent updates of different fields from two clients', () => {
  it('keep both changes in every trial (lost-update rate 0)', async () => {
    const fake = await startTickingFake();
    const namespaceId = clusterNamespaceId(fake);
    const first = clientFor(fake);
    const second = clientFor(fake);
    const trials = 60;
    let lost = 0;
    for (let trial = 0; trial < trials; trial += 1) {
      const route = await first.routes.create(sampleRoute(namespaceId, `trial-${trial}`));
      const policy = await first.policies.create({
        namespaceId,
        name: `policy-${trial}`,
        ppl: { allow: { or: [{ accept: true }] } },
      });
      await Promise.all([
        first.routes.update(route.id, { name: `renamed-${trial}` }),
        second.routes.update(route.id, { allowWebsockets: true, timeout: '45s' }),
        first.policies.update(policy.id, { description: `described-${trial}` }),
        second.policies.update(policy.id, { enforced: true }),
      ]);
      const [storedRoute, storedPolicy] = await Promise.all([
        first.routes.get(route.id),
        first.policies.get(policy.id),
      ]);
      const kept =
        storedRoute.name === `renamed-${trial}` &&
        storedRoute.allowWebsockets === true &&
        storedRoute.timeout === '45s' &&
        storedPolicy.description === `described-${trial}` &&
        storedPolicy.enforced === true;
      if (!kept) lost += 1;
    }
    expect(lost).toBe(0);
  });
});

describe('optimistic concurrency (expectedUpdatedAt)', () => {
  it('fails with aborted, before any write, when the object changed since the caller read it', async () => {
    const fake = await startTickingFake();
    const client = clientFor(fake);
    const route = await client.routes.create(sampleRoute(clusterNamespaceId(fake)));
    await client.routes.update(route.id, { name: 'changed by someone else' });
    fake.stats.reset();
    const error = await rejection(
      client.routes.update(route.id, { timeout: '10s' }, { expectedUpdatedAt: route.updatedAt as string }),
    );
    expect(error).toMatchObject({ code: 'aborted', operation: 'routes.update' });
    expect(fake.stats.log.map((entry) => entry.method)).toEqual(['GET']);
  });

  it('guards the patched fields with test operations and applies the patch when nothing changed', async () => {
    const fake = await startTickingFake();
    const client = clientFor(fake);
    const policy = await client.policies.create({
      namespaceId: clusterNamespaceId(fake),
      name: 'p',
      ppl: { allow: { or: [{ accept: true }] } },
    });
    fake.stats.reset();
    const updated = await client.policies.update(
      policy.id,
      { name: 'q' },
      { expectedUpdatedAt: policy.updatedAt as string },
    );
    expect(updated.name).toBe('q');
    const patch = fake.stats.log.find((entry) => entry.method === 'PATCH');
    expect(patch?.body).toEqual([
      { op: 'test', path: '/name', value: 'p' },
      { op: 'replace', path: '/name', value: 'q' },
    ]);
  });

  it('reports aborted when another writer changes a patched field between the read and the patch', async () => {
    const fake = await startTickingFake();
    const namespaceId = clusterNamespaceId(fake);
    const interfering: typeof fetch = async (input, init) => {
      if (init?.method === 'PATCH') {
        const record = [...fake.state.routes.values()][0];
        if (record) record.json.name = 'sneaked in';
      }
      return fetch(input, init);
    };
    const client = clientFor(fake, { fetch: interfering }, { retry: false });
    const route = await client.routes.create(sampleRoute(namespaceId));
    const error = await rejection(
      client.routes.update(route.id, { name: 'mine' }, { expectedUpdatedAt: route.updatedAt as string }),
    );
    expect(error.code).toBe('aborted');
    expect(fake.state.routes.get(route.id)?.json.name).toBe('sneaked in');
  });
});

describe('JSON Patch on the wire', () => {
  it('removes a cleared setting only when the object just read has it, and sets cleared booleans to false', async () => {
    const fake = await startTickingFake();
    const client = clientFor(fake);
    const route = await client.routes.create({ ...sampleRoute(clusterNamespaceId(fake)), timeout: '30s' });
    fake.stats.reset();
    await client.routes.update(route.id, { timeout: null, idleTimeout: null, allowWebsockets: null });
    const [read, patch] = fake.stats.log;
    expect(read?.method).toBe('GET');
    expect(patch?.body).toEqual([
      { op: 'remove', path: '/timeout' },
      { op: 'replace', path: '/allowWebsockets', value: false },
    ]);
    expect(fake.state.routes.get(route.id)?.json).not.toHaveProperty('timeout');
  });

  it('re-sends a patch whose answer was lost, and the result is applied once', async () => {
    const fake = await startTickingFake();
    let dropped = 0;
    const losingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (init?.method === 'PATCH' && dropped === 0) {
        dropped += 1;
        await response.arrayBuffer();
        throw new TypeError('fetch failed', {
          cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
        });
      }
      return response;
    };
    const backend = createZeroBackend({ apiUrl: fake.url, apiUserToken: fake.apiUserToken, fetch: losingFetch });
    closeAfterTest(() => backend.close?.() ?? Promise.resolve());
    const client = createPomeriumClient({ backend, retry: { initialDelayMs: 1, maxDelayMs: 1 } });
    const route = await client.routes.create(sampleRoute(clusterNamespaceId(fake)));
    const updated = await client.routes.update(route.id, { policyIds: [], to: ['http://a:1', 'http://b:2'] });
    expect(dropped).toBe(1);
    expect(updated.to).toEqual(['http://a:1', 'http://b:2']);
    expect(fake.stats.log.filter((entry) => entry.method === 'PATCH')).toHaveLength(2);
    expect(backend.capabilities.fieldLevelUpdates).toBe(true);
  });
});

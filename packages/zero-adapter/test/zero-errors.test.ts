import { createPomeriumClient, type PomeriumError, type RouteHealthCheck } from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';
import { createZeroBackend } from '../src/index.js';
import {
  clientFor,
  clusterNamespaceId,
  everythingIn,
  rejection,
  sampleRoute,
  startFake,
} from './support/fake-zero-fixture.js';

describe('errors', () => {
  it('reports get, update and delete of a deleted id as not_found (Zero answers 403)', async () => {
    const fake = await startFake();
    const client = clientFor(fake);
    const namespaceId = clusterNamespaceId(fake);
    const route = await client.routes.create(sampleRoute(namespaceId));
    const policy = await client.policies.create({ namespaceId, name: 'p', ppl: { allow: { or: [{ accept: true }] } } });
    await client.routes.delete(route.id);
    await client.policies.delete(policy.id);
    for (const error of [
      await rejection(client.routes.get(route.id)),
      await rejection(client.routes.update(route.id, { name: 'x' })),
      await rejection(client.routes.delete(route.id)),
      await rejection(client.policies.get(policy.id)),
      await rejection(client.policies.update(policy.id, { name: 'x' })),
      await rejection(client.policies.delete(policy.id)),
    ]) {
      expect(error.code).toBe('not_found');
      expect((error.cause as PomeriumError).code).toBe('permission_denied');
    }
    expect(fake.stats.log.filter((entry) => entry.status === 403).length).toBe(6);
  });

  it('keeps permission_denied for a 403 on an object that still exists', async () => {
    const fake = await startFake();
    const client = clientFor(fake);
    const route = await client.routes.create(sampleRoute(clusterNamespaceId(fake)));
    fake.state.injectFailure({
      status: 403,
      body: { error: 'viewer user required' },
      method: 'GET',
      route: 'GET /organizations/:organizationId/routes/:routeId',
    });
    const error = await rejection(client.routes.get(route.id));
    expect(error.code).toBe('permission_denied');
  });

  it('reports a never-existing id as not_found', async () => {
    const fake = await startFake();
    const error = await rejection(clientFor(fake).routes.get('neverExisted'));
    expect(error).toMatchObject({ code: 'not_found', backend: 'zero' });
  });

  it('refuses more than one health check before sending anything', async () => {
    const fake = await startFake();
    const client = clientFor(fake);
    const namespaceId = clusterNamespaceId(fake);
    const healthCheck: RouteHealthCheck = {
      type: 'tcp',
      timeout: '1s',
      interval: '5s',
      healthyThreshold: 1,
      unhealthyThreshold: 1,
    };
    const created = await rejection(
      client.routes.create({ ...sampleRoute(namespaceId), healthChecks: [healthCheck, healthCheck] }),
    );
    const updated = await rejection(client.routes.update('anything', { healthChecks: [healthCheck, healthCheck] }));
    for (const error of [created, updated])
      expect(error).toMatchObject({ code: 'invalid_argument', field: 'healthChecks' });
    expect(fake.stats.log).toEqual([]);
  });

  it('maps a policy still assigned to failed_precondition and unknown references to invalid_argument with a field', async () => {
    const fake = await startFake();
    const client = clientFor(fake);
    const namespaceId = clusterNamespaceId(fake);
    const policy = await client.policies.create({ namespaceId, name: 'p', ppl: { allow: { or: [{ accept: true }] } } });
    await client.routes.create({ ...sampleRoute(namespaceId), policyIds: [policy.id] });
    expect((await rejection(client.policies.delete(policy.id))).code).toBe('failed_precondition');
    const unknownPolicy = await rejection(
      client.routes.create({ ...sampleRoute(namespaceId, 'b'), policyIds: ['nope'] }),
    );
    expect(unknownPolicy).toMatchObject({ code: 'invalid_argument', field: 'policyIds[0]' });
    const unknownNamespace = await rejection(client.routes.create(sampleRoute('nope', 'c')));
    expect(unknownNamespace).toMatchObject({ code: 'invalid_argument', field: 'namespaceId' });
  });

  it('maps 429 and 503 from the server (retries off)', async () => {
    const fake = await startFake();
    const client = clientFor(fake, {}, { retry: false });
    const namespaceId = clusterNamespaceId(fake);
    await client.routes.list({ namespaceId }).toArray();
    fake.state.injectFailure({ status: 429, body: { error: 'slow down' } });
    expect(await rejection(client.routes.list({ namespaceId }).toArray())).toMatchObject({
      code: 'resource_exhausted',
      retryable: true,
    });
    fake.state.injectFailure({ status: 503 });
    expect((await rejection(client.routes.list({ namespaceId }).toArray())).code).toBe('unavailable');
    expect(fake.stats.requests['GET /organizations/:organizationId/routes']).toBe(3);
  });

  it('maps a timeout to deadline_exceeded and an unreachable console to unavailable', async () => {
    const fake = await startFake();
    const slowFetch: typeof fetch = async (input, init) => {
      const request = input instanceof Request ? input : new Request(input, init);
      if (!request.url.endsWith('/token')) await new Promise((resolve) => setTimeout(resolve, 500));
      return fetch(request);
    };
    const timedOut = await rejection(
      clientFor(fake, { fetch: slowFetch, timeoutMs: 100 }, { retry: false }).namespaces.list().toArray(),
    );
    expect(timedOut.code).toBe('deadline_exceeded');
    const unreachable = createPomeriumClient({
      backend: createZeroBackend({ apiUrl: 'http://127.0.0.1:9', apiUserToken: 'zero_api_unreachable' }),
      retry: false,
    });
    const error = await rejection(unreachable.namespaces.list().toArray());
    expect(error.code).toBe('unavailable');
    expect(everythingIn(error)).not.toContain('zero_api_unreachable');
  });

  it('maps a caller abort to deadline_exceeded that is not retryable', async () => {
    const fake = await startFake();
    const client = clientFor(fake);
    await client.namespaces.list().toArray();
    const controller = new AbortController();
    controller.abort();
    const error = await rejection(
      client.routes.list({ namespaceId: clusterNamespaceId(fake), signal: controller.signal }).toArray(),
    );
    expect(error).toMatchObject({ code: 'deadline_exceeded', retryable: false });
  });
});

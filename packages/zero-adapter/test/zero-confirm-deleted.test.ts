import type { RetryEvent } from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';
import { clientFor, clusterNamespaceId, rejection, sampleRoute, startFake } from './support/fake-zero-fixture.js';

// Zero answers 403 for an object that was deleted. When a delete's answer is lost, the client's retry meets
// that 403, and the adapter looks the id up to tell "gone" (not_found, which ends a retried delete as done)
// from "forbidden". These tests drive that path with the fake's fault injection.

const routesList = 'GET /organizations/:organizationId/routes';
const policiesList = 'GET /organizations/:organizationId/policies';

/** A client whose retries come quickly and are recorded; the first retry turns fault injection off. */
async function setUp() {
  const fake = await startFake();
  const retries: Pick<RetryEvent, 'operation' | 'attempt' | 'errorCode'>[] = [];
  const client = clientFor(
    fake,
    {},
    {
      retry: { initialDelayMs: 1, maxDelayMs: 5 },
      hooks: {
        onRetry: ({ operation, attempt, errorCode }) => {
          retries.push({ operation, attempt, errorCode });
          fake.faults.configure(undefined);
        },
      },
    },
  );
  const namespaceId = clusterNamespaceId(fake);
  const policy = await client.policies.create({
    namespaceId,
    name: 'everyone',
    ppl: { allow: { or: [{ accept: true }] } },
  });
  const route = await client.routes.create(sampleRoute(namespaceId));
  return { fake, client, retries, policy, route };
}

describe('Zero delete whose answer was lost (confirmDeleted)', () => {
  it('a route delete succeeds although the look-up after the 403 failed once', async () => {
    const { fake, client, retries, route } = await setUp();
    // The delete is stored, then the connection is reset; the retry's 403 leads to a look-up that gets a 503.
    fake.state.injectFailure({ status: 503, method: 'GET', route: routesList, times: 1 });
    fake.faults.configure({ rate: 1, kinds: ['reset_after_commit'] });

    await expect(client.routes.delete(route.id)).resolves.toBeUndefined();

    expect(fake.state.routes.has(route.id)).toBe(false);
    expect(retries).toEqual([
      { operation: 'routes.delete', attempt: 1, errorCode: 'unavailable' },
      { operation: 'routes.delete', attempt: 2, errorCode: 'unavailable' },
    ]);
    const deletes = fake.stats.log.filter((entry) => entry.method === 'DELETE');
    expect(deletes).toHaveLength(3);
    const lookups = fake.stats.log.filter((entry) => entry.method === 'GET' && entry.route === routesList);
    expect(lookups.map((entry) => entry.status)).toEqual([503, 200]);
  });

  it('a policy delete succeeds the same way', async () => {
    const { fake, client, policy } = await setUp();
    fake.state.injectFailure({ status: 503, method: 'GET', route: policiesList, times: 1 });
    fake.faults.configure({ rate: 1, kinds: ['reset_after_commit'] });

    await expect(client.policies.delete(policy.id)).resolves.toBeUndefined();
    expect(fake.state.policies.has(policy.id)).toBe(false);
  });

  it('a 403 for an object the look-up still finds stays permission_denied', async () => {
    const { fake, client, route } = await setUp();
    fake.state.injectFailure({
      status: 403,
      method: 'DELETE',
      route: 'DELETE /organizations/:organizationId/routes/:routeId',
    });

    const error = await rejection(client.routes.delete(route.id));
    expect(error.code).toBe('permission_denied');
    expect(fake.state.routes.has(route.id)).toBe(true);
  });
});

// A user's own test, written with only the testkit's documented fixtures, under vitest.
// user-tests/fixtures.node-test.mjs runs the same checks under node:test, without vitest.
import { createEnterpriseBackend } from '@pomerium-unified/enterprise-adapter';
import {
  type EnterpriseFixture,
  startEnterpriseFixture,
  startZeroFixture,
  type ZeroFixture,
} from '@pomerium-unified/testkit';
import { createZeroBackend } from '@pomerium-unified/zero-adapter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

type AnyFixture =
  | ZeroFixture<ReturnType<typeof createZeroBackend>>
  | EnterpriseFixture<ReturnType<typeof createEnterpriseBackend>>;

const fixtures: Record<string, () => Promise<AnyFixture>> = {
  zero: () => startZeroFixture({ createBackend: createZeroBackend }),
  enterprise: () => startEnterpriseFixture({ createBackend: createEnterpriseBackend }),
};

for (const [name, start] of Object.entries(fixtures)) {
  describe(`my app against the fake ${name} console`, () => {
    let fixture: AnyFixture;
    beforeAll(async () => {
      fixture = await start();
    });
    afterAll(() => fixture.close());

    it('creates a policy and a route that uses it, then finds the route by name', async () => {
      const { client, namespace } = fixture;
      const policy = await client.policies.create({
        namespaceId: namespace.id,
        name: 'staff only',
        ppl: [{ allow: { or: [{ domain: { is: 'example.com' } }] } }],
      });
      const route = await client.routes.create({
        namespaceId: namespace.id,
        name: 'wiki',
        from: 'https://wiki.example.com',
        to: ['http://wiki.internal:8080'],
        policyIds: [policy.id],
      });
      const found = await client.routes.findByName({ namespaceId: namespace.id, name: 'wiki' });
      expect(found?.id).toBe(route.id);
      expect((await client.policies.get(policy.id)).routeIds).toEqual([route.id]);
    });

    it('reports not_found for a deleted route', async () => {
      const { client, namespace } = fixture;
      const route = await client.routes.create({
        namespaceId: namespace.id,
        name: 'short-lived',
        from: 'https://short-lived.example.com',
        to: ['http://upstream.internal'],
      });
      await client.routes.delete(route.id);
      await expect(client.routes.get(route.id)).rejects.toMatchObject({ code: 'not_found' });
    });
  });
}

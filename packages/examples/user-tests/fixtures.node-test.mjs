// A user's own test, written with only the testkit's documented fixtures, run by node:test (vitest is not needed):
//   node --test user-tests/fixtures.node-test.mjs             (installed, built packages)
//   pnpm --filter @pomerium-unified/examples run test:node-fixtures   (in this workspace, from sources)
// packages/examples/test/user-fixtures.test.ts runs the same checks under vitest.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createEnterpriseBackend } from '@pomerium-unified/enterprise-adapter';
import { startEnterpriseFixture, startZeroFixture } from '@pomerium-unified/testkit';
import { createZeroBackend } from '@pomerium-unified/zero-adapter';

const fixtures = {
  zero: () => startZeroFixture({ createBackend: createZeroBackend }),
  enterprise: () => startEnterpriseFixture({ createBackend: createEnterpriseBackend }),
};

for (const [name, start] of Object.entries(fixtures)) {
  describe(`my app against the fake ${name} console`, () => {
    let fixture;
    before(async () => {
      fixture = await start();
    });
    after(() => fixture.close());

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
      assert.equal(found?.id, route.id);
      assert.deepEqual((await client.policies.get(policy.id)).routeIds, [route.id]);
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
      await assert.rejects(client.routes.get(route.id), { code: 'not_found' });
    });
  });
}

import { describe, expect, it } from 'vitest';
import { expectCode } from './conformance-helpers.js';
import type { ConformanceSuite } from './conformance-suite.js';

/** Registers the conformance tests of links between policies and routes, and enforced policies. */
export function registerPolicyRouteLinkConformance(suite: ConformanceSuite): void {
  describe('policy and route links', () => {
    it('attaches policies to a route and reports the link on the policy', async () => {
      const policy = await suite.context().createPolicy();
      const route = await suite.context().createRoute({ policyIds: [policy.id] });
      expect(route.policyIds).toEqual([policy.id]);
      expect((await suite.context().client.policies.get(policy.id)).routeIds).toEqual([route.id]);
    });

    it('replaces the policies of a route on update', async () => {
      const first = await suite.context().createPolicy({ name: suite.context().uniqueName('first') });
      const second = await suite.context().createPolicy({ name: suite.context().uniqueName('second') });
      const route = await suite.context().createRoute({ policyIds: [first.id] });
      const updated = await suite.context().client.routes.update(route.id, { policyIds: [second.id] });
      expect(updated.policyIds).toEqual([second.id]);
      expect((await suite.context().client.policies.get(first.id)).routeIds).toEqual([]);
      expect((await suite.context().client.policies.get(second.id)).routeIds).toEqual([route.id]);
    });

    it('rejects an unknown policy id on a route', async () => {
      await expectCode(suite.context().createRoute({ policyIds: ['does-not-exist-0000'] }), 'invalid_argument');
    });

    it('refuses to delete a policy still assigned to a route', async () => {
      const policy = await suite.context().createPolicy();
      const route = await suite.context().createRoute({ policyIds: [policy.id] });
      await expectCode(suite.context().client.policies.delete(policy.id), 'failed_precondition');
      await suite.context().client.routes.update(route.id, { policyIds: [] });
      await suite.context().client.policies.delete(policy.id);
      await expectCode(suite.context().client.policies.get(policy.id), 'not_found');
    });

    it('applies an enforced policy to routes of its namespace without assigning it', async () => {
      const enforced = await suite
        .context()
        .createPolicy({ name: suite.context().uniqueName('enforced'), enforced: true });
      const route = await suite.context().createRoute();
      const read = await suite.context().client.routes.get(route.id);
      expect(read.enforcedPolicyIds).toContain(enforced.id);
      expect(read.policyIds).toEqual([]);
    });

    it('does not enforce a policy that is not enforced', async () => {
      const plain = await suite.context().createPolicy();
      const route = await suite.context().createRoute();
      expect((await suite.context().client.routes.get(route.id)).enforcedPolicyIds).not.toContain(plain.id);
    });

    it('stops enforcing a policy when enforced is turned off', async () => {
      const policy = await suite.context().createPolicy({ enforced: true });
      const route = await suite.context().createRoute();
      expect((await suite.context().client.routes.get(route.id)).enforcedPolicyIds).toContain(policy.id);
      await suite.context().client.policies.update(policy.id, { enforced: false });
      expect((await suite.context().client.routes.get(route.id)).enforcedPolicyIds).not.toContain(policy.id);
    });

    it('applies an enforced policy to routes of descendant namespaces', async (test) => {
      if (!suite.capabilities().writeNamespaces) return test.skip('the backend declares writeNamespaces: false');
      const policy = await suite.context().createPolicy({ enforced: true });
      const child = await suite.context().createNamespace('enforced-child');
      const grandchild = await suite.context().createNamespace('enforced-grandchild', child);
      const route = await suite.context().createRoute({ namespaceId: grandchild });
      expect((await suite.context().client.routes.get(route.id)).enforcedPolicyIds).toContain(policy.id);
    });
  });
}

import { describe, expect, it } from 'vitest';
import { expectCode } from './conformance-helpers.js';
import type { ConformanceSuite } from './conformance-suite.js';

/** Registers the conformance tests of clusters (gated on `capabilities.clusters`). */
export function registerClusterConformance(suite: ConformanceSuite): void {
  describe('clusters', () => {
    it('lists clusters, gets each by id and finds it by name', async (test) => {
      if (!suite.capabilities().clusters) return test.skip('the backend does not declare clusters');
      const { client } = suite.context();
      const clusters = await client.clusters.list().toArray();
      // An Enterprise console whose only cluster is the implicit default one lists none.
      if (clusters.length === 0) return test.skip('the backend lists no cluster');
      expect(new Set(clusters.map((cluster) => cluster.id)).size).toBe(clusters.length);
      for (const cluster of clusters.slice(0, 5)) {
        const read = await client.clusters.get(cluster.id);
        expect(read).toMatchObject({ id: cluster.id, name: cluster.name });
        const named = clusters.filter((other) => other.name === cluster.name);
        if (named.length === 1) expect((await client.clusters.findByName({ name: cluster.name }))?.id).toBe(cluster.id);
      }
      expect(await client.clusters.findByName({ name: 'no-such-cluster-0000' })).toBeUndefined();
    });

    it('reports not_found for an unknown cluster and reads the settings of a listed one', async (test) => {
      if (!suite.capabilities().clusters) return test.skip('the backend does not declare clusters');
      const { client } = suite.context();
      await expectCode(client.clusters.get('no-such-cluster-0000'), 'not_found');
      if (!suite.capabilities().settings) return;
      const [cluster] = await client.clusters.list().toArray();
      const settings = await client.settings.get({ clusterId: cluster?.id as string });
      expect(typeof settings.id).toBe('string');
    });

    it('answers unimplemented when the backend has no clusters', async (test) => {
      if (suite.capabilities().clusters) return test.skip('the backend declares clusters');
      await expectCode(suite.context().client.clusters.list().toArray(), 'unimplemented');
    });
  });
}

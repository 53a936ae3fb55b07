import type { ClusterBackend } from '@pomerium-unified/core';
import { zeroClusterToCluster } from './convert-cluster.js';
import { type ZeroResourceRuntime, zeroContext } from './zero-resource-runtime.js';
import { parseZeroClusterDetails, parseZeroClusterList } from './zero-resource-wire-schemas.js';
import { parseZeroNamespaces } from './zero-wire-schemas.js';

/**
 * The cluster operations of the Zero backend (read-only: `{org}/clusters`),
 * with each cluster's parent namespace from the organization's namespaces.
 */
export function createZeroClusters(runtime: ZeroResourceRuntime): ClusterBackend {
  return {
    async list(request) {
      const ctx = zeroContext('clusters.list', request);
      const { organizationPath } = await runtime.scope(ctx);
      const [clusters, namespaces] = await Promise.all([
        runtime.call({ ...ctx, method: 'GET', path: `${organizationPath}clusters` }, parseZeroClusterList),
        runtime.call({ ...ctx, method: 'GET', path: `${organizationPath}namespaces` }, parseZeroNamespaces),
      ]);
      return clusters.map((cluster) => zeroClusterToCluster(cluster, namespaces));
    },

    async get(request) {
      const ctx = zeroContext('clusters.get', request);
      const { organizationPath } = await runtime.scope(ctx);
      const path = `${organizationPath}clusters/${runtime.idSegment(request.id, ctx.operation)}`;
      const [cluster, namespaces] = await Promise.all([
        runtime.call({ ...ctx, method: 'GET', path }, parseZeroClusterDetails),
        runtime.call({ ...ctx, method: 'GET', path: `${organizationPath}namespaces` }, parseZeroNamespaces),
      ]);
      return zeroClusterToCluster(cluster, namespaces);
    },
  };
}

import type { Cluster } from '@pomerium-unified/core';
import type { ZeroClusterDetails } from './zero-resource-wire-types.js';
import type { ZeroNamespace } from './zero-wire-types.js';

/** Zero keys of a cluster the neutral model carries outside `extensions.zero`. */
const modelKeys = new Set(['id', 'name', 'namespaceId', 'createdAt', 'updatedAt']);

/**
 * A Zero `Cluster` in the neutral model: `id`, `name`, `namespaceId`, the parent
 * of its namespace (from the organization's namespaces, when given) and the
 * Zero-only fields (`domain`, `fqdn`, `flavor`, IP addresses, health, versions…)
 * in `extensions.zero`. A cluster's `refreshToken` never reaches the model.
 */
export function zeroClusterToCluster(cluster: ZeroClusterDetails, namespaces?: readonly ZeroNamespace[]): Cluster {
  const zero: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(cluster)) {
    if (!modelKeys.has(key) && key !== 'refreshToken' && value !== undefined) zero[key] = structuredClone(value);
  }
  const namespace = namespaces?.find((candidate) => candidate.id === cluster.namespaceId);
  return {
    id: cluster.id,
    name: cluster.name,
    namespaceId: cluster.namespaceId,
    parentNamespaceId: namespace?.parentId,
    createdAt: cluster.createdAt,
    updatedAt: cluster.updatedAt,
    extensions: { zero },
  };
}

import type { Namespace, NamespaceKind } from '@pomerium-unified/core';
import type { ZeroNamespaceExtension } from './zero-extensions.js';
import type { ZeroCluster, ZeroNamespace } from './zero-wire-types.js';

const kinds: Record<string, NamespaceKind> = { root: 'root', cluster: 'cluster', regular: 'namespace' };

/**
 * Converts a Zero namespace to the core model: `root` → `root`, `cluster` →
 * `cluster`, `regular` → `namespace`. The cluster behind a cluster namespace,
 * when given, travels in `extensions.zero.cluster` (its domain in particular).
 */
export function zeroNamespaceToNamespace(wire: ZeroNamespace, cluster?: ZeroCluster): Namespace {
  const zero: ZeroNamespaceExtension = { type: wire.type };
  if (typeof wire.role === 'string') zero.role = wire.role;
  if (cluster) {
    zero.cluster = {
      id: cluster.id,
      name: cluster.name,
      domain: cluster.domain,
      fqdn: cluster.fqdn,
      ...(typeof cluster.flavor === 'string' ? { flavor: cluster.flavor } : {}),
    };
  }
  return {
    id: wire.id,
    name: wire.name,
    parentId: typeof wire.parentId === 'string' && wire.parentId !== '' ? wire.parentId : undefined,
    kind: kinds[wire.type] ?? 'namespace',
    createdAt: typeof wire.createdAt === 'string' ? wire.createdAt : undefined,
    updatedAt: typeof wire.updatedAt === 'string' ? wire.updatedAt : undefined,
    extensions: { zero },
  };
}

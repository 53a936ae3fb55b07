import { clone, create } from '@bufbuild/protobuf';
import type { Namespace, NamespaceKind } from '@pomerium-unified/core';
import { NamespaceSchema, type Namespace as ProtoNamespace } from '@pomerium-unified/enterprise-protos';
import { timestampToString } from './convert-duration.js';

/** Enterprise-only fields of a namespace, kept in `extensions.enterprise`. All are read-only. */
export interface EnterpriseNamespaceExtension {
  /** The cluster this namespace belongs to (`cluster_id`), when it is a cluster's namespace. */
  clusterId?: string;
  /** Number of routes in the namespace (computed by the console). */
  routeCount?: number;
  /** Number of policies in the namespace (computed by the console). */
  policyCount?: number;
  /** Id of the system that created the namespace, when not a person. */
  originatorId?: string;
}

declare module '@pomerium-unified/core' {
  interface NamespaceExtensions {
    /** Enterprise-only namespace fields. */
    enterprise?: EnterpriseNamespaceExtension;
  }
}

/** The kind of a console namespace: no parent → root; `cluster_id` set → cluster; otherwise a plain namespace. */
export function namespaceKind(namespace: ProtoNamespace): NamespaceKind {
  if (namespace.parentId === '') return 'root';
  if (namespace.clusterId !== undefined && namespace.clusterId !== '') return 'cluster';
  return 'namespace';
}

/** Converts a console `Namespace` into the core model. */
export function namespaceFromProto(namespace: ProtoNamespace): Namespace {
  const enterprise: EnterpriseNamespaceExtension = {
    routeCount: Number(namespace.routeCount),
    policyCount: Number(namespace.policyCount),
  };
  if (namespace.clusterId !== undefined) enterprise.clusterId = namespace.clusterId;
  if (namespace.originatorId !== '') enterprise.originatorId = namespace.originatorId;
  return {
    id: namespace.id,
    name: namespace.name,
    parentId: namespace.parentId === '' ? undefined : namespace.parentId,
    kind: namespaceKind(namespace),
    createdAt: timestampToString(namespace.createdAt),
    updatedAt: timestampToString(namespace.modifiedAt),
    extensions: { enterprise },
  };
}

/** The changes a namespace create or update writes. */
export interface NamespaceChanges {
  /** New display name. */
  name?: string;
  /** New parent id. */
  parentId?: string;
}

/**
 * Applies name and parent changes to a copy of a console `Namespace` (or a new
 * one). Every other field, known or not, is kept; computed counts are cleared
 * since the console owns them.
 */
export function namespaceToProto(changes: NamespaceChanges, base?: ProtoNamespace): ProtoNamespace {
  const namespace = base ? clone(NamespaceSchema, base) : create(NamespaceSchema);
  if (changes.name !== undefined) namespace.name = changes.name;
  if (changes.parentId !== undefined) namespace.parentId = changes.parentId;
  namespace.routeCount = 0n;
  namespace.policyCount = 0n;
  return namespace;
}

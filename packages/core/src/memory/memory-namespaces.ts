import type { NamespaceBackend } from '../backend-specification.js';
import type { Namespace } from '../model.js';
import type { MemoryClusterDefinition } from './memory-clusters.js';
import {
  checkMemorySignal,
  checkMemoryStorable,
  checkMemoryUpdatedAt,
  type MemoryStore,
  memoryFail,
  memoryPage,
} from './memory-support.js';

/** The namespace tree of the memory backend: the root, cluster namespaces and what callers create. */
export interface MemoryNamespaces {
  /** The namespace operations of the backend. */
  backend: NamespaceBackend;
  /** The id of the root namespace. */
  rootId: string;
  /** The clusters: one per cluster namespace, or `default` owning the root when there are none. */
  clusterDefinitions: MemoryClusterDefinition[];
  /** True when the namespace exists. */
  has(id: string): boolean;
  /** The namespace; `not_found` (or `code`, naming `field`) when it does not exist. */
  orFail(id: string, code?: 'not_found' | 'invalid_argument', field?: string): Namespace;
  /** The ids of a namespace and every ancestor. */
  ancestorsAndSelf(namespaceId: string): Set<string>;
}

/** Options of {@link createMemoryNamespaces}. */
export interface MemoryNamespacesOptions {
  /** Name of the root namespace. Default `Global`. */
  rootNamespaceName?: string | undefined;
  /** Names of cluster namespaces to create below the root. */
  clusterNamespaces?: readonly string[] | undefined;
  /** True when routes, policies or other objects still live in the namespace (it cannot be deleted then). */
  hasContent(namespaceId: string): boolean;
}

/** Creates the namespace tree with its root (and cluster namespaces) and the namespace operations over it. */
export function createMemoryNamespaces(
  store: Omit<MemoryStore, 'hasNamespace'>,
  options: MemoryNamespacesOptions,
): MemoryNamespaces {
  const namespaces = new Map<string, Namespace>();
  const rootId = store.generateId();
  const createdAt = store.now();
  const add = (id: string, name: string, parentId: string | undefined, kind: Namespace['kind']) =>
    namespaces.set(id, { id, name, parentId, kind, createdAt, updatedAt: createdAt, extensions: {} });
  add(rootId, options.rootNamespaceName ?? 'Global', undefined, 'root');
  const clusterDefinitions: MemoryClusterDefinition[] = [];
  for (const name of options.clusterNamespaces ?? []) {
    const id = store.generateId();
    clusterDefinitions.push({ name, namespaceId: id, parentNamespaceId: rootId });
    add(id, name, rootId, 'cluster');
  }
  // Without cluster namespaces there is one cluster, `default`, owning the root (as a single-cluster Enterprise).
  if (clusterDefinitions.length === 0) {
    clusterDefinitions.push({ name: 'default', namespaceId: rootId, parentNamespaceId: undefined });
  }

  const orFail = (id: string, code: 'not_found' | 'invalid_argument' = 'not_found', field?: string) =>
    namespaces.get(id) ?? memoryFail(code, `Namespace ${id} not found`, field);

  const ancestorsAndSelf = (namespaceId: string): Set<string> => {
    const chain = new Set<string>();
    let current: string | undefined = namespaceId;
    while (current !== undefined && !chain.has(current)) {
      chain.add(current);
      current = namespaces.get(current)?.parentId;
    }
    return chain;
  };

  const backend: NamespaceBackend = {
    async list(request) {
      checkMemorySignal(request);
      const all = [...namespaces.values()].filter(
        (namespace) => request.parentId === undefined || namespace.parentId === request.parentId,
      );
      return memoryPage(all, request.offset, request.limit, (namespace) => structuredClone(namespace));
    },
    async get(request) {
      checkMemorySignal(request);
      return structuredClone(orFail(request.id));
    },
    async create(request) {
      checkMemorySignal(request);
      checkMemoryStorable(request.input, 'namespace input');
      const { input } = request;
      const parentId = input.parentId ?? rootId;
      orFail(parentId, 'invalid_argument', 'parentId');
      const timestamp = store.now();
      const namespace: Namespace = {
        id: store.generateId(),
        name: input.name,
        parentId,
        kind: 'namespace',
        createdAt: timestamp,
        updatedAt: timestamp,
        extensions: structuredClone(input.extensions ?? {}),
      };
      namespaces.set(namespace.id, namespace);
      return structuredClone(namespace);
    },
    async update(request) {
      checkMemorySignal(request);
      checkMemoryStorable(request.patch, 'namespace patch');
      const namespace = orFail(request.id);
      checkMemoryUpdatedAt(request, namespace, `Namespace ${request.id}`);
      const { patch } = request;
      if (patch.parentId !== undefined && patch.parentId !== namespace.parentId) {
        if (namespace.kind === 'root') {
          memoryFail('failed_precondition', 'The root namespace cannot be moved', 'parentId');
        }
        orFail(patch.parentId, 'invalid_argument', 'parentId');
        if (ancestorsAndSelf(patch.parentId).has(namespace.id)) {
          memoryFail('invalid_argument', 'A namespace cannot be moved below itself', 'parentId');
        }
      }
      const updated: Namespace = {
        ...namespace,
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.parentId !== undefined ? { parentId: patch.parentId } : {}),
        extensions: { ...namespace.extensions, ...structuredClone(patch.extensions ?? {}) },
        updatedAt: store.nextUpdatedAt(namespace.updatedAt),
      };
      namespaces.set(updated.id, updated);
      return structuredClone(updated);
    },
    async delete(request) {
      checkMemorySignal(request);
      const namespace = orFail(request.id);
      if (namespace.kind === 'root') memoryFail('failed_precondition', 'The root namespace cannot be deleted');
      const hasChildren = [...namespaces.values()].some((child) => child.parentId === namespace.id);
      if (hasChildren || options.hasContent(namespace.id)) {
        memoryFail(
          'failed_precondition',
          `Namespace ${namespace.id} still has ${hasChildren ? 'child namespaces' : 'routes, policies, key pairs or service accounts'}; delete them first`,
        );
      }
      namespaces.delete(namespace.id);
    },
  };
  return { backend, rootId, clusterDefinitions, has: (id) => namespaces.has(id), orFail, ancestorsAndSelf };
}

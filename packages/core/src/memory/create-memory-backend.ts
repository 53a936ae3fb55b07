import { randomUUID } from 'node:crypto';
import type { CallOptions, ListPage, PomeriumBackend } from '../backend-specification.js';
import type { Namespace, Policy, Route } from '../model.js';
import { PomeriumError } from '../pomerium-error.js';
import {
  applyPolicyPatch,
  applyRoutePatch,
  type RouteBooleanDefaults,
  withRouteBooleanDefaults,
} from '../route-patch.js';
import { cloneWithSecrets, wrapRouteSecrets } from '../route-secrets.js';
import { snapshotInput } from '../snapshot-input.js';
import { createMemoryClusters, type MemoryClusterDefinition } from './memory-clusters.js';
import { createMemoryKeyPairs, type MemorySystemKeyPair } from './memory-key-pairs.js';
import { createMemoryServiceAccounts } from './memory-service-accounts.js';
import type { MemoryStore } from './memory-support.js';
import { memorySyncRules } from './memory-sync-rules.js';

export type { MemorySystemKeyPair } from './memory-key-pairs.js';

/** Options of {@link createMemoryBackend}. */
export interface MemoryBackendOptions {
  /** Name of the root namespace. Default `Global`, as in Enterprise. */
  rootNamespaceName?: string;
  /** Clock used for timestamps. Default `() => new Date()`. */
  now?: () => Date;
  /** Id generator. Default `crypto.randomUUID`. */
  generateId?: () => string;
  /**
   * Names of cluster namespaces to create below the root at start, as Zero
   * has one per cluster and multi-cluster Enterprise one per cluster. Default none.
   */
  clusterNamespaces?: string[];
  /**
   * Key pairs the backend made itself (`origin: system`, read-only), as Zero
   * makes managed certificates. Default none.
   */
  systemKeyPairs?: MemorySystemKeyPair[];
  /** Return set secret settings as masked Secrets, as a console that masks them would. Default false. */
  maskSecretSettings?: boolean;
}

type StoredRoute = Omit<Route, 'enforcedPolicyIds'>;
/** A route input after `wrapRouteSecrets`: its secret settings are Secrets. */
type WrappedInput = Omit<Route, 'id' | 'enforcedPolicyIds' | 'createdAt' | 'updatedAt' | keyof RouteBooleanDefaults> &
  Partial<RouteBooleanDefaults>;
type StoredPolicy = Omit<Policy, 'routeIds'>;

const backendName = 'memory';

function fail(code: PomeriumError['code'], message: string, field?: string): never {
  throw new PomeriumError(message, { code, backend: backendName, ...(field ? { field } : {}) });
}

function checkSignal(options: CallOptions): void {
  if (options.signal?.aborted) {
    throw new PomeriumError('The call was aborted', {
      code: 'deadline_exceeded',
      retryable: false,
      backend: backendName,
      cause: options.signal.reason,
    });
  }
}

/**
 * Refuses, as `invalid_argument`, anything the client's input limits refuse,
 * so nothing stored can break a later list (the client checks first; this
 * guards callers that use the backend directly).
 */
function checkStorable(value: unknown, what: string): void {
  snapshotInput(value, what);
}

/** Optimistic concurrency: `aborted` when the stored object changed since the caller read it. */
function checkExpectedUpdatedAt(
  request: { expectedUpdatedAt?: string; id: string },
  stored: { updatedAt: string | undefined },
  what: string,
): void {
  if (request.expectedUpdatedAt !== undefined && request.expectedUpdatedAt !== stored.updatedAt) {
    throw new PomeriumError(
      `${what} ${request.id} changed since it was read (updatedAt ${stored.updatedAt ?? 'unset'}, expected ${request.expectedUpdatedAt})`,
      { code: 'aborted', backend: backendName },
    );
  }
}

function page<Stored, Item>(
  matching: Stored[],
  offset: number,
  limit: number,
  view: (stored: Stored) => Item,
): ListPage<Item> {
  return { items: matching.slice(offset, offset + limit).map(view), totalCount: matching.length };
}

function includesIgnoringCase(haystack: string, needle: string): boolean {
  return haystack.toLowerCase().includes(needle.toLowerCase());
}

/**
 * A complete in-memory Pomerium backend with the semantics of a real console:
 * generated ids, timestamps, policy ↔ route links, enforced policies applying
 * down the namespace tree, and failed_precondition when deleting something
 * still in use. It is the embedded default and the executable specification
 * the conformance suite is written against.
 */
export function createMemoryBackend(options: MemoryBackendOptions = {}): PomeriumBackend {
  const now = () => (options.now ?? (() => new Date()))().toISOString();
  /** The clock, but strictly after `previous`, so `expectedUpdatedAt` tells every write apart. */
  const nextUpdatedAt = (previous: string | undefined) => {
    const current = Date.parse(now());
    const last = Date.parse(previous ?? '');
    return new Date(Number.isFinite(last) && current <= last ? last + 1 : current).toISOString();
  };
  const generateId = options.generateId ?? randomUUID;
  const namespaces = new Map<string, Namespace>();
  const policies = new Map<string, StoredPolicy>();
  const routes = new Map<string, StoredRoute>();

  const rootId = generateId();
  const createdAt = now();
  namespaces.set(rootId, {
    id: rootId,
    name: options.rootNamespaceName ?? 'Global',
    parentId: undefined,
    kind: 'root',
    createdAt,
    updatedAt: createdAt,
    extensions: {},
  });
  const clusterDefinitions: MemoryClusterDefinition[] = [];
  for (const name of options.clusterNamespaces ?? []) {
    const id = generateId();
    clusterDefinitions.push({ name, namespaceId: id, parentNamespaceId: rootId });
    namespaces.set(id, {
      id,
      name,
      parentId: rootId,
      kind: 'cluster',
      createdAt,
      updatedAt: createdAt,
      extensions: {},
    });
  }

  // Without cluster namespaces there is one cluster, `default`, owning the root (as a single-cluster Enterprise).
  if (clusterDefinitions.length === 0) {
    clusterDefinitions.push({ name: 'default', namespaceId: rootId, parentNamespaceId: undefined });
  }
  const store: MemoryStore = {
    now,
    nextUpdatedAt,
    generateId,
    hasNamespace: (id) => namespaces.has(id),
  };
  const keyPairs = createMemoryKeyPairs(store, rootId, options.systemKeyPairs);
  const serviceAccounts = createMemoryServiceAccounts(store);
  const clusterResources = createMemoryClusters(store, clusterDefinitions, {
    maskSecretSettings: options.maskSecretSettings === true,
  });

  const namespaceOrFail = (id: string, code: 'not_found' | 'invalid_argument' = 'not_found', field?: string) =>
    namespaces.get(id) ?? fail(code, `Namespace ${id} not found`, field);

  const ancestorsAndSelf = (namespaceId: string): Set<string> => {
    const chain = new Set<string>();
    let current: string | undefined = namespaceId;
    while (current !== undefined && !chain.has(current)) {
      chain.add(current);
      current = namespaces.get(current)?.parentId;
    }
    return chain;
  };

  const checkPolicyIds = (policyIds: readonly string[] | undefined) => {
    policyIds?.forEach((policyId, index) => {
      if (!policies.has(policyId)) fail('invalid_argument', `Policy ${policyId} not found`, `policyIds[${index}]`);
    });
  };

  const viewRoute = (route: StoredRoute): Route => {
    const chain = ancestorsAndSelf(route.namespaceId);
    const enforcedPolicyIds = [...policies.values()]
      .filter((policy) => policy.enforced && chain.has(policy.namespaceId))
      .map((policy) => policy.id);
    return cloneWithSecrets({ ...route, enforcedPolicyIds });
  };

  const viewPolicy = (policy: StoredPolicy): Policy => {
    const routeIds = [...routes.values()]
      .filter((route) => route.policyIds.includes(policy.id))
      .map((route) => route.id);
    return structuredClone({ ...policy, routeIds });
  };

  const backend: PomeriumBackend = {
    specificationVersion: 'v1',
    name: backendName,
    syncRules: memorySyncRules,
    capabilities: {
      writeNamespaces: true,
      listTotalCount: true,
      multipleHealthChecks: true,
      fieldLevelUpdates: true,
      keyPairs: true,
      serviceAccounts: true,
      serviceAccountUpdates: true,
      serviceAccountTokenRead: true,
      settings: true,
      clusters: true,
    },

    namespaces: {
      async list(request) {
        checkSignal(request);
        const all = [...namespaces.values()].filter(
          (namespace) => request.parentId === undefined || namespace.parentId === request.parentId,
        );
        return page(all, request.offset, request.limit, (namespace) => structuredClone(namespace));
      },
      async get(request) {
        checkSignal(request);
        return structuredClone(namespaceOrFail(request.id));
      },
      async create(request) {
        checkSignal(request);
        checkStorable(request.input, 'namespace input');
        const { input } = request;
        const parentId = input.parentId ?? rootId;
        namespaceOrFail(parentId, 'invalid_argument', 'parentId');
        const timestamp = now();
        const namespace: Namespace = {
          id: generateId(),
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
        checkSignal(request);
        checkStorable(request.patch, 'namespace patch');
        const namespace = namespaceOrFail(request.id);
        checkExpectedUpdatedAt(request, namespace, 'Namespace');
        const { patch } = request;
        if (patch.parentId !== undefined && patch.parentId !== namespace.parentId) {
          if (namespace.kind === 'root') fail('failed_precondition', 'The root namespace cannot be moved', 'parentId');
          namespaceOrFail(patch.parentId, 'invalid_argument', 'parentId');
          if (ancestorsAndSelf(patch.parentId).has(namespace.id)) {
            fail('invalid_argument', 'A namespace cannot be moved below itself', 'parentId');
          }
        }
        const updated: Namespace = {
          ...namespace,
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.parentId !== undefined ? { parentId: patch.parentId } : {}),
          extensions: { ...namespace.extensions, ...structuredClone(patch.extensions ?? {}) },
          updatedAt: nextUpdatedAt(namespace.updatedAt),
        };
        namespaces.set(updated.id, updated);
        return structuredClone(updated);
      },
      async delete(request) {
        checkSignal(request);
        const namespace = namespaceOrFail(request.id);
        if (namespace.kind === 'root') fail('failed_precondition', 'The root namespace cannot be deleted');
        const hasChildren = [...namespaces.values()].some((child) => child.parentId === namespace.id);
        const hasContent =
          [...routes.values()].some((route) => route.namespaceId === namespace.id) ||
          [...policies.values()].some((policy) => policy.namespaceId === namespace.id) ||
          keyPairs.usesNamespace(namespace.id) ||
          serviceAccounts.usesNamespace(namespace.id);
        if (hasChildren || hasContent) {
          fail(
            'failed_precondition',
            `Namespace ${namespace.id} still has ${hasChildren ? 'child namespaces' : 'routes, policies, key pairs or service accounts'}; delete them first`,
          );
        }
        namespaces.delete(namespace.id);
      },
    },

    policies: {
      async list(request) {
        checkSignal(request);
        const all = [...policies.values()]
          .filter((policy) => request.namespaceId === undefined || policy.namespaceId === request.namespaceId)
          .filter((policy) => request.query === undefined || includesIgnoringCase(policy.name, request.query));
        return page(all, request.offset, request.limit, viewPolicy);
      },
      async get(request) {
        checkSignal(request);
        const policy = policies.get(request.id) ?? fail('not_found', `Policy ${request.id} not found`);
        return viewPolicy(policy);
      },
      async create(request) {
        checkSignal(request);
        checkStorable(request.input, 'policy input');
        const { input } = request;
        namespaceOrFail(input.namespaceId, 'invalid_argument', 'namespaceId');
        const timestamp = now();
        const policy: StoredPolicy = {
          id: generateId(),
          namespaceId: input.namespaceId,
          name: input.name,
          description: input.description ?? '',
          enforced: input.enforced ?? false,
          ppl: structuredClone(Array.isArray(input.ppl) ? input.ppl : [input.ppl]),
          explanation: input.explanation ?? '',
          remediation: input.remediation ?? '',
          createdAt: timestamp,
          updatedAt: timestamp,
          extensions: structuredClone(input.extensions ?? {}),
        };
        policies.set(policy.id, policy);
        return viewPolicy(policy);
      },
      async update(request) {
        checkSignal(request);
        checkStorable(request.patch, 'policy patch');
        const policy = policies.get(request.id) ?? fail('not_found', `Policy ${request.id} not found`);
        checkExpectedUpdatedAt(request, policy, 'Policy');
        const { routeIds: _computed, ...patched } = applyPolicyPatch(
          { ...policy, routeIds: [] },
          structuredClone(request.patch),
        );
        const updated: StoredPolicy = { ...patched, updatedAt: nextUpdatedAt(policy.updatedAt) };
        policies.set(updated.id, updated);
        return viewPolicy(updated);
      },
      async delete(request) {
        checkSignal(request);
        const policy = policies.get(request.id) ?? fail('not_found', `Policy ${request.id} not found`);
        const users = [...routes.values()].filter((route) => route.policyIds.includes(policy.id));
        if (users.length > 0) {
          fail(
            'failed_precondition',
            `Policy ${policy.id} is still assigned to ${users.length} route(s); remove it from them first`,
          );
        }
        policies.delete(policy.id);
      },
    },

    routes: {
      async list(request) {
        checkSignal(request);
        const query = request.query;
        const all = [...routes.values()]
          .filter((route) => request.namespaceId === undefined || route.namespaceId === request.namespaceId)
          .filter(
            (route) =>
              query === undefined ||
              includesIgnoringCase(route.name, query) ||
              includesIgnoringCase(route.from, query) ||
              route.to.some((to) => includesIgnoringCase(to, query)),
          );
        return page(all, request.offset, request.limit, viewRoute);
      },
      async get(request) {
        checkSignal(request);
        const route = routes.get(request.id) ?? fail('not_found', `Route ${request.id} not found`);
        return viewRoute(route);
      },
      async create(request) {
        checkSignal(request);
        checkStorable(request.input, 'route input');
        const { input } = request;
        namespaceOrFail(input.namespaceId, 'invalid_argument', 'namespaceId');
        checkPolicyIds(input.policyIds);
        const timestamp = now();
        // Route secrets are kept as Secrets (strings from the client are wrapped).
        const { extensions, to, policyIds, ...rest } = cloneWithSecrets(wrapRouteSecrets(input)) as WrappedInput;
        const route: StoredRoute = {
          ...withRouteBooleanDefaults(rest),
          id: generateId(),
          to: to ?? [],
          policyIds: policyIds ?? [],
          createdAt: timestamp,
          updatedAt: timestamp,
          extensions: extensions ?? {},
        };
        routes.set(route.id, route);
        return viewRoute(route);
      },
      async update(request) {
        checkSignal(request);
        checkStorable(request.patch, 'route patch');
        const route = routes.get(request.id) ?? fail('not_found', `Route ${request.id} not found`);
        checkExpectedUpdatedAt(request, route, 'Route');
        checkPolicyIds(request.patch.policyIds);
        const { enforcedPolicyIds: _computed, ...updated } = applyRoutePatch(
          { ...route, enforcedPolicyIds: [] },
          cloneWithSecrets(wrapRouteSecrets(request.patch)),
        );
        const stored: StoredRoute = { ...updated, updatedAt: nextUpdatedAt(route.updatedAt) };
        routes.set(stored.id, stored);
        return viewRoute(stored);
      },
      async delete(request) {
        checkSignal(request);
        if (!routes.delete(request.id)) fail('not_found', `Route ${request.id} not found`);
      },
    },

    keyPairs: keyPairs.backend,
    serviceAccounts: serviceAccounts.backend,
    settings: clusterResources.settings,
    clusters: clusterResources.clusters,

    async close() {},
  };
  return backend;
}

import { randomUUID } from 'node:crypto';
import type { PomeriumBackend } from '../backend-specification.js';
import type { Policy, Route } from '../model.js';
import {
  applyPolicyPatch,
  applyRoutePatch,
  type RouteBooleanDefaults,
  withRouteBooleanDefaults,
} from '../route-patch.js';
import { cloneWithSecrets, wrapRouteSecrets } from '../route-secrets.js';
import { createMemoryClusters } from './memory-clusters.js';
import { createMemoryKeyPairs, type MemorySystemKeyPair } from './memory-key-pairs.js';
import { createMemoryNamespaces } from './memory-namespaces.js';
import { createMemoryServiceAccounts } from './memory-service-accounts.js';
import {
  checkMemoryUpdatedAt,
  checkMemorySignal as checkSignal,
  checkMemoryStorable as checkStorable,
  memoryFail as fail,
  type MemoryStore,
  memoryBackendName,
  memoryPage as page,
} from './memory-support.js';
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
  const policies = new Map<string, StoredPolicy>();
  const routes = new Map<string, StoredRoute>();
  const tree = createMemoryNamespaces(
    { now, nextUpdatedAt, generateId },
    {
      rootNamespaceName: options.rootNamespaceName,
      clusterNamespaces: options.clusterNamespaces,
      hasContent: (id) =>
        [...routes.values()].some((route) => route.namespaceId === id) ||
        [...policies.values()].some((policy) => policy.namespaceId === id) ||
        keyPairs.usesNamespace(id) ||
        serviceAccounts.usesNamespace(id),
    },
  );
  const { rootId, orFail: namespaceOrFail, ancestorsAndSelf } = tree;
  const store: MemoryStore = { now, nextUpdatedAt, generateId, hasNamespace: tree.has };
  const keyPairs = createMemoryKeyPairs(store, rootId, options.systemKeyPairs);
  const serviceAccounts = createMemoryServiceAccounts(store);
  const clusterResources = createMemoryClusters(store, tree.clusterDefinitions, {
    maskSecretSettings: options.maskSecretSettings === true,
  });

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
    name: memoryBackendName,
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

    namespaces: tree.backend,

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
        checkMemoryUpdatedAt(request, policy, `Policy ${request.id}`);
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
        checkMemoryUpdatedAt(request, route, `Route ${request.id}`);
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

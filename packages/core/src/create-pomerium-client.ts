import type {
  BackendCapabilities,
  ListPage,
  NamespaceListFilter,
  PomeriumBackend,
  ResourceBackend,
  ResourceListFilter,
  RouteBackend,
} from './backend-specification.js';
import { resolveDeadlineMs } from './call-deadline.js';
import type { CallEnvironment } from './call-runner.js';
import { createCallObserver, type PomeriumHooks, type PomeriumLogger } from './client-observability.js';
import { type ClusterClient, createClusterClient } from './create-cluster-client.js';
import { createKeyPairClient, type KeyPairClient } from './create-key-pair-client.js';
import { sameUrl } from './create-recovery.js';
import { type ClientCallOptions, createResourceClient, type ResourceClient } from './create-resource-client.js';
import { createServiceAccountClient, type ServiceAccountClient } from './create-service-account-client.js';
import { createSettingsClient, type SettingsClient } from './create-settings-client.js';
import { parseRouteCreateInputFast, parseRouteUpdatePatchFast } from './fast-route-input.js';
import type {
  Namespace,
  NamespaceCreateInput,
  NamespaceUpdatePatch,
  Policy,
  PolicyCreateInput,
  PolicyUpdatePatch,
  Route,
  RouteCreateInput,
  RouteUpdatePatch,
} from './model.js';
import { namespaceCreateInputSchema, namespaceUpdatePatchSchema } from './namespace-schema.js';
import {
  policyCreateInputSchema,
  policyCreateInputSchemaAllowingUnknownCriteria,
  policyUpdatePatchSchema,
  policyUpdatePatchSchemaAllowingUnknownCriteria,
} from './policy-schema.js';
import { PomeriumError } from './pomerium-error.js';
import { normalizePpl, pplEquals } from './ppl.js';
import { type RetryOptions, resolveRetryPolicy, updatesAreResendable } from './retry-policy.js';
import { normalizeRouteDurations } from './route-patch.js';
import { routeCreateInputSchema, routeUpdatePatchSchema } from './route-schema.js';
import { revealRouteSecrets, wrapRouteSecrets } from './route-secrets.js';
import {
  unimplementedClusters,
  unimplementedKeyPairs,
  unimplementedServiceAccounts,
  unimplementedSettings,
} from './unimplemented-member.js';

/** Options of {@link createPomeriumClient}. */
export interface PomeriumClientOptions {
  /** The deployment to talk to: `createZeroBackend()`, `createEnterpriseBackend()` or `createMemoryBackend()`. */
  backend: PomeriumBackend;
  /** Items fetched per page by `list()`. Default 100. */
  pageSize?: number;
  /**
   * Automatic retries with full-jitter exponential backoff (default 3 attempts),
   * only where they can neither duplicate nor corrupt; `false` turns them off.
   */
  retry?: RetryOptions | false;
  /**
   * Total time one call may take, retries, backoff and create-recovery look-ups
   * included (each page of a list is one call). Default 120000. Per-attempt
   * timeouts are the adapters' `timeoutMs`.
   */
  deadlineMs?: number;
  /** A pino-compatible logger: one `debug` line per call, `trace` lines per wire exchange. Silent by default. */
  logger?: PomeriumLogger;
  /** Callbacks on each call attempt, wire exchange and retry. */
  hooks?: PomeriumHooks;
  /**
   * Accept PPL criteria and matcher operators unknown to this library in
   * `policies.create()`/`update()` (e.g. newer than the library, or
   * Enterprise-only). Default false: they are refused with a "did you mean".
   * A call's own `allowUnknownPplCriteria` overrides this.
   */
  allowUnknownPplCriteria?: boolean;
}

/** Options of `client.policies.create()` and `client.policies.update()`. */
export interface PolicyWriteOptions extends ClientCallOptions {
  /**
   * Accept PPL criteria and matcher operators unknown to this library, as in
   * PPL read back from a console (see `findUnknownPplCriteria`); everything the
   * library knows is still checked. Defaults to the client's option.
   */
  allowUnknownPplCriteria?: boolean;
}

const lenientPpl = { allowUnknownCriteria: true } as const;

export type { ClusterClient } from './create-cluster-client.js';
export type { KeyPairClient, KeyPairFingerprintOptions } from './create-key-pair-client.js';
export type { ClientCallOptions, ListOptions, ResourceClient, UpdateCallOptions } from './create-resource-client.js';
export type { ServiceAccountClient, ServiceAccountFindOptions } from './create-service-account-client.js';
export type { SettingsClient, SettingsGetOptions, SettingsUpdateCallOptions } from './create-settings-client.js';

/** Client operations on namespaces. */
export type NamespaceClient = ResourceClient<
  Namespace,
  NamespaceCreateInput,
  NamespaceUpdatePatch,
  NamespaceListFilter,
  { name: string; parentId?: string }
>;
/** Client operations on policies. */
export type PolicyClient = ResourceClient<
  Policy,
  PolicyCreateInput,
  PolicyUpdatePatch,
  ResourceListFilter,
  { name: string; namespaceId?: string },
  PolicyWriteOptions
>;
/** Client operations on routes. */
export type RouteClient = ResourceClient<
  Route,
  RouteCreateInput,
  RouteUpdatePatch,
  ResourceListFilter,
  { name: string; namespaceId?: string }
>;

/** The single calling code path for every Pomerium deployment. */
export interface PomeriumClient {
  /** The backend this client drives. */
  readonly backend: PomeriumBackend;
  /** What the backend can do. */
  readonly capabilities: BackendCapabilities;
  /** Namespaces. */
  readonly namespaces: NamespaceClient;
  /** Policies. */
  readonly policies: PolicyClient;
  /** Routes. */
  readonly routes: RouteClient;
  /** Key pairs (certificates); `unimplemented` unless `capabilities.keyPairs`. */
  readonly keyPairs: KeyPairClient;
  /** Service accounts; `unimplemented` unless `capabilities.serviceAccounts`. */
  readonly serviceAccounts: ServiceAccountClient;
  /** Settings, one object per cluster; `unimplemented` unless `capabilities.settings`. */
  readonly settings: SettingsClient;
  /** Clusters (read-only); `unimplemented` unless `capabilities.clusters`. */
  readonly clusters: ClusterClient;
  /** Closes the backend's connections. */
  close(): Promise<void>;
}

/** The route operations of a backend, with the secret settings of every returned route wrapped in Secrets. */
function withRouteSecretsWrapped(
  routes: RouteBackend,
): ResourceBackend<Route, RouteCreateInput, RouteUpdatePatch, ResourceListFilter> {
  return {
    list: async (options) => {
      const page = await routes.list(options);
      return Array.isArray(page?.items)
        ? { ...page, items: page.items.map((item) => wrapRouteSecrets(item)) }
        : (page as unknown as ListPage<Route>);
    },
    get: async (options) => wrapRouteSecrets(await routes.get(options)),
    create: async (options) => wrapRouteSecrets(await routes.create(options)),
    update: async (options) => wrapRouteSecrets(await routes.update(options)),
    delete: (options) => routes.delete(options),
  };
}

/**
 * Creates the client every tool uses, whatever the deployment: validation of
 * inputs before any network call, transparent paging, look-ups by name, and
 * one error type.
 *
 * @example
 * const client = createPomeriumClient({ backend: createMemoryBackend() });
 * const route = await client.routes.create({ namespaceId, name: 'app', from: 'https://app.example.com', to: ['http://app:80'] });
 */
export function createPomeriumClient(options: PomeriumClientOptions): PomeriumClient {
  const {
    backend,
    pageSize = 100,
    retry,
    deadlineMs,
    logger,
    hooks,
    allowUnknownPplCriteria = false,
  } = options ?? ({} as PomeriumClientOptions);
  if (backend?.specificationVersion !== 'v1') {
    throw new PomeriumError('createPomeriumClient needs a backend implementing specification v1', {
      code: 'invalid_argument',
      field: 'backend',
    });
  }
  if (!Number.isInteger(pageSize) || pageSize < 1) {
    throw new PomeriumError('pageSize must be a positive integer', { code: 'invalid_argument', field: 'pageSize' });
  }
  const environment: CallEnvironment = {
    backendName: backend.name,
    resendableUpdates: updatesAreResendable(backend.capabilities),
    policy: resolveRetryPolicy(retry),
    deadlineMs: resolveDeadlineMs(deadlineMs),
    observer: createCallObserver(logger, hooks),
  };
  const namespaces = createResourceClient<
    Namespace,
    NamespaceCreateInput,
    NamespaceUpdatePatch,
    NamespaceListFilter,
    { name: string; parentId?: string }
  >(
    environment,
    backend.namespaces,
    {
      plural: 'namespaces',
      what: 'namespace',
      createSchema: namespaceCreateInputSchema,
      patchSchema: namespaceUpdatePatchSchema,
      filterIdKeys: ['parentId'],
      nameOf: (item) => item.name,
      idOf: (item) => item.id,
      createdAtOf: (item) => item.createdAt,
      findFilter: ({ parentId }) => (parentId === undefined ? {} : { parentId }),
      recovery: (input) => ({
        filter: input.parentId === undefined ? {} : { parentId: input.parentId },
        matches: (item, page) =>
          item.name === input.name &&
          (input.parentId === undefined
            ? page.some((parent) => parent.kind === 'root' && parent.id === item.parentId)
            : item.parentId === input.parentId),
      }),
    },
    pageSize,
  );
  const policies = createResourceClient<
    Policy,
    PolicyCreateInput,
    PolicyUpdatePatch,
    ResourceListFilter,
    { name: string; namespaceId?: string },
    PolicyWriteOptions
  >(
    environment,
    backend.policies,
    {
      plural: 'policies',
      what: 'policy',
      createSchema: policyCreateInputSchema,
      patchSchema: policyUpdatePatchSchema,
      unknownPplCriteria: {
        allowByDefault: allowUnknownPplCriteria,
        createSchema: policyCreateInputSchemaAllowingUnknownCriteria,
        patchSchema: policyUpdatePatchSchemaAllowingUnknownCriteria,
      },
      // The schema has validated the PPL already; this only canonicalises it.
      normalizeCreate: (input) => ({ ...input, ppl: normalizePpl(input.ppl, lenientPpl) }),
      normalizePatch: (patch) =>
        patch.ppl === undefined ? patch : { ...patch, ppl: normalizePpl(patch.ppl, lenientPpl) },
      filterIdKeys: ['namespaceId'],
      nameOf: (item) => item.name,
      idOf: (item) => item.id,
      createdAtOf: (item) => item.createdAt,
      findFilter: ({ name, namespaceId }) => ({ query: name, ...(namespaceId === undefined ? {} : { namespaceId }) }),
      recovery: (input) => ({
        filter: { namespaceId: input.namespaceId, query: input.name },
        matches: (item) =>
          item.name === input.name && item.namespaceId === input.namespaceId && pplEquals(item.ppl, input.ppl),
      }),
    },
    pageSize,
  );
  const routes = createResourceClient<
    Route,
    RouteCreateInput,
    RouteUpdatePatch,
    ResourceListFilter,
    { name: string; namespaceId?: string }
  >(
    environment,
    withRouteSecretsWrapped(backend.routes),
    {
      plural: 'routes',
      what: 'route',
      createSchema: routeCreateInputSchema,
      patchSchema: routeUpdatePatchSchema,
      fastCreate: parseRouteCreateInputFast,
      fastPatch: parseRouteUpdatePatchFast,
      // Route secrets reach backends as strings (as they always have); reads wrap them in Secrets.
      normalizeCreate: (input) => revealRouteSecrets(normalizeRouteDurations(input)),
      normalizePatch: (patch) => revealRouteSecrets(normalizeRouteDurations(patch)),
      filterIdKeys: ['namespaceId'],
      nameOf: (item) => item.name,
      idOf: (item) => item.id,
      createdAtOf: (item) => item.createdAt,
      findFilter: ({ name, namespaceId }) => ({ query: name, ...(namespaceId === undefined ? {} : { namespaceId }) }),
      recovery: (input) => ({
        filter: { namespaceId: input.namespaceId, query: input.name },
        matches: (item) =>
          item.name === input.name && item.namespaceId === input.namespaceId && sameUrl(item.from, input.from),
      }),
    },
    pageSize,
  );
  const keyPairs = createKeyPairClient(environment, backend.keyPairs ?? unimplementedKeyPairs(backend.name), pageSize);
  const serviceAccounts = createServiceAccountClient(
    environment,
    backend.serviceAccounts ?? unimplementedServiceAccounts(backend.name),
    pageSize,
  );
  const settings = createSettingsClient(environment, backend.settings ?? unimplementedSettings(backend.name));
  const clusters = createClusterClient(environment, backend.clusters ?? unimplementedClusters(backend.name));
  return {
    backend,
    capabilities: backend.capabilities,
    namespaces,
    policies,
    routes,
    keyPairs,
    serviceAccounts,
    settings,
    clusters,
    async close() {
      await backend.close?.();
    },
  };
}

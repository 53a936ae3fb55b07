import { randomUUID } from 'node:crypto';
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { timestampNow } from '@bufbuild/protobuf/wkt';
import { Code, ConnectError } from '@connectrpc/connect';
import {
  type Namespace,
  NamespaceSchema,
  type Policy,
  PolicySchema,
  type Route,
  RouteSchema,
} from '@pomerium-unified/enterprise-protos';
import { IndexedMap } from '../shared/indexed-map.js';
import { defaultRequestLogLimit, pushBounded } from '../shared/push-bounded.js';
import { type FakeEnterpriseClusterSeed, FakeEnterpriseClusters } from './fake-enterprise-clusters.js';
import { FakeEnterpriseKeyChain } from './fake-enterprise-key-chain.js';
import { FakeEnterpriseNamespaceService } from './fake-enterprise-namespace-service.js';
import { FakeEnterprisePolicyService } from './fake-enterprise-policy-service.js';
import { statNameOf } from './fake-enterprise-route-checks.js';
import { FakeEnterpriseRouteService } from './fake-enterprise-route-service.js';
import { FakeEnterpriseServiceAccounts } from './fake-enterprise-service-accounts.js';
import { FakeEnterpriseSettings } from './fake-enterprise-settings.js';

/** A service account the fake console accepts. */
export interface FakeServiceAccount {
  /** The token the client sends as `authorization: Pomerium <token>`. */
  token: string;
  /** When set, the account may only touch this namespace and the namespaces below it. */
  namespaceId?: string;
}

/** Objects loaded into the fake console before it starts. Ids are generated when missing. */
export interface FakeEnterpriseSeed {
  /** Namespaces; an empty `parentId` puts a namespace under the root. */
  namespaces?: MessageInitShape<typeof NamespaceSchema>[];
  /** Policies. */
  policies?: MessageInitShape<typeof PolicySchema>[];
  /** Routes. */
  routes?: MessageInitShape<typeof RouteSchema>[];
  /** Clusters, each with its own namespace (created with it). */
  clusters?: FakeEnterpriseClusterSeed[];
}

/** One call the fake console received. */
export interface FakeEnterpriseRequest {
  /** The full procedure path, e.g. `/pomerium.dashboard.RouteService/SetRoute`. */
  procedure: string;
  /** The `authorization` metadata as received (tests assert on it; never printed). */
  authorization: string | null;
  /** The `content-type` of the request (`application/grpc` for gRPC). */
  contentType: string | null;
}

/**
 * The stored state of the fake console: whole proto messages, so fields the
 * fake does not interpret survive. Computed fields are not stored; they are
 * filled on every read, as the console does.
 */
export class FakeEnterpriseState {
  /** The id of the root (Global) namespace. */
  readonly rootNamespaceId: string;
  /** Namespaces by id, as stored, indexed by parent. */
  readonly namespaces = new IndexedMap<Namespace, 'parent'>({
    parent: (namespace) => (namespace.parentId === '' ? [] : [namespace.parentId]),
  });
  /** Policies by id, as stored, indexed by namespace and (enforced ones) by the namespace they are enforced in. */
  readonly policies = new IndexedMap<Policy, 'namespace' | 'enforced'>({
    namespace: (policy) => [policy.namespaceId],
    enforced: (policy) => (policy.enforced ? [policy.namespaceId] : []),
  });
  /** Routes by id, as stored, indexed by namespace and by assigned policy. */
  readonly routes = new IndexedMap<Route, 'namespace' | 'policy'>({
    namespace: (route) => [route.namespaceId],
    policy: (route) => route.policyIds,
  });
  /**
   * The most recent calls received, in order: a ring buffer of `requestLogLimit` entries (default 10,000).
   * Use {@link recordRequest} to add one.
   */
  readonly requests: FakeEnterpriseRequest[] = [];
  /** How many calls {@link requests} keeps (0: none, `Infinity`: all). */
  requestLogLimit: number;

  readonly #enforcedCache = new Map<string, { ids: string[]; names: string[] }>();
  #enforcedCacheVersion = '';
  /** Accepted service accounts. */
  readonly serviceAccounts: FakeServiceAccount[];
  /** Namespace calls (`NamespaceService`). */
  readonly namespaceService: FakeEnterpriseNamespaceService = new FakeEnterpriseNamespaceService(this);
  /** Policy calls (`PolicyService`). */
  readonly policyService: FakeEnterprisePolicyService = new FakeEnterprisePolicyService(this);
  /** Route calls (`RouteService`). */
  readonly routeService: FakeEnterpriseRouteService = new FakeEnterpriseRouteService(this);
  /** Key pairs (`KeyChainService`). */
  readonly keyChain: FakeEnterpriseKeyChain = new FakeEnterpriseKeyChain(this);
  /** Clusters (`ClustersService`). */
  readonly clusters: FakeEnterpriseClusters = new FakeEnterpriseClusters(this);
  /** Pomerium service accounts (`PomeriumServiceAccountService`); their tokens join {@link serviceAccounts}. */
  readonly pomeriumServiceAccounts: FakeEnterpriseServiceAccounts = new FakeEnterpriseServiceAccounts(this);
  /** Settings per cluster (`SettingsService`). */
  readonly settings: FakeEnterpriseSettings = new FakeEnterpriseSettings(this);

  constructor(options: {
    rootNamespaceId?: string;
    rootNamespaceName?: string;
    serviceAccounts: FakeServiceAccount[];
    requestLogLimit?: number;
  }) {
    this.requestLogLimit = options.requestLogLimit ?? defaultRequestLogLimit;
    this.rootNamespaceId = options.rootNamespaceId ?? randomUUID();
    this.serviceAccounts = options.serviceAccounts;
    const now = timestampNow();
    this.namespaces.set(
      this.rootNamespaceId,
      create(NamespaceSchema, {
        id: this.rootNamespaceId,
        name: options.rootNamespaceName ?? 'Global',
        createdAt: now,
        modifiedAt: now,
      }),
    );
  }

  /** Loads seed objects, trusting them (no permission checks). */
  seed(seed: FakeEnterpriseSeed): void {
    const now = timestampNow();
    for (const init of seed.namespaces ?? []) {
      const namespace = create(NamespaceSchema, init);
      namespace.id ||= randomUUID();
      namespace.parentId ||= this.rootNamespaceId;
      namespace.createdAt ??= now;
      namespace.modifiedAt ??= now;
      this.namespaces.set(namespace.id, namespace);
    }
    for (const init of seed.clusters ?? []) this.clusters.seed(init);
    for (const init of seed.policies ?? []) {
      const policy = create(PolicySchema, init);
      policy.id ||= randomUUID();
      policy.namespaceId ||= this.rootNamespaceId;
      policy.createdAt ??= now;
      policy.modifiedAt ??= now;
      this.policies.set(policy.id, policy);
    }
    for (const init of seed.routes ?? []) {
      const route = create(RouteSchema, init);
      route.id ||= randomUUID();
      route.namespaceId ||= this.rootNamespaceId;
      route.statName ||= statNameOf(route);
      route.createdAt ??= now;
      route.modifiedAt ??= now;
      this.routes.set(route.id, route);
    }
  }

  /** Adds a call to the bounded request log. */
  recordRequest(request: FakeEnterpriseRequest): void {
    pushBounded(this.requests, request, this.requestLogLimit);
  }

  /**
   * Reindexes objects changed in place (tests that edit a stored message's
   * `namespaceId`, `policyIds`, `enforced` or `parentId` directly). Changes made
   * through the API are indexed already.
   */
  reindex(): void {
    this.namespaces.reindexAll();
    this.policies.reindexAll();
    this.routes.reindexAll();
  }

  // -------------------------------------------------------------------------
  // Authentication and visibility.

  /** The service account of an `authorization` header; Unauthenticated otherwise. */
  authenticate(authorization: string | null): FakeServiceAccount {
    if (!authorization) throw new ConnectError('missing authorization metadata', Code.Unauthenticated);
    const match = /^Pomerium (\S+)$/.exec(authorization);
    const account = match ? this.serviceAccounts.find((candidate) => candidate.token === match[1]) : undefined;
    if (!account) throw new ConnectError('invalid service account token', Code.Unauthenticated);
    return account;
  }

  /** The ids of a namespace and every ancestor. */
  ancestorsAndSelf(namespaceId: string): string[] {
    const chain: string[] = [];
    let current: string | undefined = namespaceId;
    while (current && !chain.includes(current)) {
      chain.push(current);
      current = this.namespaces.get(current)?.parentId;
    }
    return chain;
  }

  /** True when the account may see objects of the namespace. */
  canSee(account: FakeServiceAccount, namespaceId: string): boolean {
    return account.namespaceId === undefined || this.ancestorsAndSelf(namespaceId).includes(account.namespaceId);
  }

  /** PermissionDenied unless the account may touch the namespace. */
  requireAccess(account: FakeServiceAccount, namespaceId: string): void {
    if (!this.canSee(account, namespaceId)) {
      throw new ConnectError(`service account has no access to namespace ${namespaceId}`, Code.PermissionDenied);
    }
  }

  /** The stored namespace; InvalidArgument naming `field` when given, else NotFound. */
  existingNamespace(id: string, field: string | undefined): Namespace {
    const namespace = this.namespaces.get(id);
    if (namespace) return namespace;
    if (field) throw new ConnectError(`${field}: namespace ${id} not found`, Code.InvalidArgument);
    throw new ConnectError(`namespace ${id} not found`, Code.NotFound);
  }

  // -------------------------------------------------------------------------
  // Views with computed fields.

  /** A namespace as the console returns it, with `route_count` and `policy_count` (a shallow copy of the stored message). */
  viewNamespace(namespace: Namespace): Namespace {
    const view = { ...namespace };
    view.routeCount = BigInt(this.routes.countOf('namespace', namespace.id));
    view.policyCount = BigInt(this.policies.countOf('namespace', namespace.id));
    return view;
  }

  /** A policy as the console returns it, with `routes` and `namespace_name` (a shallow copy of the stored message). */
  viewPolicy(policy: Policy): Policy {
    const view = { ...policy };
    view.routes = Object.fromEntries(
      [...this.routes.lookup('policy', policy.id)].map((route) => [route.id, route.name]),
    );
    view.namespaceName = this.namespaces.get(policy.namespaceId)?.name ?? '';
    return view;
  }

  /** A route as the console returns it, with names and enforced policies filled in (a shallow copy of the stored message). */
  viewRoute(route: Route): Route {
    const view = { ...route };
    view.namespaceName = this.namespaces.get(route.namespaceId)?.name ?? '';
    view.policyNames = route.policyIds.map((id) => this.policies.get(id)?.name ?? '');
    const enforced = this.enforcedIn(route.namespaceId);
    view.enforcedPolicyIds = enforced.ids.slice();
    view.enforcedPolicyNames = enforced.names.slice();
    return view;
  }

  /** The enforced policies that apply in a namespace (its own and its ancestors'), cached until either map changes. */
  private enforcedIn(namespaceId: string): { ids: string[]; names: string[] } {
    const version = `${this.namespaces.version}:${this.policies.version}`;
    if (this.#enforcedCacheVersion !== version) {
      this.#enforcedCache.clear();
      this.#enforcedCacheVersion = version;
    }
    let enforced = this.#enforcedCache.get(namespaceId);
    if (!enforced) {
      const policies = this.ancestorsAndSelf(namespaceId).flatMap((id) => this.policies.snapshot('enforced', id));
      enforced = { ids: policies.map((policy) => policy.id), names: policies.map((policy) => policy.name) };
      this.#enforcedCache.set(namespaceId, enforced);
    }
    return enforced;
  }
}

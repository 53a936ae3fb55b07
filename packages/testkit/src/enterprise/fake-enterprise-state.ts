import { randomUUID } from 'node:crypto';
import { clone, create, type MessageInitShape } from '@bufbuild/protobuf';
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

/** Options of a list call. */
interface ListFilter {
  namespace: string;
  query?: string | undefined;
  offset?: bigint | undefined;
  limit?: bigint | undefined;
  orderBy?: string | undefined;
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
  private ancestorsAndSelf(namespaceId: string): string[] {
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

  private existingNamespace(id: string, field: string | undefined): Namespace {
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

  // -------------------------------------------------------------------------
  // Namespaces.

  /** ListNamespaces: every namespace the account can see. */
  listNamespaces(account: FakeServiceAccount): Namespace[] {
    return [...this.namespaces.values()]
      .filter((namespace) => this.canSee(account, namespace.id))
      .map((namespace) => this.viewNamespace(namespace));
  }

  /** GetNamespace: NotFound, PermissionDenied or the namespace. */
  getNamespace(account: FakeServiceAccount, id: string): Namespace {
    const namespace = this.existingNamespace(id, undefined);
    this.requireAccess(account, namespace.id);
    return this.viewNamespace(namespace);
  }

  /** SetNamespace: creates (no id) or updates a namespace, with the console's checks. */
  setNamespace(account: FakeServiceAccount, input: Namespace | undefined): Namespace {
    if (!input) throw new ConnectError('namespace: required', Code.InvalidArgument);
    if (input.name.trim() === '') throw new ConnectError('name: must not be empty', Code.InvalidArgument);
    const now = timestampNow();
    const stored = clone(NamespaceSchema, input);
    stored.routeCount = 0n;
    stored.policyCount = 0n;
    if (input.id === '') {
      if (input.parentId === '') throw new ConnectError('parent_id: required', Code.InvalidArgument);
      this.existingNamespace(input.parentId, 'parent_id');
      this.requireAccess(account, input.parentId);
      stored.id = randomUUID();
      stored.createdAt = now;
    } else {
      const current = this.existingNamespace(input.id, undefined);
      this.requireAccess(account, current.id);
      if (input.parentId !== current.parentId) {
        if (current.parentId === '') {
          throw new ConnectError('the root namespace cannot be moved', Code.FailedPrecondition);
        }
        if (input.parentId === '') throw new ConnectError('parent_id: required', Code.InvalidArgument);
        if (current.id === account.namespaceId) {
          throw new ConnectError('a service account cannot move its own namespace', Code.PermissionDenied);
        }
        this.existingNamespace(input.parentId, 'parent_id');
        if (this.ancestorsAndSelf(input.parentId).includes(current.id)) {
          throw new ConnectError('parent_id: a namespace cannot be moved below itself', Code.InvalidArgument);
        }
        this.requireAccess(account, input.parentId);
      }
      stored.createdAt = current.createdAt;
    }
    stored.modifiedAt = now;
    this.namespaces.set(stored.id, stored);
    return this.viewNamespace(stored);
  }

  /** DeleteNamespace: FailedPrecondition for the root or a namespace with children or content. */
  deleteNamespace(account: FakeServiceAccount, id: string): void {
    const namespace = this.existingNamespace(id, undefined);
    this.requireAccess(account, namespace.id);
    if (namespace.parentId === '') {
      throw new ConnectError('the root namespace cannot be deleted', Code.FailedPrecondition);
    }
    if (id === account.namespaceId) {
      throw new ConnectError('a service account cannot delete its own namespace', Code.PermissionDenied);
    }
    if (this.namespaces.hasAny('parent', id)) {
      throw new ConnectError(`namespace ${id} still has child namespaces`, Code.FailedPrecondition);
    }
    const hasContent = this.routes.hasAny('namespace', id) || this.policies.hasAny('namespace', id);
    if (hasContent) throw new ConnectError(`namespace ${id} still has routes or policies`, Code.FailedPrecondition);
    this.namespaces.delete(id);
  }

  /** ListNamespaceResources: the namespaces, policies and routes of the given namespaces. */
  listNamespaceResources(account: FakeServiceAccount, ids: readonly string[]) {
    const resources: { type: string; id: string; name: string }[] = [];
    for (const id of ids) {
      const namespace = this.existingNamespace(id, undefined);
      this.requireAccess(account, id);
      resources.push({ type: 'namespace', id: namespace.id, name: namespace.name });
      for (const policy of this.policies.lookup('namespace', id)) {
        resources.push({ type: 'policy', id: policy.id, name: policy.name });
      }
      for (const route of this.routes.lookup('namespace', id)) {
        resources.push({ type: 'route', id: route.id, name: route.name });
      }
    }
    return resources;
  }

  // -------------------------------------------------------------------------
  // Lists of policies and routes.

  /**
   * One page of a list: reads the namespace index (or every object when no
   * namespace is given), counts the matches for `total_count` and returns
   * only the page's objects, so views are built per page.
   */
  page<Item extends { name: string; createdAt?: { seconds: bigint; nanos: number } | undefined }>(
    account: FakeServiceAccount,
    collection: { valuesSnapshot(): readonly Item[]; snapshot(name: 'namespace', key: string): readonly Item[] },
    namespaceOf: (item: Item) => string,
    matches: (item: Item, query: string) => boolean,
    filter: ListFilter,
  ): { items: Item[]; totalCount: bigint } {
    if (filter.namespace !== '' && this.namespaces.has(filter.namespace)) {
      this.requireAccess(account, filter.namespace);
    }
    if (filter.offset !== undefined && filter.offset < 0n) {
      throw new ConnectError('offset: must not be negative', Code.InvalidArgument);
    }
    if (filter.limit !== undefined && filter.limit < 0n) {
      throw new ConnectError('limit: must not be negative', Code.InvalidArgument);
    }
    const query = filter.query?.toLowerCase();
    const candidates =
      filter.namespace === '' ? collection.valuesSnapshot() : collection.snapshot('namespace', filter.namespace);
    const everywhere = account.namespaceId === undefined;
    const offset = Number(filter.offset ?? 0n);
    const end = filter.limit === undefined || filter.limit === 0n ? undefined : offset + Number(filter.limit);
    const unordered = filter.orderBy !== 'name' && filter.orderBy !== 'newest';
    if (everywhere && (query === undefined || query === '') && unordered) {
      return { items: candidates.slice(offset, end), totalCount: BigInt(candidates.length) };
    }
    const selects = (item: Item) =>
      (everywhere || this.canSee(account, namespaceOf(item))) &&
      (query === undefined || query === '' || matches(item, query));
    if (unordered) {
      const items: Item[] = [];
      let total = 0;
      for (const item of candidates) {
        if (!selects(item)) continue;
        if (total >= offset && (end === undefined || total < end)) items.push(item);
        total += 1;
      }
      return { items, totalCount: BigInt(total) };
    }
    const selected: Item[] = [];
    for (const item of candidates) if (selects(item)) selected.push(item);
    const created = (item: Item) => (item.createdAt ? Number(item.createdAt.seconds) * 1e9 + item.createdAt.nanos : 0);
    if (filter.orderBy === 'name') selected.sort((left, right) => left.name.localeCompare(right.name));
    else selected.sort((left, right) => created(right) - created(left));
    return { items: selected.slice(offset, end), totalCount: BigInt(selected.length) };
  }

  // -------------------------------------------------------------------------
  // Policies.

  /** ListPolicies: filtered by namespace and name query, paged, with `total_count`. */
  listPolicies(account: FakeServiceAccount, filter: ListFilter) {
    const result = this.page(
      account,
      this.policies,
      (policy) => policy.namespaceId,
      (policy, query) => policy.name.toLowerCase().includes(query),
      filter,
    );
    return { policies: result.items.map((policy) => this.viewPolicy(policy)), totalCount: result.totalCount };
  }

  /** GetPolicy: NotFound, PermissionDenied or the policy. */
  getPolicy(account: FakeServiceAccount, id: string): Policy {
    const policy = this.policies.get(id);
    if (!policy) throw new ConnectError(`policy ${id} not found`, Code.NotFound);
    this.requireAccess(account, policy.namespaceId);
    return this.viewPolicy(policy);
  }

  /** SetPolicy: creates (no id) or updates a policy; `ppl` must be JSON. */
  setPolicy(account: FakeServiceAccount, input: Policy | undefined): Policy {
    if (!input) throw new ConnectError('policy: required', Code.InvalidArgument);
    if (input.name.trim() === '') throw new ConnectError('name: must not be empty', Code.InvalidArgument);
    if (input.namespaceId === '') throw new ConnectError('namespace_id: required', Code.InvalidArgument);
    this.existingNamespace(input.namespaceId, 'namespace_id');
    if (input.ppl !== '') {
      try {
        JSON.parse(input.ppl);
      } catch {
        throw new ConnectError('ppl: must be a JSON document', Code.InvalidArgument);
      }
    }
    const now = timestampNow();
    const stored = clone(PolicySchema, input);
    stored.routes = {};
    stored.namespaceName = '';
    if (input.id === '') {
      this.requireAccess(account, input.namespaceId);
      stored.id = randomUUID();
      stored.createdAt = now;
    } else {
      const current = this.policies.get(input.id);
      if (!current) throw new ConnectError(`policy ${input.id} not found`, Code.NotFound);
      this.requireAccess(account, current.namespaceId);
      this.requireAccess(account, input.namespaceId);
      stored.createdAt = current.createdAt;
    }
    stored.modifiedAt = now;
    this.policies.set(stored.id, stored);
    return this.viewPolicy(stored);
  }

  /** DeletePolicy: FailedPrecondition while routes use it, unless they should be detached. */
  deletePolicy(account: FakeServiceAccount, id: string, removeFromAnyAssignedRoutes: boolean): void {
    const policy = this.policies.get(id);
    if (!policy) throw new ConnectError(`policy ${id} not found`, Code.NotFound);
    this.requireAccess(account, policy.namespaceId);
    const users = [...this.routes.lookup('policy', id)];
    if (users.length > 0 && !removeFromAnyAssignedRoutes) {
      throw new ConnectError(
        `policy ${id} is still assigned to ${users.length} route(s); remove it from them or set remove_from_any_assigned_routes`,
        Code.FailedPrecondition,
      );
    }
    for (const route of users) {
      route.policyIds = route.policyIds.filter((policyId) => policyId !== id);
      this.routes.reindex(route.id);
    }
    this.policies.delete(id);
  }

  // -------------------------------------------------------------------------
  // Routes.

  /** ListRoutes: filtered by namespace and a query on name, from and to, paged, with `total_count`. */
  listRoutes(account: FakeServiceAccount, filter: ListFilter) {
    const result = this.page(
      account,
      this.routes,
      (route) => route.namespaceId,
      (route, query) =>
        route.name.toLowerCase().includes(query) ||
        route.from.toLowerCase().includes(query) ||
        route.to.some((to) => to.toLowerCase().includes(query)),
      filter,
    );
    return { routes: result.items.map((route) => this.viewRoute(route)), totalCount: result.totalCount };
  }

  /** GetRoute: NotFound, PermissionDenied or the route. */
  getRoute(account: FakeServiceAccount, id: string): Route {
    const route = this.existingRoute(id);
    this.requireAccess(account, route.namespaceId);
    return this.viewRoute(route);
  }

  private existingRoute(id: string): Route {
    const route = this.routes.get(id);
    if (!route) throw new ConnectError(`route ${id} not found`, Code.NotFound);
    return route;
  }

  /** Checks a route and returns the message to store, without storing it. */
  private prepareRoute(account: FakeServiceAccount, input: Route | undefined, path: string): Route {
    if (!input) throw new ConnectError(`${path || 'route'}: required`, Code.InvalidArgument);
    const at = (field: string) => (path ? `${path}.${field}` : field);
    validateRoute(input, at);
    if (input.namespaceId === '') throw new ConnectError(`${at('namespace_id')}: required`, Code.InvalidArgument);
    this.existingNamespace(input.namespaceId, at('namespace_id'));
    input.policyIds.forEach((policyId, index) => {
      if (!this.policies.has(policyId)) {
        throw new ConnectError(`${at(`policy_ids[${index}]`)}: policy ${policyId} not found`, Code.InvalidArgument);
      }
    });
    const now = timestampNow();
    const stored = clone(RouteSchema, input);
    stored.policyNames = [];
    stored.namespaceName = '';
    stored.enforcedPolicyIds = [];
    stored.enforcedPolicyNames = [];
    if (input.id === '') {
      this.requireAccess(account, input.namespaceId);
      stored.id = randomUUID();
      stored.createdAt = now;
      stored.statName = input.statName || statNameOf(input);
    } else {
      const current = this.existingRoute(input.id);
      this.requireAccess(account, current.namespaceId);
      this.requireAccess(account, input.namespaceId);
      stored.createdAt = current.createdAt;
      stored.statName = current.statName || input.statName || statNameOf(input);
    }
    stored.modifiedAt = now;
    return stored;
  }

  /** SetRoute: creates (no id) or updates a route, with the console's checks. */
  setRoute(account: FakeServiceAccount, input: Route | undefined): Route {
    const stored = this.prepareRoute(account, input, '');
    this.routes.set(stored.id, stored);
    return this.viewRoute(stored);
  }

  /** SetRoutes: checks every route first, then stores them all. */
  setRoutes(account: FakeServiceAccount, inputs: Route[]): Route[] {
    const prepared = inputs.map((input, index) => this.prepareRoute(account, input, `routes[${index}]`));
    for (const stored of prepared) this.routes.set(stored.id, stored);
    return prepared.map((stored) => this.viewRoute(stored));
  }

  /** DeleteRoute(s): every id must exist and be visible; then all are deleted. */
  deleteRoutes(account: FakeServiceAccount, ids: readonly string[]): void {
    const routes = ids.map((id) => this.existingRoute(id));
    for (const route of routes) this.requireAccess(account, route.namespaceId);
    for (const route of routes) this.routes.delete(route.id);
  }

  /** MoveRoutes: moves every listed route into `namespaceId`. */
  moveRoutes(account: FakeServiceAccount, routeIds: readonly string[], namespaceId: string): void {
    if (namespaceId === '') throw new ConnectError('new_namespace_id: required', Code.InvalidArgument);
    this.existingNamespace(namespaceId, 'new_namespace_id');
    this.requireAccess(account, namespaceId);
    const routes = routeIds.map((id) => this.existingRoute(id));
    for (const route of routes) this.requireAccess(account, route.namespaceId);
    const now = timestampNow();
    for (const route of routes) {
      route.namespaceId = namespaceId;
      route.modifiedAt = now;
      this.routes.reindex(route.id);
    }
  }
}

/** The stat name the console derives from a route's `from` on first save. */
function statNameOf(route: Route): string {
  let base = route.name;
  try {
    base = new URL(route.from).host;
  } catch {
    // keep the name
  }
  return (
    base
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'route'
  );
}

function isUrl(value: string): boolean {
  try {
    return new URL(value).host !== '';
  } catch {
    return false;
  }
}

function positiveDuration(duration: { seconds: bigint; nanos: number } | undefined): boolean {
  return duration !== undefined && (duration.seconds > 0n || (duration.seconds === 0n && duration.nanos > 0));
}

/** The console's field checks of a route (the validate rules of the protos plus name/from). */
function validateRoute(route: Route, at: (field: string) => string): void {
  const invalid = (field: string, problem: string): never => {
    throw new ConnectError(`${at(field)}: ${problem}`, Code.InvalidArgument);
  };
  if (route.name.trim() === '') invalid('name', 'must not be empty');
  if (!isUrl(route.from)) invalid('from', 'must be an absolute URL');
  route.to.forEach((to, index) => {
    if (!isUrl(to)) invalid(`to[${index}]`, 'must be an absolute URL');
  });
  if (route.loadBalancingPolicy !== undefined && (route.loadBalancingPolicy < 1 || route.loadBalancingPolicy > 5)) {
    invalid('load_balancing_policy', 'must be a defined value');
  }
  if (route.redirect && (route.redirect.responseCode < 0 || route.redirect.responseCode > 4)) {
    invalid('redirect.response_code', 'must be a defined value');
  }
  route.healthChecks.forEach((check, index) => {
    const field = `health_checks[${index}]`;
    if (!positiveDuration(check.timeout)) invalid(`${field}.timeout`, 'must be greater than 0s');
    if (!positiveDuration(check.interval)) invalid(`${field}.interval`, 'must be greater than 0s');
    if (check.unhealthyThreshold < 1) invalid(`${field}.unhealthy_threshold`, 'must be at least 1');
    if (check.healthyThreshold < 1) invalid(`${field}.healthy_threshold`, 'must be at least 1');
    if (check.healthChecker.case === undefined)
      invalid(`${field}.health_checker`, 'one of http, tcp or grpc is required');
    if (check.healthChecker.case === 'httpHealthCheck' && check.healthChecker.value.path === '') {
      invalid(`${field}.http_health_check.path`, 'must not be empty');
    }
  });
}

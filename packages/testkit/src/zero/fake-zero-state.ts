import { IndexedMap } from '../shared/indexed-map.js';
import { type FakeZeroApiUser, FakeZeroApiUsers } from './fake-zero-api-users.js';
import { type FakeZeroFailure, FakeZeroFailures } from './fake-zero-failures.js';
import { FakeZeroResources } from './fake-zero-resources-state.js';
import { defaultFakeZeroSeed, type FakeZeroSeed } from './fake-zero-seed.js';
import { viewFakeZeroPolicy, viewFakeZeroRoute } from './fake-zero-views.js';
import { generateFakeZeroId, generateFakeZeroToken } from './generate-fake-zero-id.js';

/** A JSON object as the fake console stores it. */
export type FakeZeroJson = Record<string, unknown>;

/** One stored object of the fake console: the organization it belongs to and its whole JSON. */
export interface FakeZeroRecord {
  /** The organization that owns the object. */
  organizationId: string;
  /** The object exactly as stored (request keys plus `id`, `createdAt`, `updatedAt`); unknown keys are kept. */
  json: FakeZeroJson;
}

/** Options of {@link FakeZeroState}. */
export interface FakeZeroStateOptions {
  /** API users; one generated user when omitted. */
  apiUsers?: (string | FakeZeroApiUser)[];
  /** Lifetime of issued id tokens in seconds. Default 3600. */
  tokenTtlSeconds?: number;
  /** Initial content. Default {@link defaultFakeZeroSeed}. */
  seed?: FakeZeroSeed;
  /** Clock in milliseconds. Default `Date.now`. */
  now?: () => number;
}

/**
 * The data of a fake Zero console: organizations, namespaces, clusters,
 * policies, routes, API users and id tokens. Tests read and change it directly
 * (for example to add a key the client does not know, or to revoke a token).
 */
export class FakeZeroState {
  /** Organizations by id. */
  readonly organizations = new Map<string, FakeZeroJson>();
  /** Namespaces by id, indexed by parent. */
  readonly namespaces = new IndexedMap<FakeZeroRecord, 'parent'>({
    parent: (record) => stringKeys(record.json.parentId),
  });
  /** Clusters by id. */
  readonly clusters = new Map<string, FakeZeroRecord>();
  /** Policies by id, indexed by namespace and (for enforced policies) by the namespace they are enforced in. */
  readonly policies = new IndexedMap<FakeZeroRecord, 'namespace' | 'enforced'>({
    namespace: (record) => stringKeys(record.json.namespaceId),
    enforced: (record) => (record.json.enforced === true ? stringKeys(record.json.namespaceId) : []),
  });
  /** Routes by id, indexed by namespace and by assigned policy. */
  readonly routes = new IndexedMap<FakeZeroRecord, 'namespace' | 'policy'>({
    namespace: (record) => stringKeys(record.json.namespaceId),
    policy: (record) => (Array.isArray(record.json.policyIds) ? record.json.policyIds.filter(isString) : []),
  });
  /** Ids of deleted objects: reading them answers 403, as Zero does. */
  readonly deletedIds = new Set<string>();
  /** Key pairs, service accounts and settings. */
  readonly resources: FakeZeroResources = new FakeZeroResources(() => this.timestamp());
  /** API users and the id tokens issued for them. */
  readonly apiUsers: FakeZeroApiUsers;
  /** Injected failures. */
  readonly failures = new FakeZeroFailures();

  readonly #scopeCache = new Map<string, { version: number; records: readonly FakeZeroRecord[] }>();
  readonly #clock: () => number;
  #clockOffset = 0;

  constructor(options: FakeZeroStateOptions = {}) {
    this.#clock = options.now ?? Date.now;
    this.apiUsers = new FakeZeroApiUsers({ tokenTtlSeconds: options.tokenTtlSeconds ?? 3600, now: () => this.now() });
    for (const organization of (options.seed ?? defaultFakeZeroSeed).organizations) {
      const { id } = this.addOrganization({
        name: organization.name,
        ...(organization.id ? { id: organization.id } : {}),
      });
      for (const cluster of organization.clusters ?? []) this.addCluster({ organizationId: id, ...cluster });
    }
    const apiUsers = options.apiUsers ?? [generateFakeZeroToken('zero_api_')];
    for (const apiUser of apiUsers) {
      if (typeof apiUser === 'string') this.addApiUser({ token: apiUser });
      else this.addApiUser(apiUser);
    }
  }

  /** Lifetime of issued id tokens in seconds. */
  get tokenTtlSeconds(): number {
    return this.apiUsers.tokenTtlSeconds;
  }

  set tokenTtlSeconds(seconds: number) {
    this.apiUsers.tokenTtlSeconds = seconds;
  }

  /** Adds an API user and returns its token. */
  addApiUser(apiUser: FakeZeroApiUser): string {
    return this.apiUsers.add(apiUser);
  }

  /** The tokens of every API user that is not revoked. */
  apiUserTokens(): string[] {
    return this.apiUsers.tokens();
  }

  /** Revokes an API user token: later exchanges answer 401 and id tokens issued for it stop working. */
  revokeApiUser(token: string): void {
    this.apiUsers.revoke(token);
  }

  /** Invalidates every id token issued so far (the next API call with one answers 401). */
  expireIdTokens(): void {
    this.apiUsers.expireIdTokens();
  }

  /** Exchanges an API user token for an id token; undefined when the token is unknown or revoked. */
  exchangeToken(apiUserToken: string): { idToken: string; expiresInSeconds: number } | undefined {
    return this.apiUsers.exchange(apiUserToken);
  }

  /** The API user behind a valid id token, or undefined when the token is unknown or expired. */
  authenticate(idToken: string): { organizations: string[] | undefined } | undefined {
    return this.apiUsers.authenticate(idToken);
  }

  /** Makes the next matching requests fail with the given status and body. */
  injectFailure(failure: FakeZeroFailure): void {
    this.failures.inject(failure);
  }

  /** Takes the injected failure matching a request, if any. */
  takeFailure(method: string, route: string): FakeZeroFailure | undefined {
    return this.failures.take(method, route);
  }

  /** A route as the API returns it, with computed fields (a shallow copy: clone before changing nested values). */
  viewRoute(record: FakeZeroRecord): FakeZeroJson {
    return viewFakeZeroRoute(this, record);
  }

  /** A policy as the API returns it, with computed fields (a shallow copy: clone before changing nested values). */
  viewPolicy(record: FakeZeroRecord): FakeZeroJson {
    return viewFakeZeroPolicy(this, record);
  }

  /** The current time of the fake in milliseconds (its clock plus {@link advanceTime}). */
  now(): number {
    return this.#clock() + this.#clockOffset;
  }

  /** Moves the fake's clock forward, e.g. to make issued id tokens expire. */
  advanceTime(milliseconds: number): void {
    this.#clockOffset += milliseconds;
  }

  /** The current time as RFC 3339. */
  timestamp(): string {
    return new Date(this.now()).toISOString();
  }

  /** Adds an organization with its root namespace and returns the organization JSON. */
  addOrganization(input: { name: string; id?: string }): FakeZeroJson & { id: string } {
    const id = input.id ?? generateFakeZeroId();
    const timestamp = this.timestamp();
    const organization = {
      id,
      name: input.name,
      createdAt: timestamp,
      updatedAt: timestamp,
      joinedAt: timestamp,
      organizationType: 'professional',
      ownerUserId: generateFakeZeroId(),
      quotas: {
        administrators: 10,
        apiUsers: 10,
        certificates: 100,
        clusters: 10,
        customDomains: 10,
        hostedClusters: 10,
        policies: 1000,
        replicas: 10,
        routes: 1000,
        serviceAccounts: 100,
      },
      readOnly: false,
      role: 'owner',
    };
    this.organizations.set(id, organization);
    const namespaceId = generateFakeZeroId();
    this.namespaces.set(namespaceId, {
      organizationId: id,
      json: { id: namespaceId, name: input.name, type: 'root', createdAt: timestamp, updatedAt: timestamp },
    });
    return organization;
  }

  /** Adds a cluster and its namespace (under the root namespace) and returns the cluster JSON. */
  addCluster(input: { organizationId: string; name: string; domain: string; id?: string }): FakeZeroJson & {
    id: string;
    namespaceId: string;
  } {
    const root = this.rootNamespace(input.organizationId);
    if (!root) throw new Error(`Unknown organization ${input.organizationId}`);
    const timestamp = this.timestamp();
    const namespaceId = generateFakeZeroId();
    this.namespaces.set(namespaceId, {
      organizationId: input.organizationId,
      json: {
        id: namespaceId,
        name: input.name,
        type: 'cluster',
        parentId: root.json.id,
        createdAt: timestamp,
        updatedAt: timestamp,
      },
    });
    const id = input.id ?? generateFakeZeroId();
    const cluster = {
      id,
      name: input.name,
      namespaceId,
      domain: input.domain,
      fqdn: input.domain,
      hasFailingHealthChecks: false,
      componentVersions: {},
      createdAt: timestamp,
      updatedAt: timestamp,
      flavor: 'hosted',
    };
    this.clusters.set(id, { organizationId: input.organizationId, json: cluster });
    return cluster;
  }

  /** Adds a regular namespace below `parentId` (the API cannot create namespaces; the console UI can). */
  addNamespace(input: { parentId: string; name: string }): FakeZeroJson & { id: string } {
    const parent = this.namespaces.get(input.parentId);
    if (!parent) throw new Error(`Unknown namespace ${input.parentId}`);
    const timestamp = this.timestamp();
    const id = generateFakeZeroId();
    const json = {
      id,
      name: input.name,
      type: 'regular',
      parentId: input.parentId,
      createdAt: timestamp,
      updatedAt: timestamp,
    };
    this.namespaces.set(id, { organizationId: parent.organizationId, json });
    return json;
  }

  /** The root namespace of an organization. */
  rootNamespace(organizationId: string): FakeZeroRecord | undefined {
    for (const record of this.namespaces.values()) {
      if (record.organizationId === organizationId && record.json.type === 'root') return record;
    }
    return undefined;
  }

  /** Whether an API user (by its visible organizations) may use an organization. */
  canSee(organizations: string[] | undefined, organizationId: string): boolean {
    if (organizations === undefined) return true;
    const name = this.organizations.get(organizationId)?.name;
    return organizations.includes(organizationId) || (typeof name === 'string' && organizations.includes(name));
  }

  /** The namespace and every namespace below it. */
  namespaceAndDescendants(namespaceId: string): Set<string> {
    const result = new Set([namespaceId]);
    for (const id of result) {
      for (const child of this.namespaces.lookup('parent', id)) result.add(String(child.json.id));
    }
    return result;
  }

  /**
   * Reindexes objects changed in place (tests that edit `record.json` of a
   * route or policy directly, e.g. its `namespaceId`, `policyIds` or `enforced`).
   * Changes made through the API are indexed already.
   */
  reindex(): void {
    this.namespaces.reindexAll();
    this.policies.reindexAll();
    this.routes.reindexAll();
  }

  /**
   * The routes or policies of one organization in `scope`, in storage order,
   * without building views: an array cached until the collection changes.
   */
  recordsIn(
    collection: 'routes' | 'policies',
    organizationId: string,
    scope: ReadonlySet<string>,
  ): readonly FakeZeroRecord[] {
    const records = this[collection];
    const key = `${collection}\u0000${organizationId}\u0000${[...scope].join(',')}`;
    const cached = this.#scopeCache.get(key);
    if (cached && cached.version === records.version) return cached.records;
    let selected: readonly FakeZeroRecord[];
    if (scope.size === 1) {
      const [only] = scope as Set<string>;
      selected = records
        .snapshot('namespace', only as string)
        .filter((record) => record.organizationId === organizationId);
    } else {
      selected = records
        .valuesSnapshot()
        .filter((record) => record.organizationId === organizationId && scope.has(String(record.json.namespaceId)));
    }
    if (this.#scopeCache.size > 100) this.#scopeCache.clear();
    this.#scopeCache.set(key, { version: records.version, records: selected });
    return selected;
  }

  /** The namespace and its ancestors up to the root. */
  namespaceAndAncestors(namespaceId: string): Set<string> {
    const result = new Set<string>();
    let current: unknown = namespaceId;
    while (typeof current === 'string' && !result.has(current)) {
      result.add(current);
      current = this.namespaces.get(current)?.json.parentId;
    }
    return result;
  }
}

function stringKeys(value: unknown): string[] {
  return typeof value === 'string' ? [value] : [];
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

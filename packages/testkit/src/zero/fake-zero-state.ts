import { randomBytes } from 'node:crypto';
import { IndexedMap } from '../shared/indexed-map.js';
import { FakeZeroResources } from './fake-zero-resources-state.js';

/** A JSON object as the fake console stores it. */
export type FakeZeroJson = Record<string, unknown>;

/** One stored object of the fake console: the organization it belongs to and its whole JSON. */
export interface FakeZeroRecord {
  /** The organization that owns the object. */
  organizationId: string;
  /** The object exactly as stored (request keys plus `id`, `createdAt`, `updatedAt`); unknown keys are kept. */
  json: FakeZeroJson;
}

/** An API user of the fake console: its long-lived token and the organizations it can see. */
export interface FakeZeroApiUser {
  /** The API user token (the `refreshToken` of the token exchange). */
  token: string;
  /** Organization ids or names the user can see; every organization when omitted. */
  organizations?: string[];
}

/** A cluster to seed: its namespace is created under the organization's root namespace. */
export interface FakeZeroSeedCluster {
  /** Fixed id; random when omitted. */
  id?: string;
  /** Cluster name, e.g. `production`. */
  name: string;
  /** Cluster domain, e.g. `some-words-1234.pomerium.app`. */
  domain: string;
}

/** An organization to seed. */
export interface FakeZeroSeedOrganization {
  /** Fixed id; random when omitted. */
  id?: string;
  /** Organization name. */
  name: string;
  /** Its clusters. */
  clusters?: FakeZeroSeedCluster[];
}

/** The initial content of the fake console. */
export interface FakeZeroSeed {
  /** Organizations, each with a root namespace and one namespace per cluster. */
  organizations: FakeZeroSeedOrganization[];
}

/** The default seed: one organization with one hosted cluster named `production`. */
export const defaultFakeZeroSeed: FakeZeroSeed = {
  organizations: [
    { name: 'Example Organization', clusters: [{ name: 'production', domain: 'calm-river-4821.pomerium.app' }] },
  ],
};

/** An injected failure: the next matching requests get this status and body instead of being served. */
export interface FakeZeroFailure {
  /** HTTP status to answer. */
  status: number;
  /** JSON body; `{"error": "injected failure"}` when omitted. */
  body?: unknown;
  /** Only requests with this method. */
  method?: string;
  /** Only requests of this route key, e.g. `GET /organizations/:organizationId/routes`. */
  route?: string;
  /** How many requests fail; default 1. */
  times?: number;
}

const idAlphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A short random alphanumeric id, as the fake console assigns. */
export function generateFakeZeroId(length = 10): string {
  const bytes = randomBytes(length);
  let id = '';
  for (const byte of bytes) id += idAlphabet[byte % idAlphabet.length];
  return id;
}

function generateSecret(prefix: string): string {
  return `${prefix}${randomBytes(24).toString('base64url')}`;
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

interface IdTokenRecord {
  apiUserToken: string;
  expiresAt: number;
}

interface ApiUserRecord {
  organizations: string[] | undefined;
  revoked: boolean;
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
  /** Lifetime of issued id tokens in seconds. */
  tokenTtlSeconds: number;

  readonly #apiUsers = new Map<string, ApiUserRecord>();
  readonly #idTokens = new Map<string, IdTokenRecord>();
  readonly #failures: FakeZeroFailure[] = [];
  readonly #scopeCache = new Map<string, { version: number; records: readonly FakeZeroRecord[] }>();
  readonly #clock: () => number;
  #clockOffset = 0;

  constructor(options: FakeZeroStateOptions = {}) {
    this.tokenTtlSeconds = options.tokenTtlSeconds ?? 3600;
    this.#clock = options.now ?? Date.now;
    for (const organization of (options.seed ?? defaultFakeZeroSeed).organizations) {
      const { id } = this.addOrganization({
        name: organization.name,
        ...(organization.id ? { id: organization.id } : {}),
      });
      for (const cluster of organization.clusters ?? []) this.addCluster({ organizationId: id, ...cluster });
    }
    const apiUsers = options.apiUsers ?? [generateSecret('zero_api_')];
    for (const apiUser of apiUsers) {
      if (typeof apiUser === 'string') this.addApiUser({ token: apiUser });
      else this.addApiUser(apiUser);
    }
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

  /** Adds an API user and returns its token. */
  addApiUser(apiUser: FakeZeroApiUser): string {
    this.#apiUsers.set(apiUser.token, { organizations: apiUser.organizations, revoked: false });
    return apiUser.token;
  }

  /** The tokens of every API user that is not revoked. */
  apiUserTokens(): string[] {
    return [...this.#apiUsers].filter(([, record]) => !record.revoked).map(([token]) => token);
  }

  /** Revokes an API user token: later exchanges answer 401 and id tokens issued for it stop working. */
  revokeApiUser(token: string): void {
    const record = this.#apiUsers.get(token);
    if (record) record.revoked = true;
    for (const [idToken, issued] of this.#idTokens) {
      if (issued.apiUserToken === token) this.#idTokens.delete(idToken);
    }
  }

  /** Invalidates every id token issued so far (the next API call with one answers 401). */
  expireIdTokens(): void {
    this.#idTokens.clear();
  }

  /** Exchanges an API user token for an id token; undefined when the token is unknown or revoked. */
  exchangeToken(apiUserToken: string): { idToken: string; expiresInSeconds: number } | undefined {
    const user = this.#apiUsers.get(apiUserToken);
    if (!user || user.revoked) return undefined;
    const idToken = generateSecret('zero_id_');
    this.#idTokens.set(idToken, { apiUserToken, expiresAt: this.now() + this.tokenTtlSeconds * 1000 });
    return { idToken, expiresInSeconds: this.tokenTtlSeconds };
  }

  /** The API user behind a valid id token, or undefined when the token is unknown or expired. */
  authenticate(idToken: string): { organizations: string[] | undefined } | undefined {
    const issued = this.#idTokens.get(idToken);
    if (!issued) return undefined;
    if (issued.expiresAt <= this.now()) {
      this.#idTokens.delete(idToken);
      return undefined;
    }
    const user = this.#apiUsers.get(issued.apiUserToken);
    if (!user || user.revoked) return undefined;
    return { organizations: user.organizations };
  }

  /** Whether an API user (by its visible organizations) may use an organization. */
  canSee(organizations: string[] | undefined, organizationId: string): boolean {
    if (organizations === undefined) return true;
    const name = this.organizations.get(organizationId)?.name;
    return organizations.includes(organizationId) || (typeof name === 'string' && organizations.includes(name));
  }

  /** Makes the next matching requests fail with the given status and body. */
  injectFailure(failure: FakeZeroFailure): void {
    this.#failures.push({ ...failure, times: failure.times ?? 1 });
  }

  /** Takes the injected failure matching a request, if any. */
  takeFailure(method: string, route: string): FakeZeroFailure | undefined {
    const index = this.#failures.findIndex(
      (failure) =>
        (failure.method === undefined || failure.method === method) &&
        (failure.route === undefined || failure.route === route),
    );
    if (index < 0) return undefined;
    const failure = this.#failures[index] as FakeZeroFailure;
    failure.times = (failure.times ?? 1) - 1;
    if (failure.times <= 0) this.#failures.splice(index, 1);
    return failure;
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

  /**
   * A route as the API returns it, with the computed response-only fields (from the indexes, no scan).
   * A shallow copy: it shares nested values with the stored record, so clone it before changing them.
   */
  viewRoute(record: FakeZeroRecord): FakeZeroJson {
    const json = record.json;
    const policyIds = Array.isArray(json.policyIds) ? (json.policyIds as string[]) : [];
    const assigned = policyIds.flatMap((id) => {
      const policy = this.policies.get(id);
      return policy ? [entityInfo(policy.json)] : [];
    });
    const enforced: FakeZeroRecord[] = [];
    for (const namespaceId of this.namespaceAndAncestors(String(json.namespaceId))) {
      for (const policy of this.policies.lookup('enforced', namespaceId)) {
        if (policy.organizationId === record.organizationId) enforced.push(policy);
      }
    }
    return {
      ...json,
      policies: assigned,
      enforcedPolicies: enforced.map((policy) => entityInfo(policy.json)),
      enforcedPolicyIds: enforced.map((policy) => policy.json.id),
    };
  }

  /**
   * A policy as the API returns it, with the computed response-only fields (from the indexes, no scan).
   * A shallow copy: it shares nested values with the stored record, so clone it before changing them.
   */
  viewPolicy(record: FakeZeroRecord): FakeZeroJson {
    const json = record.json;
    const sameOrganization = (route: FakeZeroRecord) => route.organizationId === record.organizationId;
    const assigned = [...this.routes.lookup('policy', String(json.id))].filter(sameOrganization);
    const enforcedRoutes: FakeZeroRecord[] = [];
    if (json.enforced === true) {
      for (const namespaceId of this.namespaceAndDescendants(String(json.namespaceId))) {
        for (const route of this.routes.lookup('namespace', namespaceId)) {
          if (sameOrganization(route)) enforcedRoutes.push(route);
        }
      }
    }
    return {
      ...json,
      routes: assigned.map((route) => entityInfo(route.json)),
      enforcedRoutes: enforcedRoutes.map((route) => entityInfo(route.json)),
    };
  }
}

function stringKeys(value: unknown): string[] {
  return typeof value === 'string' ? [value] : [];
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function entityInfo(json: FakeZeroJson): { id: unknown; name: unknown; updatedAt: unknown } {
  return { id: json.id, name: json.name, updatedAt: json.updatedAt };
}

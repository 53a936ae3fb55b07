import type {
  BackendRoute,
  CallOptions,
  ListPage,
  Policy,
  PomeriumBackend,
  PomeriumError,
  ResourceListFilter,
} from '@pomerium-unified/core';
import { PomeriumError as PomeriumErrorClass } from '@pomerium-unified/core';
import {
  type JsonPatchOperation,
  policyPatchNeedsRead,
  policyPatchToJsonPatch,
  routePatchNeedsRead,
  routePatchToJsonPatch,
} from './convert-json-patch.js';
import { toZeroIdLookupSearchParams, toZeroListSearchParams, type ZeroCollection } from './convert-list-request.js';
import { zeroNamespaceToNamespace } from './convert-namespace.js';
import { policyToZeroPolicyProperties, zeroPolicyToPolicy } from './convert-policy.js';
import { assertZeroHealthChecks, routeToZeroRouteProperties, zeroRouteToRoute } from './convert-route.js';
import { deletedObjectError, toPomeriumError, zeroAdapterError, zeroError } from './errors.js';
import { createZeroClusters } from './zero-clusters.js';
import { waitWithSignal, type ZeroCallContext, ZeroHttpClient, type ZeroRequest } from './zero-http-client.js';
import { createZeroKeyPairs } from './zero-key-pairs.js';
import { resolveZeroBackendOptions, type ZeroBackendOptions } from './zero-options.js';
import { createZeroClusterResolver, type ZeroResourceRuntime } from './zero-resource-runtime.js';
import { createZeroServiceAccounts } from './zero-service-accounts.js';
import { createZeroSettings } from './zero-settings.js';
import { zeroSyncRules } from './zero-sync-rules.js';
import {
  parseZeroClusters,
  parseZeroNamespaces,
  parseZeroOrganizations,
  parseZeroPolicies,
  parseZeroPolicy,
  parseZeroRoute,
  parseZeroRoutes,
} from './zero-wire-schemas.js';
import type { ZeroCluster, ZeroNamespace, ZeroPolicy, ZeroRoute } from './zero-wire-types.js';

/** The organization a Zero backend works in, resolved on first use. */
interface ZeroScope {
  organizationId: string;
  /** `organizations/<organizationId>/`, encoded. */
  organizationPath: string;
  rootNamespaceId: string;
  /** Namespace listed (with descendants) when a list call gives no namespaceId. */
  defaultNamespaceId: string;
}

type Collection = ZeroCollection;

function describeNames(items: readonly { name: string }[]): string {
  return items.length === 0 ? 'none' : items.map((item) => JSON.stringify(item.name)).join(', ');
}

/**
 * One id as a path segment: percent-encoded, and never `.` or `..` (which a
 * URL resolves, leaving the resource path). The core validates ids too.
 */
function idSegment(id: string, operation: string): string {
  if (typeof id !== 'string' || id === '' || id === '.' || id === '..' || id.length > 512) {
    throw zeroAdapterError(
      'invalid_argument',
      `Invalid id for ${operation}: it must be a non-empty string of at most 512 characters other than "." and ".."`,
      'id',
      operation,
    );
  }
  return encodeURIComponent(id);
}

function context(operation: string, options: CallOptions): ZeroCallContext {
  return { operation, signal: options.signal, attempt: options.attempt, onWireEvent: options.onWireEvent };
}

/**
 * Creates the Pomerium Zero backend: the Zero console REST API (`/api/v0`)
 * behind the backend-neutral contract, with token exchange and id token
 * renewal, bounded connections, per-attempt timeouts, validated answers and
 * field-level updates (JSON Patch). Options are validated at once; the
 * organization is resolved on the first call.
 *
 * @example
 * const client = createPomeriumClient({
 *   backend: createZeroBackend({ apiUserToken: process.env.POMERIUM_ZERO_API_TOKEN! }),
 * });
 */
export function createZeroBackend(options: ZeroBackendOptions): PomeriumBackend {
  const resolved = resolveZeroBackendOptions(options);
  const http = new ZeroHttpClient(resolved);
  let scopeValue: ZeroScope | undefined;
  let scopePromise: Promise<ZeroScope> | undefined;

  /** Checks an answer with `parse`; a wrong shape is `internal` naming the operation. */
  const validated = <T>(value: unknown, parse: (value: unknown) => T, operation: string, write: boolean): T => {
    try {
      return parse(value);
    } catch (error) {
      throw toPomeriumError(error, { operation, write, secrets: http.secrets });
    }
  };

  /** Sends a request and validates its answer. */
  const call = async <T>(request: ZeroRequest, parse: (value: unknown) => T): Promise<T> =>
    validated(await http.request(request), parse, request.operation, request.method !== 'GET');

  const listOrganizations = (ctx: ZeroCallContext) =>
    call({ ...ctx, method: 'GET', path: 'organizations' }, parseZeroOrganizations);
  const listZeroNamespaces = (organizationPath: string, ctx: ZeroCallContext): Promise<ZeroNamespace[]> =>
    call({ ...ctx, method: 'GET', path: `${organizationPath}namespaces` }, parseZeroNamespaces);
  const listZeroClusters = (organizationPath: string, ctx: ZeroCallContext): Promise<ZeroCluster[]> =>
    call({ ...ctx, method: 'GET', path: `${organizationPath}clusters` }, parseZeroClusters);

  const resolveOrganizationId = async (ctx: ZeroCallContext): Promise<string> => {
    if (resolved.organizationId !== undefined) return resolved.organizationId;
    const organizations = await listOrganizations(ctx);
    if (resolved.organizationName !== undefined) {
      const matches = organizations.filter((organization) => organization.name === resolved.organizationName);
      if (matches.length === 1 && matches[0]) return matches[0].id;
      if (matches.length > 1) {
        throw zeroAdapterError(
          'failed_precondition',
          `Several Zero organizations are named ${JSON.stringify(resolved.organizationName)}; set organizationId instead (ids: ${matches.map((match) => match.id).join(', ')})`,
          'organizationName',
        );
      }
      throw zeroAdapterError(
        'invalid_argument',
        `No Zero organization named ${JSON.stringify(resolved.organizationName)}; the API user token sees: ${describeNames(organizations)}`,
        'organizationName',
      );
    }
    if (organizations.length === 1 && organizations[0]) return organizations[0].id;
    throw zeroAdapterError(
      'failed_precondition',
      organizations.length === 0
        ? 'The Zero API user token sees no organization'
        : `The Zero API user token sees ${organizations.length} organizations (${describeNames(organizations)}); set organizationId or organizationName`,
      'organizationId',
    );
  };

  const resolveScope = async (ctx: ZeroCallContext): Promise<ZeroScope> => {
    const organizationId = await resolveOrganizationId(ctx);
    const organizationPath = `organizations/${idSegment(organizationId, 'organization lookup')}/`;
    const namespaces = await listZeroNamespaces(organizationPath, ctx);
    const root = namespaces.find((namespace) => namespace.type === 'root') ?? namespaces.find((ns) => !ns.parentId);
    if (!root) {
      throw zeroAdapterError('failed_precondition', `Zero organization ${organizationId} has no root namespace`);
    }
    let defaultNamespaceId = root.id;
    if (resolved.cluster !== undefined) {
      const clusters = await listZeroClusters(organizationPath, ctx);
      const cluster =
        clusters.find((candidate) => candidate.id === resolved.cluster) ??
        clusters.find((candidate) => candidate.name === resolved.cluster);
      if (!cluster) {
        throw zeroAdapterError(
          'invalid_argument',
          `No Zero cluster with name or id ${JSON.stringify(resolved.cluster)}; the organization has: ${describeNames(clusters)}`,
          'cluster',
        );
      }
      defaultNamespaceId = cluster.namespaceId;
    }
    return { organizationId, organizationPath, rootNamespaceId: root.id, defaultNamespaceId };
  };

  /**
   * The organization scope. The lookup is shared by concurrent callers, so it
   * follows no caller's signal (each request of it is bounded by timeoutMs);
   * each caller waits for it under its own signal.
   */
  const scope = (ctx: ZeroCallContext): Promise<ZeroScope> | ZeroScope => {
    if (scopeValue) return scopeValue;
    if (ctx.signal?.aborted) {
      return Promise.reject(toPomeriumError(new Error('aborted'), { operation: ctx.operation, signal: ctx.signal }));
    }
    if (!scopePromise) {
      scopePromise = resolveScope({ ...ctx, signal: undefined }).then(
        (value) => {
          scopeValue = value;
          return value;
        },
        (error: unknown) => {
          scopePromise = undefined;
          throw error;
        },
      );
      // Callers may all have stopped waiting; the failure is theirs to see, not an unhandled rejection.
      scopePromise.catch(() => undefined);
    }
    return waitWithSignal(scopePromise, ctx.signal, () =>
      toPomeriumError(new Error('aborted'), { operation: ctx.operation, signal: ctx.signal }),
    );
  };

  const listAllNamespaces = async (ctx: ZeroCallContext) => {
    const { organizationPath } = await scope(ctx);
    const [namespaces, clusters] = await Promise.all([
      listZeroNamespaces(organizationPath, ctx),
      listZeroClusters(organizationPath, ctx),
    ]);
    return namespaces.map((namespace) =>
      zeroNamespaceToNamespace(
        namespace,
        clusters.find((cluster) => cluster.namespaceId === namespace.id),
      ),
    );
  };

  const listPage = async <Wire>(
    collection: Collection,
    request: ResourceListFilter & { offset: number; limit: number } & CallOptions,
    parse: (value: unknown) => Wire[],
  ): Promise<Wire[]> => {
    const ctx = context(`${collection}.list`, request);
    const { organizationPath, defaultNamespaceId } = scopeValue ?? (await scope(ctx));
    const search = toZeroListSearchParams(collection, request, defaultNamespaceId).toString();
    return call({ ...ctx, method: 'GET', path: `${organizationPath}${collection}`, search }, parse);
  };

  /**
   * Zero answers 403 ("viewer user required") for objects that were deleted.
   * On a 403 for a single object, look the id up across the organization: when
   * it is not there the object is gone (not_found); otherwise the 403 stands.
   */
  const confirmDeleted = async (
    collection: Collection,
    id: string,
    forbidden: PomeriumError,
    ctx: ZeroCallContext,
  ): Promise<PomeriumError> => {
    try {
      const { organizationPath, rootNamespaceId } = await scope(ctx);
      const search = toZeroIdLookupSearchParams(id, rootNamespaceId).toString();
      const found = await call({ ...ctx, method: 'GET', path: `${organizationPath}${collection}`, search }, (value) =>
        Array.isArray(value) ? (value as { id?: unknown }[]) : [],
      );
      if (found.some((item) => item?.id === id)) return forbidden;
      return deletedObjectError(collection === 'routes' ? 'Route' : 'Policy', id, forbidden);
    } catch (lookupError) {
      // A look-up that failed transiently proves nothing either way: report it, so the
      // client's retry asks again instead of surfacing a 403 for an object that may be gone.
      return PomeriumErrorClass.isInstance(lookupError) && lookupError.retryable ? lookupError : forbidden;
    }
  };

  /** Turns a 403 for one object into not_found when the object is gone (see {@link confirmDeleted}). */
  const whenForbidden = async (collection: Collection, id: string, error: unknown, ctx: ZeroCallContext) =>
    PomeriumErrorClass.hasCode(error, 'permission_denied') ? confirmDeleted(collection, id, error, ctx) : error;

  const single = async <T>(collection: Collection, id: string, ctx: ZeroCallContext, run: () => Promise<T>) => {
    try {
      return await run();
    } catch (error) {
      throw await whenForbidden(collection, id, error, ctx);
    }
  };

  /** The path of one object; synchronous once the scope is known (the hot path). */
  const objectPath = (scope: ZeroScope, collection: Collection, segment: string) =>
    `${scope.organizationPath}${collection}/${segment}`;

  /** A get on the hot path: one await for the scope (only when cold), one for the request. */
  const getOne = async <Wire>(
    collection: Collection,
    request: { id: string } & CallOptions,
    operation: string,
    parse: (value: unknown) => Wire,
  ): Promise<Wire> => {
    const ctx = context(operation, request);
    const segment = idSegment(request.id, operation);
    const current = scopeValue ?? (await scope(ctx));
    try {
      const value = await http.request({
        operation,
        signal: ctx.signal,
        attempt: ctx.attempt,
        onWireEvent: ctx.onWireEvent,
        method: 'GET',
        path: objectPath(current, collection, segment),
      });
      return validated(value, parse, operation, false);
    } catch (error) {
      throw await whenForbidden(collection, request.id, error, ctx);
    }
  };

  const getWire = async <Wire>(
    collection: Collection,
    id: string,
    ctx: ZeroCallContext,
    parse: (value: unknown) => Wire,
  ): Promise<Wire> => {
    const segment = idSegment(id, ctx.operation);
    const current = scopeValue ?? (await scope(ctx));
    return call({ ...ctx, method: 'GET', path: objectPath(current, collection, segment) }, parse);
  };

  const postWire = async <Wire>(
    collection: Collection,
    body: unknown,
    ctx: ZeroCallContext,
    parse: (value: unknown) => Wire,
  ): Promise<Wire> => {
    const { organizationPath } = scopeValue ?? (await scope(ctx));
    return call({ ...ctx, method: 'POST', path: `${organizationPath}${collection}`, body }, parse);
  };

  const deleteWire = async (collection: Collection, id: string, ctx: ZeroCallContext): Promise<void> => {
    const segment = idSegment(id, ctx.operation);
    const current = scopeValue ?? (await scope(ctx));
    await http.request({ ...ctx, method: 'DELETE', path: objectPath(current, collection, segment) });
  };

  /**
   * A field-level update: reads first only when needed (a `remove` or unknown
   * keys, or `expectedUpdatedAt`), compares `updatedAt` right before the write
   * (`aborted` when it differs), then sends the JSON Patch (with `test`
   * operations guarding the fields as read when `expectedUpdatedAt` is set).
   */
  const patchWire = async <Wire extends Record<string, unknown>, Patch>(
    collection: Collection,
    request: { id: string; patch: Patch; expectedUpdatedAt?: string | undefined } & CallOptions,
    needsRead: (patch: Patch) => boolean,
    toJsonPatch: (patch: Patch, previous: Wire | undefined, options: { guard: boolean }) => JsonPatchOperation[],
    parse: (value: unknown) => Wire,
  ): Promise<Wire> => {
    const ctx = context(`${collection}.update`, request);
    const expected = request.expectedUpdatedAt;
    const guard = expected !== undefined;
    let previous: Wire | undefined;
    if (guard || needsRead(request.patch)) {
      previous = await getWire(collection, request.id, ctx, parse);
      if (guard && !sameInstant(previous.updatedAt, expected)) {
        throw zeroError(
          `${collection === 'routes' ? 'Route' : 'Policy'} ${request.id} changed since it was read (updatedAt is ${String(previous.updatedAt)}, expected ${expected}); read it again and retry`,
          { code: 'aborted', operation: ctx.operation },
        );
      }
    }
    const operations = toJsonPatch(request.patch, previous, { guard });
    if (operations.length === 0) return previous ?? getWire(collection, request.id, ctx, parse);
    const segment = idSegment(request.id, ctx.operation);
    const current = scopeValue ?? (await scope(ctx));
    return call(
      { ...ctx, method: 'PATCH', path: objectPath(current, collection, segment), body: operations, guarded: guard },
      parse,
    );
  };

  const runtime: ZeroResourceRuntime = { call, scope, idSegment, cluster: resolved.cluster };
  const clusterOf = createZeroClusterResolver(runtime);

  const namespacesUnsupported = (operation: string) =>
    zeroAdapterError(
      'unimplemented',
      `Pomerium Zero does not let the API ${operation} namespaces: they are managed through clusters in the Zero console (capabilities.writeNamespaces is false)`,
    );

  return {
    specificationVersion: 'v1',
    name: 'zero',
    syncRules: zeroSyncRules,
    capabilities: {
      writeNamespaces: false,
      listTotalCount: false,
      multipleHealthChecks: false,
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
        const all = (await listAllNamespaces(context('namespaces.list', request))).filter(
          (namespace) => request.parentId === undefined || namespace.parentId === request.parentId,
        );
        return { items: all.slice(request.offset, request.offset + request.limit) };
      },
      async get(request) {
        const namespace = (await listAllNamespaces(context('namespaces.get', request))).find(
          (candidate) => candidate.id === request.id,
        );
        if (!namespace) throw zeroAdapterError('not_found', `Namespace ${request.id} not found`);
        return namespace;
      },
      async create() {
        throw namespacesUnsupported('create');
      },
      async update() {
        throw namespacesUnsupported('update');
      },
      async delete() {
        throw namespacesUnsupported('delete');
      },
    },

    policies: {
      async list(request): Promise<ListPage<Policy>> {
        const items = await listPage('policies', request, parseZeroPolicies);
        return { items: items.map(zeroPolicyToPolicy) };
      },
      async get(request) {
        return zeroPolicyToPolicy(await getOne('policies', request, 'policies.get', parseZeroPolicy));
      },
      async create(request) {
        const body = policyToZeroPolicyProperties(request.input);
        return zeroPolicyToPolicy(
          await postWire('policies', body, context('policies.create', request), parseZeroPolicy),
        );
      },
      async update(request) {
        const ctx = context('policies.update', request);
        return single('policies', request.id, ctx, async () =>
          zeroPolicyToPolicy(
            await patchWire<ZeroPolicy, typeof request.patch>(
              'policies',
              request,
              policyPatchNeedsRead,
              policyPatchToJsonPatch,
              parseZeroPolicy,
            ),
          ),
        );
      },
      async delete(request) {
        const ctx = context('policies.delete', request);
        await single('policies', request.id, ctx, () => deleteWire('policies', request.id, ctx));
      },
    },

    routes: {
      async list(request): Promise<ListPage<BackendRoute>> {
        const items = await listPage('routes', request, parseZeroRoutes);
        return { items: items.map(zeroRouteToRoute) };
      },
      async get(request) {
        return zeroRouteToRoute(await getOne('routes', request, 'routes.get', parseZeroRoute));
      },
      async create(request) {
        // The input is the client's parsed copy, owned by this call; the body is only serialised.
        const body = routeToZeroRouteProperties(request.input, undefined, { copy: false });
        return zeroRouteToRoute(await postWire('routes', body, context('routes.create', request), parseZeroRoute));
      },
      async update(request) {
        assertZeroHealthChecks(request.patch.healthChecks);
        const ctx = context('routes.update', request);
        return single('routes', request.id, ctx, async () =>
          zeroRouteToRoute(
            await patchWire<ZeroRoute, typeof request.patch>(
              'routes',
              request,
              routePatchNeedsRead,
              routePatchToJsonPatch,
              parseZeroRoute,
            ),
          ),
        );
      },
      async delete(request) {
        const ctx = context('routes.delete', request);
        await single('routes', request.id, ctx, () => deleteWire('routes', request.id, ctx));
      },
    },

    keyPairs: createZeroKeyPairs(runtime),
    serviceAccounts: createZeroServiceAccounts(runtime, clusterOf),
    settings: createZeroSettings(runtime, clusterOf),
    clusters: createZeroClusters(runtime),

    async close() {
      await http.close();
    },
  };
}

/** True when two RFC 3339 timestamps name the same instant (or are the same string). */
function sameInstant(actual: unknown, expected: string): boolean {
  if (actual === expected) return true;
  if (typeof actual !== 'string') return false;
  const left = Date.parse(actual);
  return !Number.isNaN(left) && left === Date.parse(expected);
}

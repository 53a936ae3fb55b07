import {
  applyPolicyPatch,
  applyRoutePatch,
  type CallOptions,
  type ListPage,
  type Policy,
  type PomeriumBackend,
  PomeriumError,
  type ResourceListFilter,
} from '@pomerium-unified/core';
import { toZeroIdLookupSearchParams, toZeroListSearchParams, type ZeroCollection } from './convert-list-request.js';
import { zeroNamespaceToNamespace } from './convert-namespace.js';
import { policyToZeroPolicyProperties, zeroPolicyToPolicy } from './convert-policy.js';
import { assertZeroHealthChecks, routeToZeroRouteProperties, zeroRouteToRoute } from './convert-route.js';
import { deletedObjectError, zeroAdapterError } from './errors.js';
import { ZeroHttpClient } from './zero-http-client.js';
import { resolveZeroBackendOptions, type ZeroBackendOptions } from './zero-options.js';
import type { ZeroCluster, ZeroNamespace, ZeroOrganization, ZeroPolicy, ZeroRoute } from './zero-wire-types.js';

/** The organization a Zero backend works in, resolved on first use. */
interface ZeroScope {
  organizationId: string;
  rootNamespaceId: string;
  /** Namespace listed (with descendants) when a list call gives no namespaceId. */
  defaultNamespaceId: string;
}

type Collection = ZeroCollection;

function describeNames(items: readonly { name: string }[]): string {
  return items.length === 0 ? 'none' : items.map((item) => JSON.stringify(item.name)).join(', ');
}

/**
 * Creates the Pomerium Zero backend: the Zero console REST API (`/api/v0`)
 * behind the backend-neutral contract, with token exchange and id token
 * renewal. Options are validated at once; the organization is resolved on
 * the first call.
 *
 * @example
 * const client = createPomeriumClient({
 *   backend: createZeroBackend({ apiUserToken: process.env.POMERIUM_ZERO_API_TOKEN! }),
 * });
 */
export function createZeroBackend(options: ZeroBackendOptions): PomeriumBackend {
  const resolved = resolveZeroBackendOptions(options);
  const http = new ZeroHttpClient(resolved);
  let scopePromise: Promise<ZeroScope> | undefined;

  const resolveOrganizationId = async (signal?: AbortSignal): Promise<string> => {
    if (resolved.organizationId !== undefined) return resolved.organizationId;
    const organizations = (await http.request<ZeroOrganization[]>('GET', 'organizations', { signal })) ?? [];
    if (resolved.organizationName !== undefined) {
      const matches = organizations.filter((organization) => organization.name === resolved.organizationName);
      if (matches.length === 1) return (matches[0] as ZeroOrganization).id;
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
    if (organizations.length === 1) return (organizations[0] as ZeroOrganization).id;
    throw zeroAdapterError(
      'failed_precondition',
      organizations.length === 0
        ? 'The Zero API user token sees no organization'
        : `The Zero API user token sees ${organizations.length} organizations (${describeNames(organizations)}); set organizationId or organizationName`,
      'organizationId',
    );
  };

  const resolveScope = async (): Promise<ZeroScope> => {
    const organizationId = await resolveOrganizationId();
    const namespaces = await listZeroNamespaces(organizationId);
    const root = namespaces.find((namespace) => namespace.type === 'root') ?? namespaces.find((ns) => !ns.parentId);
    if (!root) {
      throw zeroAdapterError('failed_precondition', `Zero organization ${organizationId} has no root namespace`);
    }
    let defaultNamespaceId = root.id;
    if (resolved.cluster !== undefined) {
      const clusters = await listZeroClusters(organizationId);
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
    return { organizationId, rootNamespaceId: root.id, defaultNamespaceId };
  };

  // Shared by concurrent callers, so it does not follow any one caller's signal.
  const scope = (): Promise<ZeroScope> => {
    scopePromise ??= resolveScope().catch((error: unknown) => {
      scopePromise = undefined;
      throw error;
    });
    return scopePromise;
  };

  const organizationPath = (organizationId: string, ...segments: string[]) =>
    ['organizations', organizationId, ...segments].map(encodeURIComponent).join('/');

  async function listZeroNamespaces(organizationId: string, signal?: AbortSignal): Promise<ZeroNamespace[]> {
    return (
      (await http.request<ZeroNamespace[]>('GET', organizationPath(organizationId, 'namespaces'), { signal })) ?? []
    );
  }

  async function listZeroClusters(organizationId: string, signal?: AbortSignal): Promise<ZeroCluster[]> {
    return (await http.request<ZeroCluster[]>('GET', organizationPath(organizationId, 'clusters'), { signal })) ?? [];
  }

  const listAllNamespaces = async (signal?: AbortSignal) => {
    const { organizationId } = await scope();
    const [namespaces, clusters] = await Promise.all([
      listZeroNamespaces(organizationId, signal),
      listZeroClusters(organizationId, signal),
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
  ): Promise<Wire[]> => {
    const { organizationId, defaultNamespaceId } = await scope();
    const searchParams = toZeroListSearchParams(collection, request, defaultNamespaceId);
    return (
      (await http.request<Wire[]>('GET', organizationPath(organizationId, collection), {
        searchParams,
        signal: request.signal,
      })) ?? []
    );
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
    signal?: AbortSignal,
  ): Promise<PomeriumError> => {
    try {
      const { organizationId, rootNamespaceId } = await scope();
      const searchParams = toZeroIdLookupSearchParams(id, rootNamespaceId);
      const found = await http.request<{ id?: unknown }[]>('GET', organizationPath(organizationId, collection), {
        searchParams,
        signal,
      });
      if (Array.isArray(found) && found.some((item) => item?.id === id)) return forbidden;
      return deletedObjectError(collection === 'routes' ? 'Route' : 'Policy', id, forbidden);
    } catch {
      return forbidden;
    }
  };

  const single = async <T>(
    collection: Collection,
    id: string,
    signal: AbortSignal | undefined,
    call: () => Promise<T>,
  ) => {
    try {
      return await call();
    } catch (error) {
      if (PomeriumError.hasCode(error, 'permission_denied')) throw await confirmDeleted(collection, id, error, signal);
      throw error;
    }
  };

  const getWire = async <Wire>(collection: Collection, id: string, signal?: AbortSignal): Promise<Wire> => {
    const { organizationId } = await scope();
    return http.request<Wire>('GET', organizationPath(organizationId, collection, id), { signal });
  };

  const putWire = async <Wire>(collection: Collection, id: string, body: unknown, signal?: AbortSignal) => {
    const { organizationId } = await scope();
    return http.request<Wire>('PUT', organizationPath(organizationId, collection, id), { json: body, signal });
  };

  const postWire = async <Wire>(collection: Collection, body: unknown, signal?: AbortSignal) => {
    const { organizationId } = await scope();
    return http.request<Wire>('POST', organizationPath(organizationId, collection), { json: body, signal });
  };

  const deleteWire = async (collection: Collection, id: string, signal?: AbortSignal) => {
    const { organizationId } = await scope();
    await http.request<void>('DELETE', organizationPath(organizationId, collection, id), { signal });
  };

  const namespacesUnsupported = (operation: string) =>
    zeroAdapterError(
      'unimplemented',
      `Pomerium Zero does not let the API ${operation} namespaces: they are managed through clusters in the Zero console (capabilities.writeNamespaces is false)`,
    );

  return {
    specificationVersion: 'v1',
    name: 'zero',
    capabilities: { writeNamespaces: false, listTotalCount: false, multipleHealthChecks: false },

    namespaces: {
      async list(request) {
        const all = (await listAllNamespaces(request.signal)).filter(
          (namespace) => request.parentId === undefined || namespace.parentId === request.parentId,
        );
        return { items: all.slice(request.offset, request.offset + request.limit) };
      },
      async get(request) {
        const namespace = (await listAllNamespaces(request.signal)).find((candidate) => candidate.id === request.id);
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
        const items = await listPage<ZeroPolicy>('policies', request);
        return { items: items.map(zeroPolicyToPolicy) };
      },
      async get(request) {
        return single('policies', request.id, request.signal, async () =>
          zeroPolicyToPolicy(await getWire<ZeroPolicy>('policies', request.id, request.signal)),
        );
      },
      async create(request) {
        const body = policyToZeroPolicyProperties(request.input);
        return zeroPolicyToPolicy(await postWire<ZeroPolicy>('policies', body, request.signal));
      },
      async update(request) {
        const { patch } = request;
        return single('policies', request.id, request.signal, async () => {
          const previous = await getWire<ZeroPolicy>('policies', request.id, request.signal);
          const next = applyPolicyPatch(zeroPolicyToPolicy(previous), patch);
          const body = policyToZeroPolicyProperties(next, previous);
          return zeroPolicyToPolicy(await putWire<ZeroPolicy>('policies', request.id, body, request.signal));
        });
      },
      async delete(request) {
        await single('policies', request.id, request.signal, () => deleteWire('policies', request.id, request.signal));
      },
    },

    routes: {
      async list(request) {
        const items = await listPage<ZeroRoute>('routes', request);
        return { items: items.map(zeroRouteToRoute) };
      },
      async get(request) {
        return single('routes', request.id, request.signal, async () =>
          zeroRouteToRoute(await getWire<ZeroRoute>('routes', request.id, request.signal)),
        );
      },
      async create(request) {
        const body = routeToZeroRouteProperties(request.input);
        return zeroRouteToRoute(await postWire<ZeroRoute>('routes', body, request.signal));
      },
      async update(request) {
        const { patch } = request;
        assertZeroHealthChecks(patch.healthChecks);
        return single('routes', request.id, request.signal, async () => {
          const previous = await getWire<ZeroRoute>('routes', request.id, request.signal);
          const next = applyRoutePatch(zeroRouteToRoute(previous), patch);
          const body = routeToZeroRouteProperties(next, previous);
          return zeroRouteToRoute(await putWire<ZeroRoute>('routes', request.id, body, request.signal));
        });
      },
      async delete(request) {
        await single('routes', request.id, request.signal, () => deleteWire('routes', request.id, request.signal));
      },
    },

    async close() {
      http.tokens.clear();
    },
  };
}

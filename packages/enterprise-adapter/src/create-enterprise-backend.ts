import {
  type Client,
  type CallOptions as ConnectCallOptions,
  createClient,
  type Interceptor,
  type Transport,
} from '@connectrpc/connect';
import { createGrpcTransport, Http2SessionManager } from '@connectrpc/connect-node';
import {
  applyRoutePatch,
  type CallOptions,
  type ListPage,
  type ListPageOptions,
  normalizeRouteDurations,
  type PomeriumBackend,
  PomeriumError,
  parseInput,
  type ResourceListFilter,
  type Route,
  type RouteCreateInput,
  type RouteUpdatePatch,
  routeCreateInputSchema,
  routeUpdatePatchSchema,
} from '@pomerium-unified/core';
import {
  NamespaceService,
  PolicyService,
  type Namespace as ProtoNamespace,
  type Route as ProtoRoute,
  RouteService,
} from '@pomerium-unified/enterprise-protos';
import { namespaceFromProto, namespaceToProto } from './convert-namespace.js';
import { policyFromProto, policyToProto } from './convert-policy.js';
import { mergeRouteExtension, routeFromProto, routeToProto } from './convert-route.js';
import { type EnterpriseBackendOptions, resolveEnterpriseOptions } from './enterprise-options.js';
import { enterpriseBackendName, toPomeriumError } from './errors.js';

/** One element of {@link EnterpriseBackend.setRoutes}: a route to create, or a patch of an existing route. */
export type EnterpriseRouteUpsert =
  | {
      /** A new route. */
      input: RouteCreateInput;
    }
  | {
      /** The id of the route to update. */
      id: string;
      /** The partial patch: keys left out keep their value, `null` clears a setting. */
      patch: RouteUpdatePatch;
    };

/** Options of {@link EnterpriseBackend.setRoutes}. */
export interface SetRoutesOptions extends CallOptions {
  /** Routes to create or update, all in one `SetRoutes` call. */
  routes: EnterpriseRouteUpsert[];
}

/** Options of {@link EnterpriseBackend.moveRoutes}. */
export interface MoveRoutesOptions extends CallOptions {
  /** The routes to move. */
  routeIds: string[];
  /** The destination namespace. */
  namespaceId: string;
}

/** Options of {@link EnterpriseBackend.deleteRoutes}. */
export interface DeleteRoutesOptions extends CallOptions {
  /** The routes to delete. */
  routeIds: string[];
}

/** The Enterprise backend: the core contract plus the console's bulk route operations. */
export interface EnterpriseBackend extends PomeriumBackend {
  /** Always `enterprise`. */
  readonly name: 'enterprise';
  /**
   * Creates and updates many routes in one `SetRoutes` call. Inputs are
   * validated like the client does; updates are read-modify-write of each
   * whole route. Returns the stored routes in the order given.
   */
  setRoutes(options: SetRoutesOptions): Promise<Route[]>;
  /** Moves routes into another namespace in one `MoveRoutes` call. */
  moveRoutes(options: MoveRoutesOptions): Promise<void>;
  /** Deletes many routes in one `DeleteRoutes` call. */
  deleteRoutes(options: DeleteRoutesOptions): Promise<void>;
  /** Closes the HTTP/2 connection of the built-in transport. Safe to call twice. */
  close(): Promise<void>;
}

function missing(what: string): never {
  throw new PomeriumError(`Enterprise console returned a response without ${what}`, {
    code: 'internal',
    backend: enterpriseBackendName,
  });
}

function createAuthorizationInterceptor(token: string): Interceptor {
  return (next) => async (request) => {
    request.header.set('authorization', `Pomerium ${token}`);
    return next(request);
  };
}

/** Wraps a ready-made transport so that every call carries the authorization header. */
function withAuthorization(transport: Transport, token: string): Transport {
  const header = (init: ConstructorParameters<typeof Headers>[0]): Headers => {
    const headers = new Headers(init);
    headers.set('authorization', `Pomerium ${token}`);
    return headers;
  };
  return {
    unary: (method, signal, timeoutMs, init, input, contextValues) =>
      transport.unary(method, signal, timeoutMs, header(init), input, contextValues),
    stream: (method, signal, timeoutMs, init, input, contextValues) =>
      transport.stream(method, signal, timeoutMs, header(init), input, contextValues),
  };
}

/**
 * Creates a backend that drives a Pomerium Enterprise console over its gRPC
 * API (`pomerium.dashboard`), for `createPomeriumClient({ backend })`.
 *
 * @example
 * const backend = createEnterpriseBackend({ url: 'https://console-api.example.com', serviceAccountToken });
 * const client = createPomeriumClient({ backend });
 */
export function createEnterpriseBackend(options: EnterpriseBackendOptions): EnterpriseBackend {
  const resolved = resolveEnterpriseOptions(options);
  let sessionManager: Http2SessionManager | undefined;
  let transport: Transport;
  if (resolved.transport) {
    transport = withAuthorization(resolved.transport, resolved.serviceAccountToken);
  } else {
    const { tls } = resolved;
    const nodeOptions = resolved.plaintext
      ? {}
      : {
          ...(tls.ca !== undefined ? { ca: tls.ca } : {}),
          ...(tls.cert !== undefined ? { cert: tls.cert } : {}),
          ...(tls.key !== undefined ? { key: tls.key } : {}),
          ...(tls.serverName !== undefined ? { servername: tls.serverName } : {}),
          ...(tls.insecureSkipVerify ? { rejectUnauthorized: false } : {}),
        };
    sessionManager = new Http2SessionManager(resolved.baseUrl, undefined, nodeOptions);
    transport = createGrpcTransport({
      baseUrl: resolved.baseUrl,
      sessionManager,
      defaultTimeoutMs: resolved.timeoutMs,
      interceptors: [createAuthorizationInterceptor(resolved.serviceAccountToken)],
    });
  }
  const namespaceClient: Client<typeof NamespaceService> = createClient(NamespaceService, transport);
  const policyClient: Client<typeof PolicyService> = createClient(PolicyService, transport);
  const routeClient: Client<typeof RouteService> = createClient(RouteService, transport);
  const errorContext = { url: resolved.baseUrl, secrets: [resolved.serviceAccountToken] };

  const callOptions = (options: CallOptions): ConnectCallOptions => ({
    timeoutMs: resolved.timeoutMs,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const call = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw toPomeriumError(error, errorContext);
    }
  };
  const listCluster = resolved.clusterId === undefined ? {} : { clusterId: resolved.clusterId };
  /** The shared fields of ListPoliciesRequest and ListRoutesRequest (the namespace id goes in `namespace`). */
  const listRequest = (request: ListPageOptions & ResourceListFilter) => ({
    namespace: request.namespaceId ?? '',
    ...(request.query !== undefined ? { query: request.query } : {}),
    offset: BigInt(request.offset),
    limit: BigInt(request.limit),
    ...listCluster,
  });

  const listAllNamespaces = async (options: CallOptions): Promise<ProtoNamespace[]> =>
    (await call(() => namespaceClient.listNamespaces({}, callOptions(options)))).namespaces;

  const getProtoRoute = async (id: string, options: CallOptions): Promise<ProtoRoute> =>
    (await call(() => routeClient.getRoute({ id }, callOptions(options)))).route ?? missing('a route');

  const patchedRoute = (current: ProtoRoute, patch: RouteUpdatePatch): ProtoRoute => {
    const model = routeFromProto(current);
    const enterprise = mergeRouteExtension(model.extensions.enterprise, patch.extensions?.enterprise);
    const extensions = { ...patch.extensions, ...(enterprise === undefined ? {} : { enterprise }) };
    const updated = applyRoutePatch(model, { ...patch, ...(patch.extensions ? { extensions } : {}) });
    return routeToProto(updated, current);
  };

  const backend: EnterpriseBackend = {
    specificationVersion: 'v1',
    name: 'enterprise',
    capabilities: { writeNamespaces: true, listTotalCount: true, multipleHealthChecks: true },

    namespaces: {
      async list(request) {
        const all = (await listAllNamespaces(request))
          .map(namespaceFromProto)
          .filter((namespace) => request.parentId === undefined || namespace.parentId === request.parentId);
        return { items: all.slice(request.offset, request.offset + request.limit), totalCount: all.length };
      },
      async get(request) {
        const response = await call(() => namespaceClient.getNamespace({ id: request.id }, callOptions(request)));
        return namespaceFromProto(response.namespace ?? missing('a namespace'));
      },
      async create(request) {
        let parentId = request.input.parentId;
        if (parentId === undefined) {
          const root = (await listAllNamespaces(request)).find((namespace) => namespace.parentId === '');
          if (!root) {
            throw new PomeriumError(
              'No root namespace is visible to this service account; pass parentId to create a namespace',
              { code: 'failed_precondition', field: 'parentId', backend: enterpriseBackendName },
            );
          }
          parentId = root.id;
        }
        const namespace = namespaceToProto({ name: request.input.name, parentId });
        const response = await call(() => namespaceClient.setNamespace({ namespace }, callOptions(request)));
        return namespaceFromProto(response.namespace ?? missing('a namespace'));
      },
      async update(request) {
        const current = await call(() => namespaceClient.getNamespace({ id: request.id }, callOptions(request)));
        const base = current.namespace ?? missing('a namespace');
        const { name, parentId } = request.patch;
        if (parentId !== undefined && parentId !== base.parentId && base.parentId === '') {
          throw new PomeriumError('The root namespace cannot be moved', {
            code: 'failed_precondition',
            field: 'parentId',
            backend: enterpriseBackendName,
          });
        }
        const namespace = namespaceToProto({ name, parentId }, base);
        const response = await call(() => namespaceClient.setNamespace({ namespace }, callOptions(request)));
        return namespaceFromProto(response.namespace ?? missing('a namespace'));
      },
      async delete(request) {
        await call(() => namespaceClient.deleteNamespace({ id: request.id }, callOptions(request)));
      },
    },

    policies: {
      async list(request) {
        const response = await call(() => policyClient.listPolicies(listRequest(request), callOptions(request)));
        return { items: response.policies.map(policyFromProto), totalCount: Number(response.totalCount) };
      },
      async get(request) {
        const response = await call(() => policyClient.getPolicy({ id: request.id }, callOptions(request)));
        return policyFromProto(response.policy ?? missing('a policy'));
      },
      async create(request) {
        const policy = policyToProto(request.input);
        const response = await call(() => policyClient.setPolicy({ policy }, callOptions(request)));
        return policyFromProto(response.policy ?? missing('a policy'));
      },
      async update(request) {
        const current = await call(() => policyClient.getPolicy({ id: request.id }, callOptions(request)));
        const base = current.policy ?? missing('a policy');
        const policy = policyToProto(request.patch, base);
        const response = await call(() => policyClient.setPolicy({ policy }, callOptions(request)));
        return policyFromProto(response.policy ?? missing('a policy'));
      },
      async delete(request) {
        await call(() =>
          policyClient.deletePolicy({ id: request.id, removeFromAnyAssignedRoutes: false }, callOptions(request)),
        );
      },
    },

    routes: {
      async list(request): Promise<ListPage<Route>> {
        const response = await call(() => routeClient.listRoutes(listRequest(request), callOptions(request)));
        return { items: response.routes.map(routeFromProto), totalCount: Number(response.totalCount) };
      },
      async get(request) {
        return routeFromProto(await getProtoRoute(request.id, request));
      },
      async create(request) {
        const route = routeToProto(request.input);
        const response = await call(() => routeClient.setRoute({ route }, callOptions(request)));
        return routeFromProto(response.route ?? missing('a route'));
      },
      async update(request) {
        const current = await getProtoRoute(request.id, request);
        const route = patchedRoute(current, request.patch);
        const response = await call(() => routeClient.setRoute({ route }, callOptions(request)));
        return routeFromProto(response.route ?? missing('a route'));
      },
      async delete(request) {
        await call(() => routeClient.deleteRoute({ id: request.id }, callOptions(request)));
      },
    },

    async setRoutes(request) {
      const routes = await Promise.all(
        request.routes.map(async (upsert, index) => {
          if ('input' in upsert) {
            const input = normalizeRouteDurations(
              parseInput(routeCreateInputSchema, upsert.input, `route input routes[${index}]`) as RouteCreateInput,
            );
            return routeToProto(input);
          }
          const patch = normalizeRouteDurations(
            parseInput(routeUpdatePatchSchema, upsert.patch, `route patch routes[${index}]`) as RouteUpdatePatch,
          );
          return patchedRoute(await getProtoRoute(upsert.id, request), patch);
        }),
      );
      const response = await call(() => routeClient.setRoutes({ routes }, callOptions(request)));
      return response.routes.map(routeFromProto);
    },

    async moveRoutes(request) {
      await call(() =>
        routeClient.moveRoutes(
          { routeIds: [...request.routeIds], newNamespaceId: request.namespaceId },
          callOptions(request),
        ),
      );
    },

    async deleteRoutes(request) {
      await call(() => routeClient.deleteRoutes({ ids: [...request.routeIds] }, callOptions(request)));
    },

    async close() {
      sessionManager?.abort();
      sessionManager = undefined;
    },
  };
  return backend;
}

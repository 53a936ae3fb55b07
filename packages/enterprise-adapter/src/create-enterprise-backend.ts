import { type Client, createClient } from '@connectrpc/connect';
import {
  applyRoutePatch,
  type BackendRoute,
  type CallOptions,
  type ListPage,
  type ListPageOptions,
  type Policy,
  type PomeriumBackend,
  PomeriumError,
  type ResourceListFilter,
  type RouteUpdatePatch,
  registerSecret,
} from '@pomerium-unified/core';
import {
  NamespaceService,
  PolicyService,
  type Namespace as ProtoNamespace,
  type Policy as ProtoPolicy,
  type Route as ProtoRoute,
  RouteService,
} from '@pomerium-unified/enterprise-protos';
import { checkExpectedUpdatedAt } from './check-expected-updated-at.js';
import { namespaceFromProto, namespaceToProto } from './convert-namespace.js';
import { policyFromProto, policyToProto, writePolicyOnto } from './convert-policy.js';
import { mergeRouteExtension, routeFromProto, routeToProto, writeRouteOnto } from './convert-route.js';
import { createEnterpriseTransport } from './create-enterprise-transport.js';
import { createWireCall, required, requiredEach, type WireRpc } from './create-wire-call.js';
import {
  createBulkRouteOperations,
  type DeleteRoutesOptions,
  type MoveRoutesOptions,
  type SetRoutesOptions,
} from './enterprise-bulk-routes.js';
import { createEnterpriseClusters } from './enterprise-clusters.js';
import { createEnterpriseKeyPairs } from './enterprise-key-pairs.js';
import { type EnterpriseBackendOptions, resolveEnterpriseOptions } from './enterprise-options.js';
import { enterpriseRpcs as rpcs } from './enterprise-rpcs.js';
import { createEnterpriseServiceAccounts } from './enterprise-service-accounts.js';
import { createEnterpriseSettings } from './enterprise-settings.js';
import { enterpriseSyncRules } from './enterprise-sync-rules.js';
import { enterpriseBackendName } from './errors.js';
import { createKeyedSerializer } from './keyed-serializer.js';

export type {
  DeleteRoutesOptions,
  EnterpriseRouteUpsert,
  MoveRoutesOptions,
  SetRoutesOptions,
} from './enterprise-bulk-routes.js';

/** The Enterprise backend: the core contract plus the console's bulk route operations. */
export interface EnterpriseBackend extends PomeriumBackend {
  /** Always `enterprise`. */
  readonly name: 'enterprise';
  /**
   * Creates and updates many routes in one `SetRoutes` call. Inputs are
   * validated like the client does; updates are read-modify-write of each
   * whole route. Returns the stored routes in the order given.
   */
  setRoutes(options: SetRoutesOptions): Promise<BackendRoute[]>;
  /** Moves routes into another namespace in one `MoveRoutes` call. */
  moveRoutes(options: MoveRoutesOptions): Promise<void>;
  /** Deletes many routes in one `DeleteRoutes` call. */
  deleteRoutes(options: DeleteRoutesOptions): Promise<void>;
  /** Closes the HTTP/2 connection of the built-in transport. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Creates a backend that drives a Pomerium Enterprise console over its gRPC
 * API (`pomerium.dashboard`), for `createPomeriumClient({ backend })`.
 *
 * Updates are a read-modify-write of the whole object (the wire has no field
 * mask and no compare-and-set): updates of one id through one backend are
 * serialised and re-apply the patch to a fresh read right before writing, and
 * `expectedUpdatedAt` fails with `aborted` when the object changed since the
 * caller read it.
 *
 * @example
 * const backend = createEnterpriseBackend({ url: 'https://console-api.example.com', serviceAccountToken });
 * const client = createPomeriumClient({ backend });
 */
export function createEnterpriseBackend(options: EnterpriseBackendOptions): EnterpriseBackend {
  const resolved = resolveEnterpriseOptions(options);
  // Every PomeriumError (and client log line) redacts the token from now on, even one a server echoes.
  const unregisterToken = registerSecret(resolved.serviceAccountToken);
  const { transport, sessionManager: ownSession } = createEnterpriseTransport(resolved);
  let sessionManager = ownSession;
  const namespaceClient: Client<typeof NamespaceService> = createClient(NamespaceService, transport);
  const policyClient: Client<typeof PolicyService> = createClient(PolicyService, transport);
  const routeClient: Client<typeof RouteService> = createClient(RouteService, transport);
  const { timeoutMs } = resolved;
  const call = createWireCall(timeoutMs, { url: resolved.baseUrl, secrets: [resolved.serviceAccountToken] });
  const serialize = createKeyedSerializer();

  const listCluster = resolved.clusterId === undefined ? {} : { clusterId: resolved.clusterId };
  /** The shared fields of ListPoliciesRequest and ListRoutesRequest (the namespace id goes in `namespace`). */
  const listRequest = (request: ListPageOptions & ResourceListFilter) => ({
    namespace: request.namespaceId ?? '',
    ...(request.query !== undefined ? { query: request.query } : {}),
    offset: BigInt(request.offset),
    limit: BigInt(request.limit),
    ...listCluster,
  });
  const listTotal = (totalCount: bigint, rpc: WireRpc): number => {
    const total = Number(totalCount);
    if (!Number.isSafeInteger(total) || total < 0) {
      throw new PomeriumError(`Enterprise console answered ${rpc.operation} with a total count of ${totalCount}`, {
        code: 'internal',
        backend: enterpriseBackendName,
        operation: rpc.operation,
      });
    }
    return total;
  };

  const listAllNamespaces = async (
    rpc: WireRpc,
    options: CallOptions,
    deadline?: number,
  ): Promise<ProtoNamespace[]> => {
    const response = await call(rpc, options, (o) => namespaceClient.listNamespaces({}, o), deadline);
    return requiredEach(response.namespaces, rpc, 'a namespace');
  };

  const getProtoRoute = async (
    id: string,
    rpc: WireRpc,
    options: CallOptions,
    deadline?: number,
  ): Promise<ProtoRoute> =>
    required((await call(rpc, options, (o) => routeClient.getRoute({ id }, o), deadline)).route, rpc, 'a route');

  /** Applies `patch` to a route just read, writing onto that message (owned by the update, sent next). */
  const patchedRoute = (current: ProtoRoute, patch: RouteUpdatePatch): ProtoRoute => {
    const model = routeFromProto(current);
    const enterprise = mergeRouteExtension(model.extensions.enterprise, patch.extensions?.enterprise);
    const extensions = { ...patch.extensions, ...(enterprise === undefined ? {} : { enterprise }) };
    const updated = applyRoutePatch(model, { ...patch, ...(patch.extensions ? { extensions } : {}) });
    return writeRouteOnto(current, updated, model);
  };

  const bulk = createBulkRouteOperations({ call, routeClient, timeoutMs, getProtoRoute, patchedRoute });

  const backend: EnterpriseBackend = {
    specificationVersion: 'v1',
    name: 'enterprise',
    syncRules: enterpriseSyncRules,
    capabilities: {
      writeNamespaces: true,
      listTotalCount: true,
      multipleHealthChecks: true,
      bulkRouteWrites: true,
      keyPairs: true,
      clusters: true,
      serviceAccounts: true,
      serviceAccountUpdates: true,
      settings: true,
      // Every update (routes, policies, namespaces, key pairs, service accounts, settings) re-reads and re-applies only its patch.
      patchReappliedOnRead: true,
    },
    bulk: { putRoutes: (request) => backend.setRoutes(request) },

    namespaces: {
      async list(request) {
        const all = (await listAllNamespaces(rpcs.listNamespaces, request))
          .map(namespaceFromProto)
          .filter((namespace) => request.parentId === undefined || namespace.parentId === request.parentId);
        return { items: all.slice(request.offset, request.offset + request.limit), totalCount: all.length };
      },
      async get(request) {
        const rpc = rpcs.getNamespace;
        const response = await call(rpc, request, (o) => namespaceClient.getNamespace({ id: request.id }, o));
        return namespaceFromProto(required(response.namespace, rpc, 'a namespace'));
      },
      async create(request) {
        const deadline = Date.now() + timeoutMs;
        let parentId = request.input.parentId;
        if (parentId === undefined) {
          const all = await listAllNamespaces(rpcs.listNamespacesForCreate, request, deadline);
          const root = all.find((namespace) => namespace.parentId === '');
          if (!root) {
            throw new PomeriumError(
              'No root namespace is visible to this service account; pass parentId to create a namespace',
              { code: 'failed_precondition', field: 'parentId', backend: enterpriseBackendName },
            );
          }
          parentId = root.id;
        }
        const namespace = namespaceToProto({ name: request.input.name, parentId });
        const rpc = rpcs.createNamespace;
        const response = await call(rpc, request, (o) => namespaceClient.setNamespace({ namespace }, o), deadline);
        return namespaceFromProto(required(response.namespace, rpc, 'a namespace'));
      },
      update(request) {
        return serialize(`namespace:${request.id}`, 'namespaces.update', request.signal, async () => {
          const deadline = Date.now() + timeoutMs;
          const read = rpcs.readNamespaceForUpdate;
          const current = await call(
            read,
            request,
            (o) => namespaceClient.getNamespace({ id: request.id }, o),
            deadline,
          );
          const base = required(current.namespace, read, 'a namespace');
          checkExpectedUpdatedAt(request.expectedUpdatedAt, base.modifiedAt, read.operation, request.id);
          const { name, parentId } = request.patch;
          if (parentId !== undefined && parentId !== base.parentId && base.parentId === '') {
            throw new PomeriumError('The root namespace cannot be moved', {
              code: 'failed_precondition',
              field: 'parentId',
              backend: enterpriseBackendName,
            });
          }
          const namespace = namespaceToProto({ name, parentId }, base);
          const rpc = rpcs.updateNamespace;
          const response = await call(rpc, request, (o) => namespaceClient.setNamespace({ namespace }, o), deadline);
          return namespaceFromProto(required(response.namespace, rpc, 'a namespace'));
        });
      },
      async delete(request) {
        await call(rpcs.deleteNamespace, request, (o) => namespaceClient.deleteNamespace({ id: request.id }, o));
      },
    },

    policies: {
      async list(request) {
        const rpc = rpcs.listPolicies;
        const response = await call(rpc, request, (o) => policyClient.listPolicies(listRequest(request), o));
        return {
          items: requiredEach(response.policies, rpc, 'a policy').map(policyFromProto),
          totalCount: listTotal(response.totalCount, rpc),
        };
      },
      async get(request) {
        const rpc = rpcs.getPolicy;
        const response = await call(rpc, request, (o) => policyClient.getPolicy({ id: request.id }, o));
        return policyFromProto(required(response.policy, rpc, 'a policy'));
      },
      async create(request) {
        const policy = policyToProto(request.input);
        const rpc = rpcs.createPolicy;
        const response = await call(rpc, request, (o) => policyClient.setPolicy({ policy }, o));
        return policyFromProto(required(response.policy, rpc, 'a policy'));
      },
      update(request): Promise<Policy> {
        return serialize(`policy:${request.id}`, 'policies.update', request.signal, async () => {
          const deadline = Date.now() + timeoutMs;
          const read = rpcs.readPolicyForUpdate;
          const current = await call(read, request, (o) => policyClient.getPolicy({ id: request.id }, o), deadline);
          const base: ProtoPolicy = required(current.policy, read, 'a policy');
          checkExpectedUpdatedAt(request.expectedUpdatedAt, base.modifiedAt, read.operation, request.id);
          // The fresh read is owned by this update: the patch is written onto it, not onto a copy.
          const policy = writePolicyOnto(base, request.patch);
          const rpc = rpcs.updatePolicy;
          const response = await call(rpc, request, (o) => policyClient.setPolicy({ policy }, o), deadline);
          return policyFromProto(required(response.policy, rpc, 'a policy'));
        });
      },
      async delete(request) {
        await call(rpcs.deletePolicy, request, (o) =>
          policyClient.deletePolicy({ id: request.id, removeFromAnyAssignedRoutes: false }, o),
        );
      },
    },

    routes: {
      async list(request): Promise<ListPage<BackendRoute>> {
        const rpc = rpcs.listRoutes;
        const response = await call(rpc, request, (o) => routeClient.listRoutes(listRequest(request), o));
        return {
          items: requiredEach(response.routes, rpc, 'a route').map(routeFromProto),
          totalCount: listTotal(response.totalCount, rpc),
        };
      },
      async get(request) {
        return routeFromProto(await getProtoRoute(request.id, rpcs.getRoute, request));
      },
      async create(request) {
        const route = routeToProto(request.input);
        const rpc = rpcs.createRoute;
        const response = await call(rpc, request, (o) => routeClient.setRoute({ route }, o));
        return routeFromProto(required(response.route, rpc, 'a route'));
      },
      update(request) {
        return serialize(`route:${request.id}`, 'routes.update', request.signal, async () => {
          const deadline = Date.now() + timeoutMs;
          const read = rpcs.readRouteForUpdate;
          const current = await getProtoRoute(request.id, read, request, deadline);
          checkExpectedUpdatedAt(request.expectedUpdatedAt, current.modifiedAt, read.operation, request.id);
          const route = patchedRoute(current, request.patch);
          const rpc = rpcs.updateRoute;
          const response = await call(rpc, request, (o) => routeClient.setRoute({ route }, o), deadline);
          return routeFromProto(required(response.route, rpc, 'a route'));
        });
      },
      async delete(request) {
        await call(rpcs.deleteRoute, request, (o) => routeClient.deleteRoute({ id: request.id }, o));
      },
    },

    keyPairs: createEnterpriseKeyPairs({ call, transport, timeoutMs, serialize, clusterId: resolved.clusterId }),

    clusters: createEnterpriseClusters({ call, transport }),
    settings: createEnterpriseSettings({ call, transport, timeoutMs, serialize, clusterId: resolved.clusterId }),
    serviceAccounts: createEnterpriseServiceAccounts({
      call,
      transport,
      timeoutMs,
      serialize,
      clusterId: resolved.clusterId,
    }),

    ...bulk,

    async close() {
      unregisterToken();
      sessionManager?.abort();
      sessionManager = undefined;
    },
  };
  return backend;
}

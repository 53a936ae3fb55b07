import type { Client } from '@connectrpc/connect';
import {
  assertId,
  type BackendRoute,
  type CallOptions,
  normalizeRouteDurations,
  PomeriumError,
  parsePlainInput,
  type RouteCreateInput,
  type RouteUpdatePatch,
  routeCreateInputSchema,
  routeUpdatePatchSchema,
} from '@pomerium-unified/core';
import type { Route as ProtoRoute, RouteService } from '@pomerium-unified/enterprise-protos';
import { routeFromProto, routeToProto } from './convert-route.js';
import type { WireCall, WireRpc } from './create-wire-call.js';
import { requiredEach } from './create-wire-call.js';
import { enterpriseRpcs as rpcs } from './enterprise-rpcs.js';
import { enterpriseBackendName } from './errors.js';

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

function checkedId(id: unknown, field: string): string {
  assertId(id, `Enterprise ${field}`, field);
  return id;
}

function checkedIds(ids: unknown, field: string): string[] {
  if (!Array.isArray(ids)) {
    throw new PomeriumError(`${field} must be an array of ids`, {
      code: 'invalid_argument',
      field,
      backend: enterpriseBackendName,
    });
  }
  return ids.map((id, index) => checkedId(id, `${field}[${index}]`));
}

/** What the bulk operations need from their backend. */
export interface BulkRouteDependencies {
  /** The backend's wire call. */
  call: WireCall;
  /** The connect client of `RouteService`. */
  routeClient: Client<typeof RouteService>;
  /** The per-attempt deadline in milliseconds. */
  timeoutMs: number;
  /** Reads one console route (checked) for an operation. */
  getProtoRoute: (id: string, rpc: WireRpc, options: CallOptions, deadline?: number) => Promise<ProtoRoute>;
  /** Applies a patch to a route read from the console. */
  patchedRoute: (current: ProtoRoute, patch: RouteUpdatePatch) => ProtoRoute;
}

/** The console's bulk route operations (`SetRoutes`, `MoveRoutes`, `DeleteRoutes`); ids and inputs are checked first. */
export function createBulkRouteOperations({
  call,
  routeClient,
  timeoutMs,
  getProtoRoute,
  patchedRoute,
}: BulkRouteDependencies): {
  setRoutes(options: SetRoutesOptions): Promise<BackendRoute[]>;
  moveRoutes(options: MoveRoutesOptions): Promise<void>;
  deleteRoutes(options: DeleteRoutesOptions): Promise<void>;
} {
  return {
    async setRoutes(request) {
      const deadline = Date.now() + timeoutMs;
      if (!Array.isArray(request.routes)) {
        throw new PomeriumError('setRoutes needs routes: an array of { input } or { id, patch }', {
          code: 'invalid_argument',
          field: 'routes',
          backend: enterpriseBackendName,
        });
      }
      const inputs = request.routes.map(
        (upsert: unknown, index): { input: RouteCreateInput } | { id: string; patch: RouteUpdatePatch } => {
          if (typeof upsert !== 'object' || upsert === null) {
            throw new PomeriumError(`routes[${index}] must be { input } or { id, patch }`, {
              code: 'invalid_argument',
              field: `routes[${index}]`,
              backend: enterpriseBackendName,
            });
          }
          if ('input' in upsert) {
            const input = parsePlainInput(
              routeCreateInputSchema,
              upsert.input,
              `route input routes[${index}]`,
              `routes[${index}].input`,
            );
            return { input: normalizeRouteDurations(input as RouteCreateInput) };
          }
          const { id, patch } = upsert as { id?: unknown; patch?: unknown };
          const parsed = parsePlainInput(
            routeUpdatePatchSchema,
            patch,
            `route patch routes[${index}]`,
            `routes[${index}].patch`,
          );
          return {
            id: checkedId(id, `routes[${index}].id`),
            patch: normalizeRouteDurations(parsed as RouteUpdatePatch),
          };
        },
      );
      const routes = await Promise.all(
        inputs.map(async (upsert) =>
          'input' in upsert
            ? routeToProto(upsert.input)
            : patchedRoute(await getProtoRoute(upsert.id, rpcs.readRouteForSetRoutes, request, deadline), upsert.patch),
        ),
      );
      const rpc = rpcs.setRoutes;
      const response = await call(rpc, request, (o) => routeClient.setRoutes({ routes }, o), deadline);
      if (response.routes.length !== routes.length) {
        throw new PomeriumError(
          `Enterprise console answered ${rpc.operation} with ${response.routes.length} routes for ${routes.length} written`,
          { code: 'internal', backend: enterpriseBackendName, operation: rpc.operation, mayHaveCommitted: true },
        );
      }
      return requiredEach(response.routes, rpc, 'a route').map(routeFromProto);
    },

    async moveRoutes(request) {
      const routeIds = checkedIds(request.routeIds, 'routeIds');
      const namespaceId = checkedId(request.namespaceId, 'namespaceId');
      await call(rpcs.moveRoutes, request, (o) => routeClient.moveRoutes({ routeIds, newNamespaceId: namespaceId }, o));
    },

    async deleteRoutes(request) {
      const ids = checkedIds(request.routeIds, 'routeIds');
      await call(rpcs.deleteRoutes, request, (o) => routeClient.deleteRoutes({ ids }, o));
    },
  };
}

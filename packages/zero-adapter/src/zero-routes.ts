import type { BackendRoute, ListPage, PomeriumBackend } from '@pomerium-unified/core';
import { routePatchNeedsRead, routePatchToJsonPatch } from './convert-json-patch.js';
import { assertZeroHealthChecks, routeToZeroRouteProperties, zeroRouteToRoute } from './convert-route.js';
import type { ZeroObjectRequests } from './zero-object-requests.js';
import { zeroContext } from './zero-resource-runtime.js';
import { parseZeroRoute, parseZeroRoutes } from './zero-wire-schemas.js';
import type { ZeroRoute } from './zero-wire-types.js';

/** The route operations of the Zero backend (`{org}/routes`): one request each, updates as JSON Patch. */
export function createZeroRoutes(requests: ZeroObjectRequests): PomeriumBackend['routes'] {
  return {
    async list(request): Promise<ListPage<BackendRoute>> {
      const items = await requests.listPage('routes', request, parseZeroRoutes);
      return { items: items.map(zeroRouteToRoute) };
    },
    async get(request) {
      return zeroRouteToRoute(await requests.getOne('routes', request, 'routes.get', parseZeroRoute));
    },
    async create(request) {
      // The input is the client's parsed copy, owned by this call; the body is only serialised.
      const body = routeToZeroRouteProperties(request.input, undefined, { copy: false });
      return zeroRouteToRoute(
        await requests.postWire('routes', body, zeroContext('routes.create', request), parseZeroRoute),
      );
    },
    async update(request) {
      assertZeroHealthChecks(request.patch.healthChecks);
      const ctx = zeroContext('routes.update', request);
      return requests.single('routes', request.id, ctx, async () =>
        zeroRouteToRoute(
          await requests.patchWire<ZeroRoute, typeof request.patch>(
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
      const ctx = zeroContext('routes.delete', request);
      await requests.single('routes', request.id, ctx, () => requests.deleteWire('routes', request.id, ctx));
    },
  };
}

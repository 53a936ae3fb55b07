import { randomUUID } from 'node:crypto';
import { clone } from '@bufbuild/protobuf';
import { timestampNow } from '@bufbuild/protobuf/wkt';
import { Code, ConnectError } from '@connectrpc/connect';
import { type Route, RouteSchema } from '@pomerium-unified/enterprise-protos';
import { type ListFilter, listPage } from './fake-enterprise-list-page.js';
import { statNameOf, validateRoute } from './fake-enterprise-route-checks.js';
import type { FakeEnterpriseState, FakeServiceAccount } from './fake-enterprise-state.js';

/** The fake console's `RouteService`: routes as the console checks and stores them, one by one or in bulk. */
export class FakeEnterpriseRouteService {
  readonly #state: FakeEnterpriseState;

  constructor(state: FakeEnterpriseState) {
    this.#state = state;
  }

  /** ListRoutes: filtered by namespace and a query on name, from and to, paged, with `total_count`. */
  list(account: FakeServiceAccount, filter: ListFilter) {
    const result = listPage(
      this.#state,
      account,
      this.#state.routes,
      (route) => route.namespaceId,
      (route, query) =>
        route.name.toLowerCase().includes(query) ||
        route.from.toLowerCase().includes(query) ||
        route.to.some((to) => to.toLowerCase().includes(query)),
      filter,
    );
    return { routes: result.items.map((route) => this.#state.viewRoute(route)), totalCount: result.totalCount };
  }

  /** GetRoute: NotFound, PermissionDenied or the route. */
  get(account: FakeServiceAccount, id: string): Route {
    const route = this.#existingRoute(id);
    this.#state.requireAccess(account, route.namespaceId);
    return this.#state.viewRoute(route);
  }

  #existingRoute(id: string): Route {
    const route = this.#state.routes.get(id);
    if (!route) throw new ConnectError(`route ${id} not found`, Code.NotFound);
    return route;
  }

  /** Checks a route and returns the message to store, without storing it. */
  #prepareRoute(account: FakeServiceAccount, input: Route | undefined, path: string): Route {
    if (!input) throw new ConnectError(`${path || 'route'}: required`, Code.InvalidArgument);
    const at = (field: string) => (path ? `${path}.${field}` : field);
    validateRoute(input, at);
    if (input.namespaceId === '') throw new ConnectError(`${at('namespace_id')}: required`, Code.InvalidArgument);
    this.#state.existingNamespace(input.namespaceId, at('namespace_id'));
    input.policyIds.forEach((policyId, index) => {
      if (!this.#state.policies.has(policyId)) {
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
      this.#state.requireAccess(account, input.namespaceId);
      stored.id = randomUUID();
      stored.createdAt = now;
      stored.statName = input.statName || statNameOf(input);
    } else {
      const current = this.#existingRoute(input.id);
      this.#state.requireAccess(account, current.namespaceId);
      this.#state.requireAccess(account, input.namespaceId);
      stored.createdAt = current.createdAt;
      stored.statName = current.statName || input.statName || statNameOf(input);
    }
    stored.modifiedAt = now;
    return stored;
  }

  /** SetRoute: creates (no id) or updates a route, with the console's checks. */
  set(account: FakeServiceAccount, input: Route | undefined): Route {
    const stored = this.#prepareRoute(account, input, '');
    this.#state.routes.set(stored.id, stored);
    return this.#state.viewRoute(stored);
  }

  /** SetRoutes: checks every route first, then stores them all. */
  setMany(account: FakeServiceAccount, inputs: Route[]): Route[] {
    const prepared = inputs.map((input, index) => this.#prepareRoute(account, input, `routes[${index}]`));
    for (const stored of prepared) this.#state.routes.set(stored.id, stored);
    return prepared.map((stored) => this.#state.viewRoute(stored));
  }

  /** DeleteRoute(s): every id must exist and be visible; then all are deleted. */
  delete(account: FakeServiceAccount, ids: readonly string[]): void {
    const routes = ids.map((id) => this.#existingRoute(id));
    for (const route of routes) this.#state.requireAccess(account, route.namespaceId);
    for (const route of routes) this.#state.routes.delete(route.id);
  }

  /** MoveRoutes: moves every listed route into `namespaceId`. */
  move(account: FakeServiceAccount, routeIds: readonly string[], namespaceId: string): void {
    if (namespaceId === '') throw new ConnectError('new_namespace_id: required', Code.InvalidArgument);
    this.#state.existingNamespace(namespaceId, 'new_namespace_id');
    this.#state.requireAccess(account, namespaceId);
    const routes = routeIds.map((id) => this.#existingRoute(id));
    for (const route of routes) this.#state.requireAccess(account, route.namespaceId);
    const now = timestampNow();
    for (const route of routes) {
      route.namespaceId = namespaceId;
      route.modifiedAt = now;
      this.#state.routes.reindex(route.id);
    }
  }
}

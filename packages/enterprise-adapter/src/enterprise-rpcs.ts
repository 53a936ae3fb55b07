import { NamespaceService, PolicyService, RouteService } from '@pomerium-unified/enterprise-protos';
import { wireRpc } from './create-wire-call.js';

/** Every RPC the adapter makes, described once for wire events and error mapping. */
export const enterpriseRpcs = {
  listNamespaces: wireRpc('namespaces.list', NamespaceService.method.listNamespaces, false),
  getNamespace: wireRpc('namespaces.get', NamespaceService.method.getNamespace, false),
  createNamespace: wireRpc('namespaces.create', NamespaceService.method.setNamespace, true),
  readNamespaceForUpdate: wireRpc('namespaces.update', NamespaceService.method.getNamespace, false),
  updateNamespace: wireRpc('namespaces.update', NamespaceService.method.setNamespace, true),
  deleteNamespace: wireRpc('namespaces.delete', NamespaceService.method.deleteNamespace, true),
  listPolicies: wireRpc('policies.list', PolicyService.method.listPolicies, false),
  getPolicy: wireRpc('policies.get', PolicyService.method.getPolicy, false),
  createPolicy: wireRpc('policies.create', PolicyService.method.setPolicy, true),
  readPolicyForUpdate: wireRpc('policies.update', PolicyService.method.getPolicy, false),
  updatePolicy: wireRpc('policies.update', PolicyService.method.setPolicy, true),
  deletePolicy: wireRpc('policies.delete', PolicyService.method.deletePolicy, true),
  listRoutes: wireRpc('routes.list', RouteService.method.listRoutes, false),
  getRoute: wireRpc('routes.get', RouteService.method.getRoute, false),
  createRoute: wireRpc('routes.create', RouteService.method.setRoute, true),
  readRouteForUpdate: wireRpc('routes.update', RouteService.method.getRoute, false),
  updateRoute: wireRpc('routes.update', RouteService.method.setRoute, true),
  deleteRoute: wireRpc('routes.delete', RouteService.method.deleteRoute, true),
  readRouteForSetRoutes: wireRpc('routes.setRoutes', RouteService.method.getRoute, false),
  setRoutes: wireRpc('routes.setRoutes', RouteService.method.setRoutes, true),
  moveRoutes: wireRpc('routes.moveRoutes', RouteService.method.moveRoutes, true),
  deleteRoutes: wireRpc('routes.deleteRoutes', RouteService.method.deleteRoutes, true),
  listNamespacesForCreate: wireRpc('namespaces.create', NamespaceService.method.listNamespaces, false),
} as const;

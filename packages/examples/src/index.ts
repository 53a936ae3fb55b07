// Scenarios: each takes a PomeriumClient and never branches on the backend.
export {
  type BackendSnapshot,
  compareSnapshots,
  formatComparison,
  type SnapshotDifference,
  snapshotBackend,
} from './compare-backends.js';
export {
  createLiveClients,
  type LiveClient,
  type LiveConfiguration,
  readLiveConfiguration,
} from './live-clients.js';
export {
  collectInventory,
  formatInventory,
  type InventoryEntry,
  namespacePaths,
} from './scenarios/inventory.js';
export {
  httpbinPolicyName,
  httpbinRouteName,
  type ProvisionHttpbinOptions,
  type ProvisionHttpbinResult,
  provisionHttpbin,
} from './scenarios/provision-httpbin.js';
export {
  createRouteForExistingPolicy,
  type RouteForExistingPolicyOptions,
  type RouteForExistingPolicyResult,
} from './scenarios/route-for-existing-policy.js';

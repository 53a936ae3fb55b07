import type { BackendSyncRules, Namespace, Policy, PomeriumClient, Route } from '@pomerium-unified/core';
import type { PolicyLocation } from './config-entries.js';
import { namespacePaths, objectKey } from './config-keys.js';

/** Everything a deployment holds, read with list calls only, with paths and policy locations. */
export interface DeploymentState {
  /** The backend name. */
  backend: string;
  /** The sync rules the backend declares. */
  syncRules: BackendSyncRules | undefined;
  /** Every namespace. */
  namespaces: Namespace[];
  /** Every policy. */
  policies: Policy[];
  /** Every route. */
  routes: Route[];
  /** Namespace id → path. */
  paths: Map<string, string>;
  /** Policy id → location. */
  policyLocations: Map<string, PolicyLocation>;
}

/** Reads every namespace, policy and route of a deployment (three paged list calls, in parallel). */
export async function readDeployment(client: PomeriumClient, signal?: AbortSignal): Promise<DeploymentState> {
  const call = signal ? { signal } : {};
  const [namespaces, policies, routes] = await Promise.all([
    client.namespaces.list(call).toArray(),
    client.policies.list(call).toArray(),
    client.routes.list(call).toArray(),
  ]);
  const paths = namespacePaths(namespaces);
  const policyLocations = new Map<string, PolicyLocation>();
  for (const policy of policies) {
    policyLocations.set(policy.id, {
      namespace: paths.get(policy.namespaceId) ?? `?${policy.namespaceId}`,
      name: policy.name,
    });
  }
  return {
    backend: client.backend.name,
    syncRules: client.backend.syncRules,
    namespaces,
    policies,
    routes,
    paths,
    policyLocations,
  };
}

/** The key of a policy location. */
export function locationKey(location: PolicyLocation): string {
  return objectKey(location.namespace, location.name);
}

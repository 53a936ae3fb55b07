import type { BackendSyncRules, KeyPair, Namespace, Policy, PomeriumClient, Route } from '@pomerium-unified/core';
import type { PolicyLocation } from './config-entries.js';
import { namespacePaths, objectKey } from './config-keys.js';
import { readKeyPairs } from './read-key-pairs.js';

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
  /** Every key pair; undefined when the backend cannot list them (no capability, or not allowed). */
  keyPairs: KeyPair[] | undefined;
  /** Namespace id → path. */
  paths: Map<string, string>;
  /** Policy id → location. */
  policyLocations: Map<string, PolicyLocation>;
}

/** Reads every namespace, policy, route and key pair of a deployment (paged list calls, in parallel). */
export async function readDeployment(client: PomeriumClient, signal?: AbortSignal): Promise<DeploymentState> {
  const call = signal ? { signal } : {};
  const [namespaces, policies, routes, keyPairs] = await Promise.all([
    client.namespaces.list(call).toArray(),
    client.policies.list(call).toArray(),
    client.routes.list(call).toArray(),
    readKeyPairs(client, signal),
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
    keyPairs,
    paths,
    policyLocations,
  };
}

/** The key of a policy location. */
export function locationKey(location: PolicyLocation): string {
  return objectKey(location.namespace, location.name);
}

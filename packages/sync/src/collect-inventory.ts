import type { Namespace, PomeriumClient } from '@pomerium-unified/core';
import { namespacePaths } from './config-keys.js';

/** One namespace with what it holds. */
export interface InventoryEntry {
  /** The namespace. */
  namespace: Namespace;
  /** Its path of names below the root, e.g. `production/Production` (the root itself is `/`). */
  path: string;
  /** Names of its policies, sorted. */
  policies: string[];
  /** Its routes as `name (from → to)`, sorted. */
  routes: string[];
}

/** Every namespace with its policies and routes, by path. */
export type Inventory = InventoryEntry[];

/** Lists every namespace with its policies and routes, through the one client code path. */
export async function collectInventory(
  client: PomeriumClient,
  options: { signal?: AbortSignal } = {},
): Promise<Inventory> {
  const call = options.signal ? { signal: options.signal } : {};
  const [namespaces, policies, routes] = await Promise.all([
    client.namespaces.list(call).toArray(),
    client.policies.list(call).toArray(),
    client.routes.list(call).toArray(),
  ]);
  const paths = namespacePaths(namespaces);
  const entries = new Map<string, InventoryEntry>(
    namespaces.map((namespace) => [
      namespace.id,
      { namespace, path: paths.get(namespace.id) ?? namespace.name, policies: [], routes: [] },
    ]),
  );
  for (const policy of policies) entries.get(policy.namespaceId)?.policies.push(policy.name);
  for (const route of routes) {
    entries.get(route.namespaceId)?.routes.push(`${route.name} (${route.from} → ${route.to.join(', ') || '-'})`);
  }
  const result = [...entries.values()];
  for (const entry of result) {
    entry.policies.sort();
    entry.routes.sort();
  }
  return result.sort((left, right) => left.path.localeCompare(right.path));
}

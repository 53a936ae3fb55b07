import type { Namespace, PomeriumClient } from '@pomerium-unified/core';
import Table from 'cli-table3';

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

/** Builds the path of names of every namespace below the root. */
export function namespacePaths(namespaces: Namespace[]): Map<string, string> {
  const byId = new Map(namespaces.map((namespace) => [namespace.id, namespace]));
  const paths = new Map<string, string>();
  const pathOf = (namespace: Namespace, seen = new Set<string>()): string => {
    const known = paths.get(namespace.id);
    if (known !== undefined) return known;
    const parent = namespace.parentId === undefined ? undefined : byId.get(namespace.parentId);
    let path: string;
    if (namespace.kind === 'root' || !parent || seen.has(parent.id))
      path = namespace.kind === 'root' ? '/' : namespace.name;
    else {
      seen.add(namespace.id);
      const parentPath = pathOf(parent, seen);
      path = parentPath === '/' ? namespace.name : `${parentPath}/${namespace.name}`;
    }
    paths.set(namespace.id, path);
    return path;
  };
  for (const namespace of namespaces) pathOf(namespace);
  return paths;
}

/** Lists every namespace with its policies and routes, through the one client code path. */
export async function collectInventory(client: PomeriumClient): Promise<InventoryEntry[]> {
  const namespaces = await client.namespaces.list().toArray();
  const paths = namespacePaths(namespaces);
  const entries = await Promise.all(
    namespaces.map(async (namespace) => {
      const [policies, routes] = await Promise.all([
        client.policies.list({ namespaceId: namespace.id }).toArray(),
        client.routes.list({ namespaceId: namespace.id }).toArray(),
      ]);
      return {
        namespace,
        path: paths.get(namespace.id) ?? namespace.name,
        policies: policies.map((policy) => policy.name).sort(),
        routes: routes.map((route) => `${route.name} (${route.from} → ${route.to.join(', ') || '-'})`).sort(),
      };
    }),
  );
  return entries.sort((left, right) => left.path.localeCompare(right.path));
}

/** Renders an inventory as a terminal table. */
export function formatInventory(title: string, entries: InventoryEntry[]): string {
  const table = new Table({ head: ['namespace', 'kind', 'policies', 'routes'], wordWrap: true });
  for (const entry of entries) {
    table.push([entry.path, entry.namespace.kind, entry.policies.join('\n') || '-', entry.routes.join('\n') || '-']);
  }
  return `${title}\n${table.toString()}`;
}

import { PomeriumError } from '@pomerium-unified/core';
import type { ConfigPolicy, ConfigPolicyRef, ConfigRoute, PomeriumConfig } from './config-document.js';
import { isWithinPath, mapPath, objectKey, parentPathOf, rootPath } from './config-keys.js';

/** A desired policy or route, placed on the target. */
export interface DesiredEntry<Entry> {
  /** Key on the target (after the namespace map). */
  key: string;
  /** Key in the document. */
  sourceKey: string;
  /** Namespace path in the document. */
  sourceNamespace: string;
  /** The entry with `namespace` rewritten to the target path. */
  entry: Entry;
}

/** The desired state indexed by target key. */
export interface DesiredIndex {
  /** Target namespace path → document path (every ancestor of an entry included). */
  namespaces: Map<string, string>;
  /** Policies by target key. */
  policies: Map<string, DesiredEntry<ConfigPolicy>>;
  /** Routes by target key. */
  routes: Map<string, DesiredEntry<ConfigRoute>>;
}

/** Stops a plan because names are ambiguous: `failed_precondition` naming every ambiguous key. */
export function ambiguous(side: string, what: string[]): never {
  throw new PomeriumError(
    `Ambiguous names on the ${side}; nothing was planned. Rename one of each: ${what.slice(0, 20).join('; ')}${what.length > 20 ? '; …' : ''}`,
    { code: 'failed_precondition' },
  );
}

/** The key a route's policy reference points to, on the target. */
export function resolvePolicyRef(
  ref: ConfigPolicyRef,
  sourceNamespace: string,
  namespaceMap: ReadonlyMap<string, string>,
): string {
  const namespace = typeof ref === 'string' ? sourceNamespace : ref.namespace;
  const name = typeof ref === 'string' ? ref : ref.name;
  return objectKey(mapPath(namespace, namespaceMap), name);
}

function addAncestors(namespaces: Map<string, string>, path: string, sourcePath: string): void {
  let target: string | undefined = path;
  let source: string | undefined = sourcePath;
  while (target !== undefined && target !== rootPath && !namespaces.has(target)) {
    namespaces.set(target, source ?? target);
    target = parentPathOf(target);
    source = source === undefined ? undefined : parentPathOf(source);
  }
}

/**
 * Indexes a document by target key: selection by document path, paths
 * rewritten through the namespace map. Two entries with one key (in the
 * document, or after the map merges namespaces) stop with `failed_precondition`.
 */
export function indexDesired(
  config: PomeriumConfig,
  namespaceMap: ReadonlyMap<string, string>,
  selection: string[] | undefined,
): DesiredIndex {
  const selected = (path: string) => !selection || selection.some((ancestor) => isWithinPath(path, ancestor));
  const duplicates: string[] = [];
  const namespaces = new Map<string, string>();
  // Two sibling namespaces with one name share a path. (A map that merges namespaces is not ambiguous:
  // their objects collide only when names do, which is checked below.)
  const seenPaths = new Set<string>();
  for (const namespace of config.namespaces) {
    if (!selected(namespace.path) || namespace.path === rootPath) continue;
    if (seenPaths.has(namespace.path)) duplicates.push(`two sibling namespaces at ${namespace.path}`);
    seenPaths.add(namespace.path);
    addAncestors(namespaces, mapPath(namespace.path, namespaceMap), namespace.path);
  }
  const index = <Entry extends ConfigPolicy | ConfigRoute>(kind: string, entries: Entry[]) => {
    const result = new Map<string, DesiredEntry<Entry>>();
    for (const entry of entries) {
      if (!selected(entry.namespace)) continue;
      const namespace = mapPath(entry.namespace, namespaceMap);
      const key = objectKey(namespace, entry.name);
      const sourceKey = objectKey(entry.namespace, entry.name);
      const earlier = result.get(key);
      if (earlier) {
        duplicates.push(
          earlier.sourceKey === sourceKey
            ? `two ${kind} named ${JSON.stringify(entry.name)} in ${entry.namespace}`
            : `${kind} ${earlier.sourceKey} and ${sourceKey} (both → ${key})`,
        );
        continue;
      }
      result.set(key, { key, sourceKey, sourceNamespace: entry.namespace, entry: { ...entry, namespace } });
      addAncestors(namespaces, namespace, entry.namespace);
    }
    return result;
  };
  const policies = index('policies', config.policies);
  const routes = index('routes', config.routes);
  if (duplicates.length > 0) ambiguous('desired side', duplicates);
  return { namespaces, policies, routes };
}

import type { Namespace } from '@pomerium-unified/core';

/** The path of the root namespace. */
export const rootPath = '/';

/** Escapes a name for use in a path or key: `%` → `%25`, `/` → `%2F`. */
export function escapeName(name: string): string {
  return name.replaceAll('%', '%25').replaceAll('/', '%2F');
}

/** Reverses {@link escapeName}. */
export function unescapeName(segment: string): string {
  return segment.replaceAll('%2F', '/').replaceAll('%2f', '/').replaceAll('%25', '%');
}

/** The path of a child namespace named `name` below `parentPath`. */
export function childPath(parentPath: string, name: string): string {
  return parentPath === rootPath ? escapeName(name) : `${parentPath}/${escapeName(name)}`;
}

/** The parent path of a non-root path (`/` for a top-level namespace), undefined for the root. */
export function parentPathOf(path: string): string | undefined {
  if (path === rootPath) return undefined;
  const index = path.lastIndexOf('/');
  return index < 0 ? rootPath : path.slice(0, index);
}

/** The unescaped name of the last segment of a non-root path. */
export function nameOfPath(path: string): string {
  return unescapeName(path.slice(path.lastIndexOf('/') + 1));
}

/** True when `path` is `ancestor` or lies below it. */
export function isWithinPath(path: string, ancestor: string): boolean {
  if (ancestor === rootPath) return true;
  return path === ancestor || path.startsWith(`${ancestor}/`);
}

/** The key of a policy or route: namespace path + `/` + escaped name (`/name` in the root). */
export function objectKey(namespacePath: string, name: string): string {
  return namespacePath === rootPath ? `/${escapeName(name)}` : `${namespacePath}/${escapeName(name)}`;
}

/**
 * Normalises a user-given path: trims slashes around it (`/Production/` → `Production`), keeps `/` for the root.
 * Returns undefined when it has an empty segment.
 */
export function normalizePath(path: string): string | undefined {
  const trimmed = path.trim().replace(/^\/+/, '').replace(/\/+$/, '');
  if (trimmed === '') return rootPath;
  if (trimmed.split('/').some((segment) => segment === '')) return undefined;
  return trimmed;
}

/**
 * Rewrites a path through a namespace map (source path → target path); the longest
 * matching prefix wins. Paths no entry matches are returned unchanged.
 */
export function mapPath(path: string, namespaceMap: ReadonlyMap<string, string> | undefined): string {
  if (!namespaceMap || namespaceMap.size === 0) return path;
  let best: string | undefined;
  let bestLength = -1;
  for (const source of namespaceMap.keys()) {
    if (!isWithinPath(path, source)) continue;
    const length = source === rootPath ? 0 : source.length;
    if (length > bestLength) {
      best = source;
      bestLength = length;
    }
  }
  if (best === undefined) return path;
  const target = namespaceMap.get(best)!;
  if (path === best) return target;
  const rest = best === rootPath ? path : path.slice(best.length + 1);
  return target === rootPath ? rest : `${target}/${rest}`;
}

/**
 * Builds the path of every namespace (names below the root joined with `/`, a `/`
 * inside a name escaped as `%2F`; the root is `/`). A namespace whose parent is
 * not visible is placed at the top level.
 */
export function namespacePaths(namespaces: readonly Namespace[]): Map<string, string> {
  const byId = new Map(namespaces.map((namespace) => [namespace.id, namespace]));
  const paths = new Map<string, string>();
  const pathOf = (namespace: Namespace, seen: Set<string>): string => {
    const known = paths.get(namespace.id);
    if (known !== undefined) return known;
    let path: string;
    const parent = namespace.parentId === undefined ? undefined : byId.get(namespace.parentId);
    if (namespace.kind === 'root') path = rootPath;
    else if (!parent || seen.has(parent.id)) path = escapeName(namespace.name);
    else {
      seen.add(namespace.id);
      path = childPath(pathOf(parent, seen), namespace.name);
    }
    paths.set(namespace.id, path);
    return path;
  };
  for (const namespace of namespaces) pathOf(namespace, new Set());
  return paths;
}

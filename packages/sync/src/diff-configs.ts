import type { PomeriumClient } from '@pomerium-unified/core';
import type { ConfigRoute, PomeriumConfig } from './config-document.js';
import { indexDesired, resolvePolicyRef } from './desired-index.js';
import { diffPolicyEntries, diffRouteEntries } from './diff-entries.js';
import { diffKeyPairSections } from './diff-key-pairs.js';
import { diffSettingsAndAccounts } from './diff-settings.js';
import { exportConfig } from './export-config.js';
import { parseNamespaceMap, validateConfig } from './plan-options.js';
import type { FieldChange, SyncObjectKind } from './sync-plan.js';

/** One object that differs between two documents. */
export interface ConfigDifference {
  /** `added`: only in `b`; `removed`: only in `a`; `changed`: in both, with field changes. */
  change: 'added' | 'removed' | 'changed';
  /** The kind of object. */
  kind: SyncObjectKind;
  /** Its key (for `a`, after `namespaceMap`). */
  key: string;
  /** For `changed`: the fields, `before` from `a`, `after` from `b`. */
  fields?: FieldChange[];
}

/** The differences between two documents. */
export interface ConfigDiff {
  /** True when nothing differs. */
  equal: boolean;
  /** The differences: namespaces, policies, routes (each by key), key pairs (by fingerprint), settings and service accounts. */
  differences: ConfigDifference[];
}

function sortedKeys(map: ReadonlyMap<string, unknown>): string[] {
  return [...map.keys()].sort();
}

function routePolicyKeys(route: { sourceNamespace: string; entry: ConfigRoute }, map: ReadonlyMap<string, string>) {
  return (route.entry.policies ?? []).map((ref) => resolvePolicyRef(ref, route.sourceNamespace, map));
}

/**
 * Compares two documents by meaning: objects matched by namespace path and
 * name (`a`'s paths rewritten through `namespaceMap`), PPL by meaning,
 * defaults equal to absent, policies of routes as sets. Ambiguous names stop
 * with `failed_precondition`.
 */
export function diffConfigs(
  a: PomeriumConfig,
  b: PomeriumConfig,
  options: { namespaceMap?: Record<string, string> } = {},
): ConfigDiff {
  const map = parseNamespaceMap(options.namespaceMap);
  const validA = validateConfig(a, 'a');
  const validB = validateConfig(b, 'b');
  const left = indexDesired(validA, map, undefined);
  const right = indexDesired(validB, new Map(), undefined);
  const differences: ConfigDifference[] = [];
  const presence = (
    kind: SyncObjectKind,
    leftKeys: ReadonlyMap<string, unknown>,
    rightKeys: ReadonlyMap<string, unknown>,
  ) => {
    for (const key of sortedKeys(leftKeys)) if (!rightKeys.has(key)) differences.push({ change: 'removed', kind, key });
    for (const key of sortedKeys(rightKeys)) if (!leftKeys.has(key)) differences.push({ change: 'added', kind, key });
  };
  presence('namespace', left.namespaces, right.namespaces);
  presence('policy', left.policies, right.policies);
  for (const key of sortedKeys(left.policies)) {
    const other = right.policies.get(key);
    if (!other) continue;
    const fields = diffPolicyEntries(other.entry, left.policies.get(key)!.entry);
    if (fields.length > 0) differences.push({ change: 'changed', kind: 'policy', key, fields });
  }
  presence('route', left.routes, right.routes);
  for (const key of sortedKeys(left.routes)) {
    const mine = left.routes.get(key)!;
    const other = right.routes.get(key);
    if (!other) continue;
    const fields = diffRouteEntries(other.entry, mine.entry, {
      desired: routePolicyKeys(other, new Map()),
      current: routePolicyKeys(mine, map),
    });
    if (fields.length > 0) differences.push({ change: 'changed', kind: 'route', key, fields });
  }
  differences.push(...diffKeyPairSections(validA, validB, map));
  differences.push(...diffSettingsAndAccounts(validA, validB));
  return { equal: differences.length === 0, differences };
}

/**
 * Exports two deployments and compares them (secrets as markers unless
 * `includeSecrets`). `a` is limited to `namespaces`; `b` to the namespace
 * map's targets, or to `namespaces` when there is no map.
 */
export async function diffDeployments(
  a: PomeriumClient,
  b: PomeriumClient,
  options: {
    namespaceMap?: Record<string, string>;
    namespaces?: string[];
    includeSecrets?: boolean;
    signal?: AbortSignal;
  } = {},
): Promise<ConfigDiff> {
  const exportOptions = {
    ...(options.includeSecrets ? { includeSecrets: true } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const [left, right] = await Promise.all([
    exportConfig(a, { ...exportOptions, ...(options.namespaces ? { namespaces: options.namespaces } : {}) }),
    exportConfig(b, {
      ...exportOptions,
      ...(options.namespaceMap
        ? { namespaces: [...parseNamespaceMap(options.namespaceMap).values()] }
        : options.namespaces
          ? { namespaces: options.namespaces }
          : {}),
    }),
  ]);
  return diffConfigs(left, right, options.namespaceMap ? { namespaceMap: options.namespaceMap } : {});
}

import { type PomeriumClient, routeSettingKeys, stringifyPplCanonical } from '@pomerium-unified/core';
import { namespacePaths } from './config-keys.js';

/** What a backend holds, keyed by names instead of ids (ids differ between backends). */
export type BackendSnapshot = Map<string, string>;

/** One line of a comparison. */
export interface SnapshotDifference {
  /** What is compared, e.g. `route production/HTTP Bin › from`. */
  key: string;
  /** The value on the left backend, or undefined when absent. */
  left: string | undefined;
  /** The value on the right backend, or undefined when absent. */
  right: string | undefined;
  /** Whether both sides hold the same value. */
  equal: boolean;
}

function stable(value: unknown): string {
  return JSON.stringify(value, (_key, entry) =>
    entry && typeof entry === 'object' && !Array.isArray(entry)
      ? Object.fromEntries(Object.entries(entry).sort(([left], [right]) => left.localeCompare(right)))
      : entry,
  );
}

/**
 * Reads everything a backend holds through the client and keys it by names:
 * namespaces by path, policies by path and name (PPL in canonical form), routes
 * by path and name with every shared setting and the names of their policies.
 */
export async function snapshotBackend(
  client: PomeriumClient,
  options: { signal?: AbortSignal } = {},
): Promise<BackendSnapshot> {
  const call = options.signal ? { signal: options.signal } : {};
  const snapshot: BackendSnapshot = new Map();
  const [namespaces, policies, routes] = await Promise.all([
    client.namespaces.list(call).toArray(),
    client.policies.list(call).toArray(),
    client.routes.list(call).toArray(),
  ]);
  const paths = namespacePaths(namespaces);
  const pathOf = (id: string) => paths.get(id) ?? `unknown namespace ${id}`;
  for (const namespace of namespaces) {
    if (namespace.kind !== 'root') snapshot.set(`namespace ${pathOf(namespace.id)}`, namespace.kind);
  }
  const policyNames = new Map<string, string>();
  for (const policy of policies) {
    policyNames.set(policy.id, policy.name);
    const key = `policy ${pathOf(policy.namespaceId)}/${policy.name}`;
    snapshot.set(`${key} › ppl`, stringifyPplCanonical(policy.ppl));
    snapshot.set(`${key} › enforced`, String(policy.enforced));
    snapshot.set(`${key} › description`, policy.description);
    snapshot.set(`${key} › explanation`, policy.explanation);
    snapshot.set(`${key} › remediation`, policy.remediation);
  }
  for (const route of routes) {
    const key = `route ${pathOf(route.namespaceId)}/${route.name}`;
    snapshot.set(`${key} › from`, route.from);
    snapshot.set(`${key} › to`, stable(route.to));
    const names = (ids: string[]) => stable(ids.map((id) => policyNames.get(id) ?? `unknown policy ${id}`).sort());
    snapshot.set(`${key} › policies`, names(route.policyIds));
    snapshot.set(`${key} › enforced policies`, names(route.enforcedPolicyIds));
    for (const setting of routeSettingKeys) {
      const value = route[setting];
      if (value !== undefined) snapshot.set(`${key} › ${setting}`, stable(value));
    }
  }
  return snapshot;
}

/** Compares two snapshots key by key, in a stable order. */
export function compareSnapshots(left: BackendSnapshot, right: BackendSnapshot): SnapshotDifference[] {
  const keys = [...new Set([...left.keys(), ...right.keys()])].sort();
  return keys.map((key) => {
    const leftValue = left.get(key);
    const rightValue = right.get(key);
    return { key, left: leftValue, right: rightValue, equal: leftValue === rightValue };
  });
}

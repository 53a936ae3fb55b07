import type { ConfigKeyPair, PomeriumConfig } from './config-document.js';
import { mapPath } from './config-keys.js';
import type { ConfigDifference } from './diff-configs.js';
import { diffExtensions } from './diff-entries.js';
import type { FieldChange } from './sync-plan.js';

/**
 * The key-pair differences between two documents, matched by fingerprint
 * (`a`'s namespaces rewritten through the map): added, removed, or changed
 * name, namespace or extensions. Keyed by fingerprint.
 */
export function diffKeyPairSections(
  a: PomeriumConfig,
  b: PomeriumConfig,
  namespaceMap: ReadonlyMap<string, string>,
): ConfigDifference[] {
  const left = new Map((a.keyPairs ?? []).map((entry) => [entry.fingerprint, entry]));
  const right = new Map((b.keyPairs ?? []).map((entry) => [entry.fingerprint, entry]));
  const differences: ConfigDifference[] = [];
  const keys = [...new Set([...left.keys(), ...right.keys()])].sort();
  for (const key of keys) {
    const mine = left.get(key);
    const other = right.get(key);
    if (!other) differences.push({ change: 'removed', kind: 'keyPair', key });
    else if (!mine) differences.push({ change: 'added', kind: 'keyPair', key });
    else {
      const fields = diffKeyPairEntries({ ...mine, namespace: mapPath(mine.namespace, namespaceMap) }, other);
      if (fields.length > 0) differences.push({ change: 'changed', kind: 'keyPair', key, fields });
    }
  }
  return differences;
}

function diffKeyPairEntries(before: ConfigKeyPair, after: ConfigKeyPair): FieldChange[] {
  const fields: FieldChange[] = [];
  for (const field of ['namespace', 'name'] as const) {
    if (before[field] === after[field]) continue;
    fields.push({
      field,
      ...(before[field] === undefined ? {} : { before: before[field] }),
      ...(after[field] === undefined ? {} : { after: after[field] }),
    });
  }
  fields.push(...diffExtensions(after.extensions, before.extensions));
  return fields;
}

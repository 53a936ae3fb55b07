import { pplEquals, routeBooleanSettingsDefaultingToFalse, routeSettingKeys } from '@pomerium-unified/core';
import type { ConfigExtensions, ConfigPolicy, ConfigRoute } from './config-document.js';
import type { FieldChange } from './sync-plan.js';

/** Canonical JSON: object keys sorted. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, entry) =>
    entry && typeof entry === 'object' && !Array.isArray(entry)
      ? Object.fromEntries(Object.entries(entry).sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)))
      : entry,
  );
}

/** Deep equality by canonical JSON, with a fast path for primitives (most route settings). */
export function sameValue(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) return false;
  return canonicalJson(left) === canonicalJson(right);
}

function change(field: string, before: unknown, after: unknown): FieldChange {
  return {
    field,
    ...(before === undefined ? {} : { before: structuredClone(before) }),
    ...(after === undefined ? {} : { after: structuredClone(after) }),
  };
}

/** Field changes between two extension maps, key by key (`extensions.<backend>.<key>`). */
export function diffExtensions(
  desired: ConfigExtensions | undefined,
  current: ConfigExtensions | undefined,
): FieldChange[] {
  const changes: FieldChange[] = [];
  const backends = [...new Set([...Object.keys(desired ?? {}), ...Object.keys(current ?? {})])].sort();
  for (const backend of backends) {
    const want = desired?.[backend] ?? {};
    const have = current?.[backend] ?? {};
    for (const key of [...new Set([...Object.keys(want), ...Object.keys(have)])].sort()) {
      if (!sameValue(want[key], have[key])) {
        changes.push(change(`extensions.${backend}.${key}`, have[key], want[key]));
      }
    }
  }
  return changes;
}

/** Field changes that turn policy `current` into `desired`: defaults equal absent, PPL by meaning. */
export function diffPolicyEntries(desired: ConfigPolicy, current: ConfigPolicy): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of ['description', 'explanation', 'remediation'] as const) {
    if ((desired[field] ?? '') !== (current[field] ?? '')) changes.push(change(field, current[field], desired[field]));
  }
  if ((desired.enforced ?? false) !== (current.enforced ?? false)) {
    changes.push(change('enforced', current.enforced ?? false, desired.enforced ?? false));
  }
  if (!pplEquals(desired.ppl, current.ppl)) changes.push(change('ppl', current.ppl, desired.ppl));
  changes.push(...diffExtensions(desired.extensions, current.extensions));
  return changes;
}

const defaultOff = new Set<string>(routeBooleanSettingsDefaultingToFalse);

/**
 * Field changes that turn route `current` into `desired`. Policies are compared
 * as sets of keys (given resolved by the caller); default-off booleans equal
 * absent; fields listed in `ignore` (secrets kept as they are) are skipped.
 */
export function diffRouteEntries(
  desired: ConfigRoute,
  current: ConfigRoute,
  policyKeys: { desired: string[]; current: string[] },
): FieldChange[] {
  const changes: FieldChange[] = [];
  if (desired.from !== current.from) changes.push(change('from', current.from, desired.from));
  if (!sameValue(desired.to, current.to)) changes.push(change('to', current.to, desired.to));
  const wantPolicies = [...new Set(policyKeys.desired)].sort();
  const havePolicies = [...new Set(policyKeys.current)].sort();
  if (!sameValue(wantPolicies, havePolicies)) {
    changes.push(change('policies', current.policies ?? [], desired.policies ?? []));
  }
  const want = desired as unknown as Record<string, unknown>;
  const have = current as unknown as Record<string, unknown>;
  for (const key of routeSettingKeys) {
    let wanted = want[key] ?? undefined;
    let had = have[key] ?? undefined;
    if (defaultOff.has(key)) {
      wanted = wanted === true ? true : undefined;
      had = had === true ? true : undefined;
    }
    if (!sameValue(wanted, had)) changes.push(change(key, had, wanted));
  }
  changes.push(...diffExtensions(desired.extensions, current.extensions));
  return changes;
}

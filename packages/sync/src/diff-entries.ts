import { pplEquals, routeBooleanSettingsDefaultingToFalse, routeSettingKeys } from '@pomerium-unified/core';
import type { ConfigExtensions, ConfigPolicy, ConfigRoute } from './config-document.js';
import { keyPairRefFields } from './export-key-pairs.js';
import type { FieldChange } from './sync-plan.js';

/** Canonical JSON: object keys sorted. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, entry) =>
    entry && typeof entry === 'object' && !Array.isArray(entry)
      ? Object.fromEntries(Object.entries(entry).sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)))
      : entry,
  );
}

/** Whether `value` is an array or an object whose prototype is Object.prototype or null (JSON data). */
function isPlainData(value: object): boolean {
  if (Array.isArray(value)) return true;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

const notJson = Symbol('not JSON data');

/** A leaf as JSON writes it inside an array: undefined and non-finite numbers become null. */
function jsonLeaf(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'function' || typeof value === 'bigint' || typeof value === 'symbol') return notJson;
  return value;
}

/** Structural equality of JSON data, undefined members ignored; undefined when something is not plain data. */
function plainEqual(left: unknown, right: unknown): boolean | undefined {
  if (left === right) return true;
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) {
    const want = typeof left === 'object' && left !== null ? left : jsonLeaf(left);
    const have = typeof right === 'object' && right !== null ? right : jsonLeaf(right);
    if (want === notJson || have === notJson) return undefined;
    if (typeof want === 'object' && want !== null) return isPlainData(want) ? false : undefined;
    if (typeof have === 'object' && have !== null) return isPlainData(have) ? false : undefined;
    return want === have;
  }
  if (!isPlainData(left) || !isPlainData(right)) return undefined;
  if (Array.isArray(left) !== Array.isArray(right)) return false;
  if (Array.isArray(left)) {
    const other = right as unknown[];
    if (left.length !== other.length) return false;
    for (let index = 0; index < left.length; index++) {
      const equal = plainEqual(left[index], other[index]);
      if (equal !== true) return equal;
    }
    return true;
  }
  const want = left as Record<string, unknown>;
  const have = right as Record<string, unknown>;
  let count = 0;
  for (const key of Object.keys(want)) {
    const value = want[key];
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    count++;
    const other = Object.hasOwn(have, key) ? have[key] : undefined; // `__proto__` only as an own member
    if (other === undefined || typeof other === 'function' || typeof other === 'symbol') return false;
    const equal = plainEqual(value, other);
    if (equal !== true) return equal;
  }
  for (const key of Object.keys(have)) {
    const value = have[key];
    if (value !== undefined && typeof value !== 'function' && typeof value !== 'symbol') count--;
  }
  return count === 0;
}

/**
 * Deep equality as canonical JSON sees it (object keys in any order, undefined members left out): structural
 * for plain data, by canonical JSON for anything else (class instances, `toJSON`).
 */
export function sameValue(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) return false;
  return plainEqual(left, right) ?? canonicalJson(left) === canonicalJson(right);
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
  for (const [field] of keyPairRefFields) {
    if (desired[field] !== current[field]) changes.push(change(field, current[field], desired[field]));
  }
  changes.push(...diffExtensions(desired.extensions, current.extensions));
  return changes;
}

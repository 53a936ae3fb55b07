import {
  type BackendRoute,
  type BackendSyncRules,
  mapRouteSecrets,
  type Namespace,
  type Policy,
  type Route,
  routeBooleanSettingsDefaultingToFalse,
  routeSettingKeys,
  Secret,
} from '@pomerium-unified/core';
import type {
  ConfigExtensions,
  ConfigNamespace,
  ConfigPolicy,
  ConfigPolicyRef,
  ConfigRoute,
} from './config-document.js';
import { secretMarker } from './config-document.js';
import type { SyncObjectKind } from './sync-plan.js';

/**
 * A value with the keys of every nested object sorted, so documents come out in a fixed order. Arrays and
 * objects are copied (the result shares nothing mutable with the input), undefined members left out.
 */
export function sortKeysDeep<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const copy = new Array(value.length);
    for (let index = 0; index < value.length; index++) copy[index] = sortKeysDeep(value[index]);
    return copy as T;
  }
  const source = value as Record<string, unknown>;
  // Default sort order is by UTF-16 code units, as `<` compares strings.
  const keys = Object.keys(source).sort();
  const sorted: Record<string, unknown> = {};
  for (const key of keys) {
    const entry = source[key];
    if (entry === undefined) continue;
    if (key === '__proto__')
      Object.defineProperty(sorted, key, {
        value: sortKeysDeep(entry),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else sorted[key] = sortKeysDeep(entry);
  }
  return sorted as T;
}

/** The backend objects were read from: its name and the sync rules it declares. */
export interface EntryBackend {
  /** Backend name, the key of its extension bag. */
  name: string;
  /** Its declared rules: the read-only keys of its bag are left out of entries. */
  syncRules?: BackendSyncRules | undefined;
}

/**
 * The writable part of an object's extension bags: the keys the reading
 * backend declares read-only and empty bags left out.
 */
export function writableExtensions(
  extensions: Record<string, unknown> | undefined,
  kind: SyncObjectKind,
  reader: EntryBackend,
): ConfigExtensions | undefined {
  if (!extensions) return undefined;
  const result: ConfigExtensions = {};
  for (const backend of Object.keys(extensions).sort()) {
    const bag = extensions[backend];
    if (bag === null || typeof bag !== 'object' || Array.isArray(bag)) continue;
    const readOnly = (backend === reader.name ? reader.syncRules?.readOnlyExtensionKeys?.[kind] : undefined) ?? [];
    if (readOnly === '*') continue;
    const kept: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(bag)) {
      if (value === undefined || value === null || readOnly.includes(key)) continue;
      kept[key] = value;
    }
    if (Object.keys(kept).length > 0) result[backend] = sortKeysDeep(kept);
  }
  return Object.keys(result).length > 0 ? result : undefined;
}

const defaultOff = new Set<string>(routeBooleanSettingsDefaultingToFalse);

/** Where a policy lives, by name: what routes refer to. */
export interface PolicyLocation {
  /** Namespace path. */
  namespace: string;
  /** Policy name. */
  name: string;
}

/** What converting read objects into document entries needs. */
export interface EntryContext {
  /** Namespace id → path. */
  paths: ReadonlyMap<string, string>;
  /** Policy id → location. */
  policies: ReadonlyMap<string, PolicyLocation>;
  /** Keep secret values instead of the marker. */
  includeSecrets: boolean;
  /** The backend the objects were read from. */
  backend: EntryBackend;
}

/** The document entry of a namespace at `path`, read from `backend`. */
export function namespaceEntry(namespace: Namespace, path: string, backend: EntryBackend): ConfigNamespace {
  const entry: ConfigNamespace = { path };
  const extensions = writableExtensions(namespace.extensions, 'namespace', backend);
  if (extensions) entry.extensions = extensions;
  return entry;
}

function pathOf(context: EntryContext, namespaceId: string): string {
  return context.paths.get(namespaceId) ?? `?${namespaceId}`;
}

/** The document entry of a policy: no ids, no timestamps, no computed fields, empty strings left out. */
export function policyEntry(policy: Policy, context: EntryContext): ConfigPolicy {
  const entry: Record<string, unknown> = { namespace: pathOf(context, policy.namespaceId), name: policy.name };
  if (policy.description !== '') entry.description = policy.description;
  if (policy.enforced) entry.enforced = true;
  entry.ppl = sortKeysDeep(policy.ppl);
  if (policy.explanation !== '') entry.explanation = policy.explanation;
  if (policy.remediation !== '') entry.remediation = policy.remediation;
  const extensions = writableExtensions(policy.extensions, 'policy', context.backend);
  if (extensions) entry.extensions = extensions;
  return entry as unknown as ConfigPolicy;
}

/** Refers to a policy from a route in `routeNamespace`: by name in the same namespace, else namespace + name. */
export function policyRef(location: PolicyLocation, routeNamespace: string): ConfigPolicyRef {
  return location.namespace === routeNamespace ? location.name : { namespace: location.namespace, name: location.name };
}

/**
 * A route secret as a document holds it: the plain value with `includeSecrets`
 * (a masked Secret, whose value is unknown, still the marker), else the marker;
 * an empty value stays empty (nothing to hide).
 */
function documentSecret(value: unknown, includeSecrets: boolean): unknown {
  if (Secret.isSecret(value)) {
    if (value.masked) return secretMarker;
    const plain = value.reveal();
    return includeSecrets || plain === '' ? plain : secretMarker;
  }
  return includeSecrets || typeof value !== 'string' || value === '' ? value : secretMarker;
}

/**
 * The document entry of a route: shared settings in a fixed order, default-off
 * booleans only when on, policies by name, secrets replaced by the marker
 * unless `includeSecrets`. Policy ids the context does not know are returned
 * in `unknownPolicyIds`.
 */
export function routeEntry(
  route: Route | BackendRoute,
  context: EntryContext,
): { entry: ConfigRoute; unknownPolicyIds: string[] } {
  const namespace = pathOf(context, route.namespaceId);
  const unknownPolicyIds: string[] = [];
  const policies: ConfigPolicyRef[] = [];
  for (const id of route.policyIds) {
    const location = context.policies.get(id);
    if (location) policies.push(policyRef(location, namespace));
    else unknownPolicyIds.push(id);
  }
  const entry: Record<string, unknown> = { namespace, name: route.name, from: route.from, to: [...route.to] };
  if (policies.length > 0) entry.policies = policies;
  const values = mapRouteSecrets(route, (secret) =>
    documentSecret(secret, context.includeSecrets),
  ) as unknown as Record<string, unknown>;
  for (const key of routeSettingKeys) {
    const value = values[key];
    if (value === undefined || value === null) continue;
    if (value === false && defaultOff.has(key)) continue;
    entry[key] = typeof value === 'object' ? sortKeysDeep(value) : value;
  }
  const extensions = writableExtensions(route.extensions, 'route', context.backend);
  if (extensions) entry.extensions = extensions;
  return { entry: entry as unknown as ConfigRoute, unknownPolicyIds };
}

import {
  type BackendRoute,
  type NamespaceCreateInput,
  type Policy,
  type PolicyCreateInput,
  type PolicyUpdatePatch,
  PomeriumError,
  type Route,
  type RouteCreateInput,
  type RouteUpdatePatch,
  routeBooleanSettingsDefaultingToFalse,
  routeSettingKeys,
} from '@pomerium-unified/core';
import type { ConfigExtensions, ConfigPolicy, ConfigPolicyRef, ConfigRoute } from './config-document.js';
import { type EntryContext, policyEntry, routeEntry, writableExtensions } from './config-entries.js';
import { nameOfPath, objectKey, parentPathOf, rootPath } from './config-keys.js';
import { keyPairIdField, keyPairRefPatch, resolveKeyPairRefs } from './key-pair-writes.js';
import type { PlannedChange, SyncObjectKind } from './sync-plan.js';

/** Target ids known while applying: namespaces by path, policies by key. */
export interface IdResolver {
  /** Namespace path → id. */
  namespaces: Map<string, string>;
  /** Policy key → id. */
  policies: Map<string, string>;
  /** Key-pair fingerprint → id. */
  keyPairs?: Map<string, string>;
}

function missing(what: string, key: string): never {
  throw new PomeriumError(`${what} ${key} does not exist on the target (it was not created)`, {
    code: 'failed_precondition',
  });
}

/** The target id of a namespace path. */
export function namespaceId(ids: IdResolver, path: string): string {
  return ids.namespaces.get(path) ?? missing('Namespace', path);
}

/** The target ids of a route's policy references. */
export function policyIds(ids: IdResolver, namespace: string, refs: ConfigPolicyRef[] | undefined): string[] {
  return (refs ?? []).map((ref) => {
    const key = typeof ref === 'string' ? objectKey(namespace, ref) : objectKey(ref.namespace, ref.name);
    return ids.policies.get(key) ?? missing('Policy', key);
  });
}

/** The create input of a planned namespace. */
export function namespaceCreateInput(ids: IdResolver, path: string): NamespaceCreateInput {
  const parent = parentPathOf(path) ?? rootPath;
  const input: NamespaceCreateInput = { name: nameOfPath(path) };
  if (parent !== rootPath) input.parentId = namespaceId(ids, parent);
  return input;
}

/** The create input of a planned policy. */
export function policyCreateInput(ids: IdResolver, entry: ConfigPolicy): PolicyCreateInput {
  const input: PolicyCreateInput = {
    namespaceId: namespaceId(ids, entry.namespace),
    name: entry.name,
    ppl: entry.ppl,
    description: entry.description ?? '',
    enforced: entry.enforced ?? false,
    explanation: entry.explanation ?? '',
    remediation: entry.remediation ?? '',
  };
  if (entry.extensions) input.extensions = structuredClone(entry.extensions);
  return input;
}

/**
 * The create input of a planned route: settings as in the entry, policies and namespace resolved to target ids.
 * Nested values are shared with the entry, not copied: writes only read their input (the client validates a
 * snapshot of it), and the plan's entries are not changed while applying.
 */
export function routeCreateInput(ids: IdResolver, entry: ConfigRoute): RouteCreateInput {
  const { namespace, policies, extensions, ...rest } = entry;
  const input = {
    ...resolveKeyPairRefs(ids.keyPairs, rest),
    namespaceId: namespaceId(ids, namespace),
    policyIds: policyIds(ids, namespace, policies),
  } as RouteCreateInput;
  if (extensions) input.extensions = extensions;
  return input;
}

function extensionPatch(
  patch: Record<string, unknown>,
  field: string,
  entry: { extensions?: ConfigExtensions },
): boolean {
  const match = /^extensions\.([^.]+)\.(.+)$/.exec(field);
  if (!match) return false;
  const [, backend, key] = match as unknown as [string, string, string];
  patch.extensions ??= {};
  const extensions = patch.extensions as ConfigExtensions;
  extensions[backend] ??= {};
  const value = entry.extensions?.[backend]?.[key];
  extensions[backend]![key] = value === undefined ? null : structuredClone(value);
  return true;
}

/** The partial patch of a planned policy update: exactly the fields of its diff, values from the desired entry. */
export function policyUpdatePatch(change: PlannedChange): PolicyUpdatePatch {
  const entry = change.desired as ConfigPolicy;
  const patch: Record<string, unknown> = {};
  for (const { field } of change.diff ?? []) {
    if (extensionPatch(patch, field, entry)) continue;
    if (field === 'enforced') patch.enforced = entry.enforced ?? false;
    else if (field === 'ppl') patch.ppl = entry.ppl;
    else patch[field] = (entry as unknown as Record<string, unknown>)[field] ?? '';
  }
  return patch as PolicyUpdatePatch;
}

/**
 * The partial patch of a planned route update: exactly the fields of its diff,
 * values from the desired entry (the diff may show secrets redacted), `null`
 * for cleared settings.
 */
export function routeUpdatePatch(ids: IdResolver, change: PlannedChange): RouteUpdatePatch {
  const entry = change.desired as ConfigRoute;
  const values = entry as unknown as Record<string, unknown>;
  const patch: Record<string, unknown> = {};
  for (const { field } of change.diff ?? []) {
    if (extensionPatch(patch, field, entry)) continue;
    if (keyPairRefPatch(patch, field, entry, ids.keyPairs)) continue;
    if (field === 'policies') patch.policyIds = policyIds(ids, entry.namespace, entry.policies);
    else if (field === 'to') patch.to = [...entry.to];
    else patch[field] = values[field] === undefined ? null : structuredClone(values[field]);
  }
  return patch as RouteUpdatePatch;
}

const defaultOff = new Set<string>(routeBooleanSettingsDefaultingToFalse);
const extensionFieldPattern = /^extensions\.([^.]+)\.(.+)$/;

/**
 * Whether the document entry of `stored` would hold `field` (see `policyEntry` and `routeEntry`), read from the
 * object itself; undefined for a field this shortcut does not know (the caller then builds the entry).
 */
function entryHolds(
  kind: SyncObjectKind,
  stored: Policy | Route | BackendRoute,
  field: string,
  context: EntryContext,
): boolean | undefined {
  const value = (stored as unknown as Record<string, unknown>)[field];
  if (kind === 'policy') {
    if (field === 'description' || field === 'explanation' || field === 'remediation') return value !== '';
    if (field === 'enforced') return value === true;
    return field === 'ppl' ? true : undefined;
  }
  if (field === 'policies') return (stored as Route | BackendRoute).policyIds.some((id) => context.policies.has(id));
  if (!routeSettingKeySet.has(field)) return undefined;
  return value !== undefined && value !== null && !(value === false && defaultOff.has(field));
}

const routeSettingKeySet = new Set<string>(routeSettingKeys);

/**
 * Fields written but absent from what the server returned: an older console
 * ignoring a newer field. Only fields the write set (to a value) count.
 */
export function serverDroppedFields(
  kind: SyncObjectKind,
  written: ConfigPolicy | ConfigRoute,
  stored: Policy | Route | BackendRoute,
  context: EntryContext,
  fields?: string[],
): string[] {
  // The stored object's document entry, built only for fields the shortcut does not know.
  let entry: Record<string, unknown> | undefined;
  const readBack = () => {
    entry ??=
      kind === 'policy'
        ? (policyEntry(stored as Policy, context) as unknown as Record<string, unknown>)
        : (routeEntry(stored as Route, context).entry as unknown as Record<string, unknown>);
    return entry;
  };
  let storedExtensions: ConfigExtensions | undefined | null = null;
  const sent = written as unknown as Record<string, unknown>;
  const sentExtensions = sent.extensions as ConfigExtensions | undefined;
  const candidates = fields ?? [
    ...(kind === 'route' ? routeSettingKeys : ['description', 'explanation', 'remediation']),
    ...Object.entries(sentExtensions ?? {}).flatMap(([backend, bag]) =>
      Object.keys(bag).map((key) => `extensions.${backend}.${key}`),
    ),
  ];
  const dropped: string[] = [];
  for (const field of candidates) {
    const match = field.startsWith('extensions.') ? extensionFieldPattern.exec(field) : null;
    if (match) {
      const value = sentExtensions?.[match[1]!]?.[match[2]!];
      if (value === undefined || value === null || value === false || value === '') continue;
      if (storedExtensions === null) storedExtensions = writableExtensions(stored.extensions, kind, context.backend);
      if (storedExtensions?.[match[1]!]?.[match[2]!] === undefined) dropped.push(field);
      continue;
    }
    const value = sent[field];
    if (value === undefined || value === null || value === false || value === '') continue;
    // A key-pair reference is written by fingerprint and stored by id.
    const idField = keyPairIdField(field);
    const holds = idField
      ? (stored as unknown as Record<string, unknown>)[idField] !== undefined
      : (entryHolds(kind, stored, field, context) ?? readBack()[field] !== undefined);
    if (!holds) dropped.push(field);
  }
  return dropped;
}

import type {
  Namespace,
  NamespaceCreateInput,
  NamespaceUpdatePatch,
  Policy,
  PolicyCreateInput,
  PolicyUpdatePatch,
  Route,
  RouteCreateInput,
  RouteUpdatePatch,
} from './model.js';
import { routeBooleanSettingsDefaultingToFalse } from './model.js';
import { PomeriumError } from './pomerium-error.js';
import { normalizePpl, type PplInput, pplEquals } from './ppl.js';
import { normalizeRouteDurations, routeSettingKeys } from './route-patch.js';
import { cloneWithSecrets, revealSecretsForComparison } from './route-secrets.js';
import { Secret } from './secret.js';

/** Canonical JSON: object keys sorted, so key order never makes two values differ. */
function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, entry) =>
    entry && typeof entry === 'object' && !Array.isArray(entry)
      ? Object.fromEntries(Object.entries(entry).sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)))
      : entry,
  );
}

/** Equal as data; a `Secret` equals the same value as a string or a Secret (compared in memory, never shown). */
function same(left: unknown, right: unknown): boolean {
  return canonical(revealSecretsForComparison(left)) === canonical(revealSecretsForComparison(right));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The extension part of a patch: per backend key, the keys whose value differs,
 * and `null` for keys the current bag holds and the desired one does not.
 * Undefined when nothing differs or `desired` carries no `extensions`.
 */
function extensionsPatch(
  desired: Record<string, unknown> | undefined,
  current: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  if (desired === undefined) return undefined;
  const patch: Record<string, unknown> = {};
  for (const backend of new Set([...Object.keys(desired), ...Object.keys(current ?? {})])) {
    const want = isRecord(desired[backend]) ? desired[backend] : {};
    const have = isRecord(current?.[backend]) ? (current?.[backend] as Record<string, unknown>) : {};
    const bag: Record<string, unknown> = {};
    for (const key of new Set([...Object.keys(want), ...Object.keys(have)])) {
      if (want[key] === undefined || want[key] === null) {
        if (have[key] !== undefined && have[key] !== null) bag[key] = null;
      } else if (!same(want[key], have[key])) bag[key] = cloneWithSecrets(want[key]);
    }
    if (Object.keys(bag).length > 0) patch[backend] = bag;
  }
  return Object.keys(patch).length > 0 ? patch : undefined;
}

function routeUpdatePatch(desiredInput: RouteCreateInput | Route, current: Route): RouteUpdatePatch {
  const desired = normalizeRouteDurations(desiredInput as RouteCreateInput) as Record<string, unknown>;
  const have = current as unknown as Record<string, unknown>;
  const patch: Record<string, unknown> = {};
  if (desired.name !== current.name) patch.name = desired.name;
  if (desired.from !== current.from) patch.from = desired.from;
  for (const key of ['to', 'policyIds'] as const) {
    const want = (desired[key] as string[] | undefined) ?? [];
    if (!same(want, current[key])) patch[key] = [...want];
  }
  const defaultOff = routeBooleanSettingsDefaultingToFalse as readonly string[];
  for (const key of routeSettingKeys) {
    const want = desired[key] ?? undefined;
    const value = have[key] ?? undefined;
    if (defaultOff.includes(key)) {
      if ((want === true) !== (value === true)) patch[key] = want === true ? true : null;
    } else if (want === undefined) {
      if (value !== undefined) patch[key] = null;
    } else if (Secret.isSecret(want) && want.masked) {
      // A secret read back masked: its value is unknown, so what `current` holds is kept.
    } else if (!same(want, value)) patch[key] = cloneWithSecrets(want);
  }
  const extensions = extensionsPatch(desired.extensions as Record<string, unknown> | undefined, current.extensions);
  if (extensions) patch.extensions = extensions;
  return patch as RouteUpdatePatch;
}

function policyUpdatePatch(desired: PolicyCreateInput | Policy, current: Policy): PolicyUpdatePatch {
  const patch: PolicyUpdatePatch = {};
  if (desired.name !== current.name) patch.name = desired.name;
  for (const key of ['description', 'explanation', 'remediation'] as const) {
    const want = desired[key] ?? '';
    if (want !== current[key]) patch[key] = want;
  }
  if ((desired.enforced ?? false) !== current.enforced) patch.enforced = desired.enforced ?? false;
  if (!pplEquals(normalizePpl(desired.ppl), current.ppl)) patch.ppl = normalizePpl(desired.ppl as PplInput);
  const extensions = extensionsPatch(desired.extensions as Record<string, unknown> | undefined, current.extensions);
  if (extensions) patch.extensions = extensions;
  return patch;
}

function namespaceUpdatePatch(desired: NamespaceCreateInput | Namespace, current: Namespace): NamespaceUpdatePatch {
  const patch: NamespaceUpdatePatch = {};
  if (desired.name !== current.name) patch.name = desired.name;
  if (desired.parentId !== undefined && desired.parentId !== current.parentId) patch.parentId = desired.parentId;
  const extensions = extensionsPatch(desired.extensions as Record<string, unknown> | undefined, current.extensions);
  if (extensions) patch.extensions = extensions;
  return patch;
}

/**
 * The patch that turns `current` (as read) into `desired` (an input or a read
 * object of the same kind): only the fields that differ, and `null` (routes),
 * `''` / `false` (policies) for every setting `current` holds and `desired`
 * leaves out, so keys absent from `desired` are cleared. PPL is compared by
 * meaning, durations in canonical form. Extension bags are compared key by
 * key when `desired` carries `extensions`: differing keys are sent, keys only
 * `current` holds are sent as `null`. An empty object means "nothing to do".
 */
export function toUpdatePatch(desired: RouteCreateInput | Route, current: Route): RouteUpdatePatch;
export function toUpdatePatch(desired: PolicyCreateInput | Policy, current: Policy): PolicyUpdatePatch;
export function toUpdatePatch(desired: NamespaceCreateInput | Namespace, current: Namespace): NamespaceUpdatePatch;
export function toUpdatePatch(
  desired: RouteCreateInput | Route | PolicyCreateInput | Policy | NamespaceCreateInput | Namespace,
  current: Route | Policy | Namespace,
): RouteUpdatePatch | PolicyUpdatePatch | NamespaceUpdatePatch {
  if (!isRecord(desired as unknown) || !isRecord(current as unknown)) {
    throw new PomeriumError('toUpdatePatch needs two routes, policies or namespaces', { code: 'invalid_argument' });
  }
  if ('from' in current) return routeUpdatePatch(desired as unknown as Route, current);
  if ('ppl' in current) return policyUpdatePatch(desired as unknown as Policy, current);
  if ('kind' in current) return namespaceUpdatePatch(desired as unknown as Namespace, current);
  throw new PomeriumError('toUpdatePatch needs two routes, policies or namespaces', { code: 'invalid_argument' });
}

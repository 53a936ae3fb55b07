import { normalizeDuration } from './duration.js';
import {
  type Policy,
  type PolicyUpdatePatch,
  type Route,
  type RouteUpdatePatch,
  routeBooleanSettingsDefaultingToFalse,
} from './model.js';
import type { RouteHealthCheck } from './route-schema.js';
import { routeSettingsShape } from './route-schema.js';
import type { BackendRoute } from './route-secrets.js';

/** The names of every shared route setting, in a stable order. */
export const routeSettingKeys = Object.keys(routeSettingsShape) as (keyof typeof routeSettingsShape)[];

/** The seven route booleans a read route always carries, as stored or `false`. */
export type RouteBooleanDefaults = Pick<Route, (typeof routeBooleanSettingsDefaultingToFalse)[number]>;

/**
 * Returns `settings` with each of the seven booleans Pomerium turns off by
 * default set to `false` when absent. Adapters apply it when reading a route.
 */
export function withRouteBooleanDefaults<Settings extends Partial<RouteBooleanDefaults>>(
  settings: Settings,
): Settings & RouteBooleanDefaults {
  const next = { ...settings } as Settings & RouteBooleanDefaults;
  for (const key of routeBooleanSettingsDefaultingToFalse) next[key] ??= false;
  return next;
}

/**
 * Applies a validated route patch to a route in the core model and returns the
 * new route: absent keys are kept, `null` clears a setting (the seven default-off
 * booleans become `false`), `extensions` are
 * merged per backend key. Adapters use it for read-modify-write.
 */
export function applyRoutePatch<Stored extends BackendRoute>(route: Stored, patch: RouteUpdatePatch): Stored {
  const next: Record<string, unknown> = { ...route };
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'extensions' || value === undefined) continue;
    if (value === null) {
      if ((routeBooleanSettingsDefaultingToFalse as readonly string[]).includes(key)) next[key] = false;
      else delete next[key];
    } else next[key] = value;
  }
  if (patch.extensions) next.extensions = { ...route.extensions, ...patch.extensions };
  return next as unknown as Stored;
}

/**
 * Rewrites every duration of a route input or patch (`timeout`, `idleTimeout`,
 * health check `timeout`/`interval`) to the canonical `90s` form, so values
 * read back from any backend compare equal to what was written.
 */
export function normalizeRouteDurations<
  Input extends { timeout?: string | null; idleTimeout?: string | null; healthChecks?: RouteHealthCheck[] | null },
>(input: Input): Input {
  const next = { ...input };
  if (typeof next.timeout === 'string') next.timeout = normalizeDuration(next.timeout);
  if (typeof next.idleTimeout === 'string') next.idleTimeout = normalizeDuration(next.idleTimeout);
  if (Array.isArray(next.healthChecks)) {
    next.healthChecks = next.healthChecks.map((check) => ({
      ...check,
      timeout: normalizeDuration(check.timeout),
      interval: normalizeDuration(check.interval),
    }));
  }
  return next;
}

/**
 * Applies a validated policy patch to a policy in the core model and returns
 * the new policy: absent keys are kept, `ppl` is replaced as a whole (in its
 * canonical array form), `extensions` are merged per backend key.
 */
export function applyPolicyPatch(policy: Policy, patch: PolicyUpdatePatch): Policy {
  const next: Policy = { ...policy };
  if (patch.name !== undefined) next.name = patch.name;
  if (patch.description !== undefined) next.description = patch.description;
  if (patch.enforced !== undefined) next.enforced = patch.enforced;
  if (patch.explanation !== undefined) next.explanation = patch.explanation;
  if (patch.remediation !== undefined) next.remediation = patch.remediation;
  if (patch.ppl !== undefined) next.ppl = Array.isArray(patch.ppl) ? patch.ppl : [patch.ppl];
  if (patch.extensions !== undefined) next.extensions = { ...policy.extensions, ...patch.extensions };
  return next;
}

import { normalizeDuration } from './duration.js';
import type { Route, RouteUpdatePatch } from './model.js';
import type { RouteHealthCheck } from './route-schema.js';
import { routeSettingsShape } from './route-schema.js';

/** The names of every shared route setting, in a stable order. */
export const routeSettingKeys = Object.keys(routeSettingsShape) as (keyof typeof routeSettingsShape)[];

/**
 * Applies a validated route patch to a route in the core model and returns the
 * new route: absent keys are kept, `null` clears a setting, `extensions` are
 * merged per backend key. Adapters use it for read-modify-write.
 */
export function applyRoutePatch(route: Route, patch: RouteUpdatePatch): Route {
  const next: Record<string, unknown> = { ...route };
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'extensions' || value === undefined) continue;
    if (value === null) delete next[key];
    else next[key] = value;
  }
  if (patch.extensions) next.extensions = { ...route.extensions, ...patch.extensions };
  return next as unknown as Route;
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

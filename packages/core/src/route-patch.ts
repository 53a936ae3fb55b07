import type { Route, RouteUpdatePatch } from './model.js';
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

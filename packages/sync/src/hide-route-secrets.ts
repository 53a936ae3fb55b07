import { mapRouteSecrets } from '@pomerium-unified/core';
import type { ConfigRoute } from './config-document.js';
import { secretMarker } from './config-document.js';

const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

type Inspect = (value: unknown, options: unknown) => string;

/**
 * Makes `util.inspect` (and `console.log`) show a route entry with the marker
 * in place of each plain secret value. A plan must hold the values it writes
 * (it is saved and applied later), so JSON is left as is; the hook is a
 * non-enumerable property, which copies and JSON leave out. Returns `entry`.
 */
export function hideRouteSecretsFromInspect(entry: ConfigRoute): ConfigRoute {
  const shown = mapRouteSecrets(entry, (value) =>
    typeof value === 'string' && value !== '' && value !== secretMarker ? secretMarker : value,
  );
  if (shown === entry) return entry;
  Object.defineProperty(entry, inspectCustom, {
    value: (_depth: number, options: unknown, inspect: Inspect) => inspect({ ...shown }, options),
    configurable: true,
  });
  return entry;
}

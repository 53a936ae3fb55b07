import type { ConfigSettings } from './config-document.js';
import { secretMarker } from './config-document.js';

const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

type Inspect = (value: unknown, options: unknown) => string;

/**
 * Makes `util.inspect` (and `console.log`) show planned settings with the
 * marker in place of each secret value (`secretFields`, extension secrets as
 * `extensions.<backend>.<key>`). The plan keeps the values it writes, so JSON
 * is left as is; the hook is a non-enumerable property that copies and JSON
 * leave out. Returns `entry`.
 */
export function hideSettingsSecretsFromInspect(
  entry: ConfigSettings,
  secretFields: ReadonlySet<string>,
): ConfigSettings {
  const shown: Record<string, unknown> = { ...entry };
  let hidden = false;
  const hide = (value: unknown) => {
    hidden = true;
    return Array.isArray(value) ? value.map(() => secretMarker) : secretMarker;
  };
  for (const field of Object.keys(shown)) if (secretFields.has(field)) shown[field] = hide(shown[field]);
  if (entry.extensions) {
    const extensions: Record<string, Record<string, unknown>> = {};
    for (const [backend, bag] of Object.entries(entry.extensions)) {
      extensions[backend] = Object.fromEntries(
        Object.entries(bag).map(([key, value]) => [
          key,
          secretFields.has(`extensions.${backend}.${key}`) ? hide(value) : value,
        ]),
      );
    }
    shown.extensions = extensions;
  }
  if (!hidden) return entry;
  Object.defineProperty(entry, inspectCustom, {
    value: (_depth: number, options: unknown, inspect: Inspect) => inspect(shown, options),
    configurable: true,
  });
  return entry;
}

import type * as z from 'zod';
import { routeSettingsShape } from './route-schema.js';

interface SchemaDefinition {
  type: string;
  innerType?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  options?: z.ZodType[];
  discriminator?: string;
  values?: unknown[];
}

function definition(schema: z.ZodType): SchemaDefinition {
  return (schema as unknown as { _zod: { def: SchemaDefinition } })._zod.def;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pointer(segments: readonly (string | number)[]): string {
  return segments.map((segment) => `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/** Picks the object option of a union that fits `value`: by discriminator, else by most shared keys. */
function pickOption(options: z.ZodType[], discriminator: string | undefined, value: Record<string, unknown>) {
  const objects = options.filter((option) => definition(unwrap(option)).type === 'object').map(unwrap);
  if (discriminator !== undefined) {
    const match = objects.find((option) =>
      definition(definition(option).shape?.[discriminator] ?? option).values?.includes(value[discriminator]),
    );
    if (match) return match;
  }
  let best: z.ZodType | undefined;
  let bestScore = -1;
  for (const option of objects) {
    const keys = Object.keys(definition(option).shape ?? {});
    const score = Object.keys(value).filter((key) => keys.includes(key)).length;
    if (score > bestScore) {
      best = option;
      bestScore = score;
    }
  }
  return best;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let def = definition(current); def.innerType && ['optional', 'nullable', 'default'].includes(def.type); ) {
    current = def.innerType;
    def = definition(current);
  }
  return current;
}

function separate(
  schema: z.ZodType,
  value: unknown,
  path: (string | number)[],
  unknown: Record<string, unknown>,
): unknown {
  const unwrapped = unwrap(schema);
  const def = definition(unwrapped);
  if (def.type === 'array' && def.element && Array.isArray(value)) {
    return value.map((item, index) => separate(def.element!, item, [...path, index], unknown));
  }
  if (def.type === 'union' && def.options && isRecord(value)) {
    const option = pickOption(def.options, def.discriminator, value);
    return option ? separate(option, value, path, unknown) : value;
  }
  if (def.type === 'object' && def.shape && isRecord(value)) {
    const known: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) {
      const field = def.shape[key];
      if (field) known[key] = separate(field, entry, [...path, key], unknown);
      else if (entry !== undefined) unknown[pointer([...path, key])] = structuredClone(entry);
    }
    return known;
  }
  return value;
}

/** True when a value of `schema` may hold objects, where {@link separate} looks for unknown keys. */
function mayHoldObjects(schema: z.ZodType): boolean {
  const def = definition(unwrap(schema));
  if (def.type === 'object') return true;
  if (def.type === 'union') return (def.options ?? []).some((option) => definition(unwrap(option)).type === 'object');
  if (def.type === 'array' && def.element) return mayHoldObjects(def.element);
  return false;
}

let structuredSettings: [string, z.ZodType][] | undefined;

/**
 * The shared settings whose values may hold objects (health checks, redirect,
 * response, mcp, …), computed once: the others (strings, booleans, string
 * lists, string maps) cannot carry an unknown nested key, so they are not walked.
 */
function structuredRouteSettings(): [string, z.ZodType][] {
  structuredSettings ??= Object.entries(routeSettingsShape as Record<string, z.ZodType>).filter(([, schema]) =>
    mayHoldObjects(schema),
  );
  return structuredSettings;
}

/**
 * Splits a route's shared settings into what the core schemas know and the
 * nested keys they do not know (a newer console's additions inside
 * `redirect`, a health check, `mcp`, …). The unknown keys come back keyed by
 * JSON Pointer (`/redirect/newKey`, `/healthChecks/0/newKey`) so an adapter
 * can keep them in its extension bag: a read object then passes the strict
 * schemas, and {@link restoreUnknownRouteKeys} puts them back on write.
 * Top-level keys outside the shared settings are left alone. Only settings
 * that may hold objects are walked (and copied where they hold unknown keys);
 * the others are kept as they are.
 */
export function separateUnknownRouteKeys<Settings extends Record<string, unknown>>(
  settings: Settings,
): { known: Settings; unknown: Record<string, unknown> } {
  const unknown: Record<string, unknown> = {};
  const known: Record<string, unknown> = { ...settings };
  for (const [key, schema] of structuredRouteSettings()) {
    const value = known[key];
    if (value !== undefined && value !== null) known[key] = separate(schema, value, [key], unknown);
  }
  return { known: known as Settings, unknown };
}

/**
 * Puts keys kept by {@link separateUnknownRouteKeys} back into `target` (a
 * wire object under construction). `rename` maps a pointer to the target's
 * layout (return undefined to skip one); a key is restored only where its
 * parent object exists and the key is not already set.
 */
export function restoreUnknownRouteKeys(
  target: Record<string, unknown>,
  unknown: Record<string, unknown> | undefined,
  rename: (path: string) => string | undefined = (path) => path,
): void {
  if (!isRecord(unknown)) return;
  for (const [path, value] of Object.entries(unknown)) {
    const renamed = rename(path);
    if (renamed === undefined) continue;
    const segments = renamed
      .split('/')
      .slice(1)
      .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
    let current: unknown = target;
    for (const segment of segments.slice(0, -1)) {
      current = isRecord(current) || Array.isArray(current) ? (current as Record<string, unknown>)[segment] : undefined;
    }
    const last = segments.at(-1);
    if (last !== undefined && isRecord(current) && current[last] === undefined) current[last] = structuredClone(value);
  }
}

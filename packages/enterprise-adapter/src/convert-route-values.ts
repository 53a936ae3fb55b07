/** Small readers shared by the route conversions: implicit fields read their zero value as "unset". */

/** Inverts an enum table (core name → proto value) into proto value → core name. */
export function reverse<Key extends string | number, Value extends number>(table: Record<Key, Value>): Map<Value, Key> {
  return new Map(
    Object.entries(table).map(([key, value]) => [value as Value, (/^\d+$/.test(key) ? Number(key) : key) as Key]),
  );
}

/** `""` → undefined. */
export function nonEmptyString(value: string): string | undefined {
  return value === '' ? undefined : value;
}

/** An empty list → undefined; otherwise a copy. */
export function nonEmptyList<T>(values: readonly T[]): T[] | undefined {
  return values.length > 0 ? [...values] : undefined;
}

/** An empty map → undefined; otherwise a copy. */
export function nonEmptyMap(values: Record<string, string>): Record<string, string> | undefined {
  return Object.keys(values).length > 0 ? { ...values } : undefined;
}

/** A copy of an object without its `undefined` entries. */
export function definedEntries<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

/** Reads a dotted path of an object. */
export function getPath(object: unknown, path: string): unknown {
  let current: unknown = object;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** Sets a dotted path of an object, creating objects on the way; `undefined` deletes the last key. */
export function setPath(object: Record<string, unknown>, path: string, value: unknown): void {
  const segments = path.split('.');
  let current: Record<string, unknown> = object;
  for (const segment of segments.slice(0, -1)) {
    const next = current[segment];
    if (next === null || typeof next !== 'object') {
      if (value === undefined) return;
      current[segment] = {};
    }
    current = current[segment] as Record<string, unknown>;
  }
  const last = segments.at(-1)!;
  if (value === undefined) delete current[last];
  else current[last] = value;
}

import { pplEquals } from './ppl.js';
import { Secret } from './secret.js';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value a cleared setting (`null` in a patch) may read back as: absent, null, false, '', [] or {}. */
function isCleared(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return isPlainObject(value) && Object.values(value).every((entry) => entry === undefined);
}

/** Deep equality of plain data; keys whose value is undefined count as absent; a Secret equals its value. */
function deepEquals(left: unknown, right: unknown): boolean {
  if (Object.is(left, right)) return true;
  if (Secret.isSecret(left)) return typeof right === 'string' || Secret.isSecret(right) ? left.equals(right) : false;
  if (Secret.isSecret(right)) return typeof left === 'string' ? right.equals(left) : false;
  if (Array.isArray(left) || Array.isArray(right)) {
    if (!Array.isArray(left) || !Array.isArray(right) || left.length !== right.length) return false;
    return left.every((item, index) => deepEquals(item, right[index]));
  }
  if (!isPlainObject(left) || !isPlainObject(right)) return false;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const key of keys) {
    if (!deepEquals(left[key], right[key])) return false;
  }
  return true;
}

function samePpl(stored: unknown, patched: unknown): boolean {
  try {
    return pplEquals(stored as never, patched as never);
  } catch {
    return false;
  }
}

/**
 * True when every field a (validated, normalised) patch names already holds the
 * patched value in `item`, as read back after an update whose answer was lost:
 * PPL compared with `pplEquals`, lists and objects deeply, `null` (cleared)
 * matching an absent, empty or default-off value. False whenever in doubt: the
 * client then re-sends the update once, which writes only the patch's fields.
 */
export function isPatchApplied(item: object, patch: object): boolean {
  const stored = item as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const current = stored[key];
    if (value === null) {
      if (!isCleared(current)) return false;
    } else if (key === 'ppl') {
      if (!samePpl(current, value)) return false;
    } else if (!deepEquals(current, value)) {
      return false;
    }
  }
  return true;
}

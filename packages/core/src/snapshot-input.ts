import { inputLimits } from './input-limits.js';
import { PomeriumError } from './pomerium-error.js';

/** Thrown inside the snapshot walk; turned into an `invalid_argument` PomeriumError at the top. */
class SnapshotProblem {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {}
}

function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

interface Budget {
  values: number;
}

function isPlainPrototype(prototype: unknown): boolean {
  return prototype === Object.prototype || prototype === null;
}

function snapshotValue(value: unknown, path: string, depth: number, budget: Budget, ancestors: Set<object>): unknown {
  budget.values += 1;
  if (budget.values > inputLimits.maxValues) {
    throw new SnapshotProblem(path, `the input has more than ${inputLimits.maxValues} values`);
  }
  switch (typeof value) {
    case 'string':
      if (value.length > inputLimits.maxStringLength) {
        throw new SnapshotProblem(path, `must be at most ${inputLimits.maxStringLength} characters`);
      }
      return value;
    case 'boolean':
    case 'undefined':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new SnapshotProblem(path, 'must be a finite number');
      return value;
    case 'bigint':
      throw new SnapshotProblem(path, 'must not be a BigInt (use a number or a string)');
    case 'function':
      throw new SnapshotProblem(path, 'must not be a function');
    case 'symbol':
      throw new SnapshotProblem(path, 'must not be a symbol');
  }
  if (value === null) return null;
  const object = value as object;
  if (depth >= inputLimits.maxDepth) {
    throw new SnapshotProblem(path, `nesting exceeds the limit of ${inputLimits.maxDepth} levels`);
  }
  if (ancestors.has(object)) throw new SnapshotProblem(path, 'must not contain a circular reference');
  let isArray: boolean;
  let keys: string[];
  try {
    isArray = Array.isArray(object);
    if (!isArray && !isPlainPrototype(Object.getPrototypeOf(object))) {
      throw new SnapshotProblem(path, 'must be plain data (an object literal, an array, a string, a number, …)');
    }
    keys = isArray ? [] : Object.keys(object);
  } catch (error) {
    if (error instanceof SnapshotProblem) throw error;
    throw new SnapshotProblem(path, 'could not be read');
  }
  ancestors.add(object);
  try {
    if (isArray) {
      const array = object as unknown[];
      let length: number;
      try {
        length = array.length;
      } catch {
        throw new SnapshotProblem(path, 'could not be read');
      }
      if (!Number.isSafeInteger(length) || length > inputLimits.maxListLength) {
        throw new SnapshotProblem(path, `must have at most ${inputLimits.maxListLength} items`);
      }
      const copy: unknown[] = [];
      for (let index = 0; index < length; index += 1) {
        const at = childPath(path, index);
        let item: unknown;
        try {
          item = array[index];
        } catch {
          throw new SnapshotProblem(at, 'could not be read');
        }
        if (item === undefined) throw new SnapshotProblem(at, 'must not be undefined or a hole');
        copy.push(snapshotValue(item, at, depth + 1, budget, ancestors));
      }
      return copy;
    }
    if (keys.length > inputLimits.maxListLength) {
      throw new SnapshotProblem(path, `must have at most ${inputLimits.maxListLength} keys`);
    }
    const copy: Record<string, unknown> = {};
    for (const key of keys) {
      const at = childPath(path, key);
      if (key === '__proto__') {
        throw new SnapshotProblem(at, `"${key}" is not an acceptable key`);
      }
      if (key.length > inputLimits.maxStringLength) {
        throw new SnapshotProblem(path, `keys must be at most ${inputLimits.maxStringLength} characters`);
      }
      let item: unknown;
      try {
        item = (object as Record<string, unknown>)[key];
      } catch {
        throw new SnapshotProblem(at, 'could not be read');
      }
      const snapshot = snapshotValue(item, at, depth + 1, budget, ancestors);
      if (snapshot !== undefined) copy[key] = snapshot;
    }
    return copy;
  } finally {
    ancestors.delete(object);
  }
}

/**
 * Copies `value` into plain data (objects, arrays, strings, finite numbers,
 * booleans, null) within {@link inputLimits}, before any schema sees it. Proxies
 * and getters are read exactly once; whatever throws, cycles, BigInts,
 * functions, symbols, class instances, `__proto__` keys, holes, and inputs beyond the depth, size, string or list limits give
 * `invalid_argument` naming the `field` (`rootField` when the input itself is at
 * fault; `what` names the input in the message).
 * Keys whose value is `undefined` are left out, as JSON would.
 */
export function snapshotInput(value: unknown, what: string, rootField = 'input'): unknown {
  try {
    return snapshotValue(value, '', 0, { values: 0 }, new Set());
  } catch (error) {
    if (error instanceof SnapshotProblem) {
      throw new PomeriumError(`Invalid ${what}: ${error.path || '(input)'}: ${error.problem}`, {
        code: 'invalid_argument',
        field: error.path === '' ? rootField : error.path,
      });
    }
    if (error instanceof RangeError) {
      throw new PomeriumError(`Invalid ${what}: the input is nested too deeply`, {
        code: 'invalid_argument',
        field: rootField,
      });
    }
    throw new PomeriumError(`Invalid ${what}: the input could not be read`, {
      code: 'invalid_argument',
      field: rootField,
    });
  }
}

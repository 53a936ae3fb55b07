import { inputLimits } from './input-limits.js';
import { PomeriumError } from './pomerium-error.js';
import { Secret } from './secret.js';

/** Thrown inside the snapshot walk; turned into an `invalid_argument` PomeriumError at the top. */
class SnapshotProblem {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {}
}

function isPlainPrototype(prototype: unknown): boolean {
  return prototype === Object.prototype || prototype === null;
}

/**
 * One snapshot walk. The path of the value being copied is kept as a stack of
 * keys and only formatted into a string when a problem is reported, so a valid
 * input costs no string building.
 */
class SnapshotWalk {
  values = 0;
  readonly keys: (string | number)[] = [];
  readonly ancestors: object[] = [];

  /** The path of the current value, or of its child `key`. */
  path(key?: string | number): string {
    let formatted = '';
    const keys = key === undefined ? this.keys : [...this.keys, key];
    for (const segment of keys) {
      if (typeof segment === 'number') formatted += `[${segment}]`;
      else formatted += formatted === '' ? segment : `.${segment}`;
    }
    return formatted;
  }

  problem(problem: string, key?: string | number): SnapshotProblem {
    return new SnapshotProblem(this.path(key), problem);
  }

  child(value: unknown, key: string | number, depth: number): unknown {
    this.keys.push(key);
    const copy = this.value(value, depth);
    this.keys.pop();
    return copy;
  }

  value(value: unknown, depth: number): unknown {
    this.values += 1;
    if (this.values > inputLimits.maxValues) {
      throw this.problem(`the input has more than ${inputLimits.maxValues} values`);
    }
    switch (typeof value) {
      case 'string':
        if (value.length > inputLimits.maxStringLength) {
          throw this.problem(`must be at most ${inputLimits.maxStringLength} characters`);
        }
        return value;
      case 'boolean':
      case 'undefined':
        return value;
      case 'number':
        if (!Number.isFinite(value)) throw this.problem('must be a finite number');
        return value;
      case 'bigint':
        throw this.problem('must not be a BigInt (use a number or a string)');
      case 'function':
        throw this.problem('must not be a function');
      case 'symbol':
        throw this.problem('must not be a symbol');
    }
    if (value === null) return null;
    // A Secret is immutable and keeps its value out of reach: it passes as is.
    if (Secret.isSecret(value)) return value;
    return this.object(value as object, depth);
  }

  object(object: object, depth: number): unknown {
    if (depth >= inputLimits.maxDepth) {
      throw this.problem(`nesting exceeds the limit of ${inputLimits.maxDepth} levels`);
    }
    if (this.ancestors.includes(object)) throw this.problem('must not contain a circular reference');
    let isArray: boolean;
    let keys: string[];
    try {
      isArray = Array.isArray(object);
      if (!isArray && !isPlainPrototype(Object.getPrototypeOf(object))) {
        throw this.problem('must be plain data (an object literal, an array, a string, a number, …)');
      }
      keys = isArray ? [] : Object.keys(object);
    } catch (error) {
      if (error instanceof SnapshotProblem) throw error;
      throw this.problem('could not be read');
    }
    this.ancestors.push(object);
    const copy = isArray ? this.array(object as unknown[], depth) : this.record(object, keys, depth);
    this.ancestors.pop();
    return copy;
  }

  array(array: unknown[], depth: number): unknown[] {
    let length: number;
    try {
      length = array.length;
    } catch {
      throw this.problem('could not be read');
    }
    if (!Number.isSafeInteger(length) || length > inputLimits.maxListLength) {
      throw this.problem(`must have at most ${inputLimits.maxListLength} items`);
    }
    const copy: unknown[] = [];
    for (let index = 0; index < length; index += 1) {
      let item: unknown;
      try {
        item = array[index];
      } catch {
        throw this.problem('could not be read', index);
      }
      if (item === undefined) throw this.problem('must not be undefined or a hole', index);
      copy.push(this.child(item, index, depth + 1));
    }
    return copy;
  }

  record(object: object, keys: string[], depth: number): Record<string, unknown> {
    if (keys.length > inputLimits.maxListLength) {
      throw this.problem(`must have at most ${inputLimits.maxListLength} keys`);
    }
    const copy: Record<string, unknown> = {};
    for (const key of keys) {
      if (key === '__proto__') throw this.problem(`"${key}" is not an acceptable key`, key);
      if (key.length > inputLimits.maxStringLength) {
        throw this.problem(`keys must be at most ${inputLimits.maxStringLength} characters`);
      }
      let item: unknown;
      try {
        item = (object as Record<string, unknown>)[key];
      } catch {
        throw this.problem('could not be read', key);
      }
      const snapshot = this.child(item, key, depth + 1);
      if (snapshot !== undefined) copy[key] = snapshot;
    }
    return copy;
  }
}

/**
 * Copies `value` into plain data (objects, arrays, strings, finite numbers,
 * booleans, null) within {@link inputLimits}, before any schema sees it. Proxies
 * and getters are read exactly once; whatever throws, cycles, BigInts,
 * functions, symbols, class instances (except a `Secret`, kept as is), `__proto__` keys, holes, and inputs beyond the depth, size, string or list limits give
 * `invalid_argument` naming the `field` (`rootField` when the input itself is at
 * fault; `what` names the input in the message).
 * Keys whose value is `undefined` are left out, as JSON would.
 */
export function snapshotInput(value: unknown, what: string, rootField = 'input'): unknown {
  try {
    return new SnapshotWalk().value(value, 0);
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

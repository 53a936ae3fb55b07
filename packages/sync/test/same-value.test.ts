import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortKeysDeep } from '../src/config-entries.js';
import { canonicalJson, sameValue } from '../src/diff-entries.js';

// JSON-like values with the awkward members: undefined, non-finite numbers, -0, `__proto__` and integer keys.
const value = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, undefined, 0, -0, 1, Number.NaN, Number.POSITIVE_INFINITY, 'a', '', true, false),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'c', '__proto__', '1', '10'), tie('value'), { maxKeys: 4 }),
  ),
})).value;

// The former implementation, kept here as the reference.
function referenceSortKeysDeep(input: unknown): unknown {
  if (Array.isArray(input)) return input.map(referenceSortKeysDeep);
  if (input === null || typeof input !== 'object') return input;
  const entries = Object.entries(input as Record<string, unknown>)
    .filter(([, entry]) => entry !== undefined)
    .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
  return Object.fromEntries(entries.map(([key, entry]) => [key, referenceSortKeysDeep(entry)]));
}

describe('plan comparisons', () => {
  it('sameValue answers as a comparison of canonical JSON does', () => {
    fc.assert(
      fc.property(value, value, (left, right) => {
        expect(sameValue(left, right)).toBe(
          left === right ||
            (typeof left === 'object' && typeof right === 'object' && left !== null && right !== null
              ? canonicalJson(left) === canonicalJson(right)
              : false),
        );
        expect(sameValue(left, sortKeysDeep(left))).toBe(typeof left !== 'number' || !Number.isNaN(left));
      }),
      { numRuns: 5_000 },
    );
  });

  it('sameValue compares class instances and toJSON by their JSON', () => {
    expect(sameValue({ at: new Date(0) }, { at: '1970-01-01T00:00:00.000Z' })).toBe(true);
    expect(sameValue({ at: new Date(0) }, { at: new Date(1) })).toBe(false);
  });

  it('sortKeysDeep copies with sorted keys, as before, without sharing arrays or objects', () => {
    fc.assert(
      fc.property(value, (input) => {
        const sorted = sortKeysDeep(input);
        expect(sorted).toStrictEqual(referenceSortKeysDeep(input));
        expect(JSON.stringify(sorted)).toBe(JSON.stringify(referenceSortKeysDeep(input)));
        if (typeof input === 'object' && input !== null) expect(sorted).not.toBe(input);
      }),
      { numRuns: 5_000 },
    );
  });
});

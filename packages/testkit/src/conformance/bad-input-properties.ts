import { PomeriumError } from '@pomerium-unified/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BadCall,
  type BadInputTarget,
  badCreateArbitrary,
  badIdCallArbitrary,
  badPatchArbitrary,
  hostileCallArbitrary,
} from './bad-input-arbitraries.js';
import type { ConformanceContext } from './conformance-context.js';

/** Generated bad inputs per property; four properties make 10,000 per backend. */
const runsPerProperty = 2500;

async function expectRefusedBeforeAnyCall(call: BadCall, context: ConformanceContext): Promise<void> {
  const before = context.calls.count;
  let outcome: unknown;
  try {
    outcome = { value: await call.run(context.client) };
  } catch (error) {
    outcome = error;
  }
  if (!PomeriumError.isInstance(outcome)) {
    throw new Error(
      `${call.label}: expected a PomeriumError, got ${outcome instanceof Error ? outcome.stack : typeof outcome}`,
    );
  }
  if (outcome.code !== 'invalid_argument')
    throw new Error(`${call.label}: expected invalid_argument, got ${outcome.code}`);
  if (typeof outcome.field !== 'string' || outcome.field === '')
    throw new Error(`${call.label}: the error names no field`);
  if (context.calls.count !== before)
    throw new Error(`${call.label}: ${context.calls.count - before} backend call(s) made`);
}

/**
 * Registers the bad-input properties of the conformance suite: 10,000 generated
 * bad inputs (bad ids, hostile values such as Proxies, throwing getters, cycles,
 * BigInts and deep nesting, wrong types, unknown keys, bad PPL) each end in
 * `invalid_argument` naming a field, with zero backend calls and no raw error.
 */
export function registerBadInputProperties(getContext: () => ConformanceContext): void {
  describe('bad input (property-based)', () => {
    const target = (): BadInputTarget => ({
      namespaceId: getContext().namespaceId,
      backendName: getContext().backend.name,
    });
    const check = async (arbitrary: fc.Arbitrary<BadCall>) => {
      const context = getContext();
      await fc.assert(
        fc.asyncProperty(arbitrary, (call) => expectRefusedBeforeAnyCall(call, context)),
        { numRuns: runsPerProperty },
      );
      expect(context.calls.count).toBe(0);
    };

    it(`refuses ${runsPerProperty} calls with bad ids or names before any backend call`, () =>
      check(badIdCallArbitrary()));
    it(`refuses ${runsPerProperty} bad create inputs before any backend call`, () =>
      check(badCreateArbitrary(target())));
    it(`refuses ${runsPerProperty} inputs with hostile values before any backend call`, () =>
      check(hostileCallArbitrary(target())));
    it(`refuses ${runsPerProperty} bad update patches before any backend call`, () =>
      check(badPatchArbitrary(target())));
  });
}

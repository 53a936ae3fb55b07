// A backend wrapper that injects faults like the fake consoles do, for the memory backend (which has none).
import { type PomeriumBackend, PomeriumError } from '@pomerium-unified/core';

/** The kinds the wrapper injects. */
export type WrapperFaultKind = 'unavailable' | 'rate_limited' | 'reset_before_commit' | 'reset_after_commit';

/** Counters of injected faults. */
export interface WrapperFaultStats {
  injected: number;
  byKind: Record<string, number>;
}

/** A small seeded PRNG (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const resources = ['namespaces', 'policies', 'routes'] as const;
const operations = ['list', 'get', 'create', 'update', 'delete'] as const;

/**
 * Wraps `backend`: while on, each call fails with probability `rate` with one of `kinds`, drawn from a seeded
 * sequence. `reset_after_commit` performs the call, then fails as a lost answer would (`mayHaveCommitted`).
 */
export function createFaultyBackend(
  backend: PomeriumBackend,
  options: { rate: number; seed: number; kinds: WrapperFaultKind[] },
): { backend: PomeriumBackend; stats: WrapperFaultStats; configure(on: boolean): void } {
  const next = random(options.seed);
  const stats: WrapperFaultStats = { injected: 0, byKind: {} };
  let on = false;
  const fail = (kind: WrapperFaultKind, operation: string, committed: boolean) =>
    new PomeriumError(`injected fault ${kind} in ${operation}`, {
      code: kind === 'rate_limited' ? 'resource_exhausted' : 'unavailable',
      retryable: true,
      mayHaveCommitted: committed,
      backend: backend.name,
      ...(kind === 'rate_limited' ? { retryAfterMs: 50 } : {}),
    });
  const wrap =
    <Request, Result>(operation: string, call: (request: Request) => Promise<Result>) =>
    async (request: Request): Promise<Result> => {
      if (!on || next() >= options.rate) return call(request);
      const kind = options.kinds[Math.floor(next() * options.kinds.length)] as WrapperFaultKind;
      stats.injected += 1;
      stats.byKind[kind] = (stats.byKind[kind] ?? 0) + 1;
      if (kind !== 'reset_after_commit') throw fail(kind, operation, false);
      await call(request);
      throw fail(kind, operation, operation !== 'list' && operation !== 'get');
    };
  const wrapped: Record<string, unknown> = {};
  for (const resource of resources) {
    const original = backend[resource] as unknown as Record<string, (request: unknown) => Promise<unknown>>;
    const methods: Record<string, unknown> = {};
    for (const operation of operations) {
      const method = original[operation];
      if (method) methods[operation] = wrap(`${resource}.${operation}`, method.bind(original));
    }
    wrapped[resource] = methods;
  }
  return {
    backend: {
      specificationVersion: backend.specificationVersion,
      name: backend.name,
      capabilities: backend.capabilities,
      ...(wrapped as Pick<PomeriumBackend, 'namespaces' | 'policies' | 'routes'>),
      close: () => backend.close?.() ?? Promise.resolve(),
    },
    stats,
    configure(value: boolean) {
      on = value;
    },
  };
}

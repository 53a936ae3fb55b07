// pnpm bench:faults: 1,000 route creates, 1,000 updates and 200 deletes per backend through the client while
// the backend injects 20 % faults (retryable or ambiguous kinds), then the final state is read back to count
// lost and duplicated writes. Backends: memory (behind a faulty wrapper), fake Zero, fake Enterprise (each fake
// in its own process).
//   pnpm bench:faults [--creates 1000] [--updates 1000] [--deletes 200] [--rate 0.2] [--seed 42]
import { AsyncLocalStorage } from 'node:async_hooks';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  createMemoryBackend,
  createPomeriumClient,
  type PomeriumBackend,
  type PomeriumClient,
  PomeriumError,
} from '@pomerium-unified/core';
import { createEnterpriseBackend } from '@pomerium-unified/enterprise-adapter';
import type { FaultKind } from '@pomerium-unified/testkit';
import { createZeroBackend } from '@pomerium-unified/zero-adapter';
import Table from 'cli-table3';
import { type FakeConsoleProcess, startFakeConsoleProcess } from './fake-console-process.js';
import { createFaultyBackend } from './faulty-backend.js';
import { round } from './measure.js';

const { values } = parseArgs({
  options: {
    creates: { type: 'string', default: '1000' },
    updates: { type: 'string', default: '1000' },
    deletes: { type: 'string', default: '200' },
    rate: { type: 'string', default: '0.2' },
    seed: { type: 'string', default: '42' },
    concurrency: { type: 'string', default: '16' },
    // Comma-separated subset of memory, zero, enterprise (default: all three).
    backends: { type: 'string', default: 'memory,zero,enterprise' },
    out: { type: 'string' },
  },
});
const counts = { creates: Number(values.creates), updates: Number(values.updates), deletes: Number(values.deletes) };
const rate = Number(values.rate);
const seed = Number(values.seed);
const concurrency = Number(values.concurrency);

/** The fault kinds injected: every kind that is retryable or ambiguous (not `wrong_shape`, a server bug). */
const kinds: FaultKind[] = [
  'unavailable',
  'rate_limited',
  'reset_before_commit',
  'reset_after_commit',
  'stall',
  'slow_body',
];
/** Per-attempt bound of the adapters; a stall (held 3 s) is cut by it. */
const timeoutMs = 1_000;
/** Bound of a whole call, retries included. */
const deadlineMs = 30_000;
const retry = { maxAttempts: 8, initialDelayMs: 20, maxDelayMs: 500, maxRetryAfterMs: 1_000 };

interface CallScope {
  retried: boolean;
}
const scope = new AsyncLocalStorage<CallScope>();

interface PhaseFigures {
  calls: number;
  acknowledged: number;
  failed: number;
  retried: number;
  /** Failures by error code (`*` marks mayHaveCommitted). */
  failures: Record<string, number>;
  maxCallMs: number;
  overDeadline: number;
}

async function runPhase<T>(items: T[], call: (item: T) => Promise<void>): Promise<PhaseFigures> {
  const figures: PhaseFigures = {
    calls: items.length,
    acknowledged: 0,
    failed: 0,
    retried: 0,
    failures: {},
    maxCallMs: 0,
    overDeadline: 0,
  };
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      const store: CallScope = { retried: false };
      const started = performance.now();
      try {
        await scope.run(store, () => call(item));
        figures.acknowledged += 1;
      } catch (error) {
        figures.failed += 1;
        const key = PomeriumError.isInstance(error)
          ? `${error.code}${error.mayHaveCommitted ? '*' : ''}`
          : `raw ${(error as Error)?.name}`;
        figures.failures[key] = (figures.failures[key] ?? 0) + 1;
      }
      const elapsed = performance.now() - started;
      figures.maxCallMs = Math.max(figures.maxCallMs, round(elapsed));
      if (elapsed > deadlineMs + 100) figures.overDeadline += 1;
      if (store.retried) figures.retried += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return figures;
}

interface BackendFigures {
  backend: string;
  faultsInjected: number;
  faultsByKind: Record<string, number>;
  creates: PhaseFigures;
  updates: PhaseFigures;
  deletes: PhaseFigures;
  callsRetried: number;
  lost: number;
  duplicated: number;
  failed: number;
  /** Objects found at the end that no acknowledged create returned (a failed create that had committed). */
  unacknowledgedObjects: number;
  maxCallMs: number;
  callsOverDeadline: number;
}

interface Target {
  name: string;
  backend: PomeriumBackend;
  namespaceId: string;
  faultsOn(): Promise<void>;
  faultsOff(): Promise<{ injected: number; byKind: Record<string, number> }>;
  finalRoutes(): Promise<{ id: string; name: string; description: string }[]>;
  stop(): Promise<void>;
}

async function runTarget(target: Target): Promise<BackendFigures> {
  const client: PomeriumClient = createPomeriumClient({
    backend: target.backend,
    retry,
    deadlineMs,
    hooks: {
      onRetry: () => {
        const store = scope.getStore();
        if (store) store.retried = true;
      },
    },
  } as Parameters<typeof createPomeriumClient>[0]);
  const prefix = `fault-bench-${target.name}`;
  // Warm the client (token, organization lookup) before faults start.
  await client.routes.list({ namespaceId: target.namespaceId, pageSize: 1 }).pages()[Symbol.asyncIterator]().next();
  await target.faultsOn();
  const created = new Map<string, string>(); // id → name
  const indexes = Array.from({ length: counts.creates }, (_, index) => index);
  const creates = await runPhase(indexes, async (index) => {
    const route = await client.routes.create({
      namespaceId: target.namespaceId,
      name: `${prefix}-${index}`,
      from: `https://fault-bench-${index}.example.com`,
      to: ['http://upstream.internal:8080'],
    });
    created.set(route.id, route.name);
  });
  const ids = [...created.keys()];
  const updated = new Map<string, string>(); // id → description
  const updateItems = Array.from({ length: Math.min(counts.updates, ids.length * 4) }, (_, index) => ({
    id: ids[index % ids.length] as string,
    description: `update ${index}`,
  }));
  // Updates of one id are issued in order (one worker per id at a time would need more code; ids repeat only
  // when there are fewer acknowledged creates than updates, then the last acknowledged value is checked).
  const updates = await runPhase(updateItems, async ({ id, description }) => {
    await client.routes.update(id, { description });
    updated.set(id, description);
  });
  const deleted = new Set<string>();
  const deleteIds = ids.slice(0, counts.deletes);
  const deletes = await runPhase(deleteIds, async (id) => {
    await client.routes.delete(id);
    deleted.add(id);
  });
  // A delete that failed may still have happened: such an object being gone is not a lost write.
  const deleteAttempted = new Set(deleteIds);
  const faults = await target.faultsOff();
  const final = (await target.finalRoutes()).filter((route) => route.name.startsWith(`${prefix}-`));
  await client.close();
  const byId = new Map(final.map((route) => [route.id, route]));
  let lost = 0;
  for (const id of created.keys()) {
    const stored = byId.get(id);
    if (deleted.has(id)) {
      if (stored) lost += 1; // an acknowledged delete that did not happen
    } else if (!stored) {
      if (!deleteAttempted.has(id)) lost += 1; // an acknowledged create that is gone
    } else if (updated.has(id) && stored.description !== updated.get(id)) {
      // Concurrent updates of one id may be acknowledged out of order; only count a value no update wrote.
      const written = updateItems.filter((item) => item.id === id).map((item) => item.description);
      if (!written.includes(stored.description)) lost += 1;
    }
  }
  const perName = new Map<string, number>();
  for (const route of final) perName.set(route.name, (perName.get(route.name) ?? 0) + 1);
  const duplicated = [...perName.values()].reduce((sum, count) => sum + Math.max(0, count - 1), 0);
  const acknowledgedNames = new Set(created.values());
  const unacknowledgedObjects = final.filter((route) => !acknowledgedNames.has(route.name)).length;
  const phases = [creates, updates, deletes];
  return {
    backend: target.name,
    faultsInjected: faults.injected,
    faultsByKind: faults.byKind,
    creates,
    updates,
    deletes,
    callsRetried: phases.reduce((sum, phase) => sum + phase.retried, 0),
    lost,
    duplicated,
    failed: phases.reduce((sum, phase) => sum + phase.failed, 0),
    unacknowledgedObjects,
    maxCallMs: Math.max(...phases.map((phase) => phase.maxCallMs)),
    callsOverDeadline: phases.reduce((sum, phase) => sum + phase.overDeadline, 0),
  };
}

async function memoryTarget(): Promise<Target> {
  const memory = createMemoryBackend();
  const faulty = createFaultyBackend(memory, {
    rate,
    seed,
    kinds: ['unavailable', 'rate_limited', 'reset_before_commit', 'reset_after_commit'],
  });
  const page = await memory.namespaces.list({ offset: 0, limit: 10 });
  return {
    name: 'memory',
    backend: faulty.backend,
    namespaceId: (page.items[0] as { id: string }).id,
    faultsOn: async () => faulty.configure(true),
    faultsOff: async () => {
      faulty.configure(false);
      return { injected: faulty.stats.injected, byKind: { ...faulty.stats.byKind } };
    },
    finalRoutes: async () => {
      const result: { id: string; name: string; description: string }[] = [];
      for (let offset = 0; ; offset += 500) {
        const { items } = await memory.routes.list({ offset, limit: 500 });
        result.push(
          ...items.map((route) => ({ id: route.id, name: route.name, description: route.description ?? '' })),
        );
        if (items.length < 500) return result;
      }
    },
    stop: async () => undefined,
  };
}

function fakeTarget(name: string, fake: FakeConsoleProcess, backend: PomeriumBackend): Target {
  return {
    name,
    backend,
    namespaceId: fake.details.namespaceId,
    faultsOn: () => fake.configureFaults({ rate, kinds, seed, stallMs: 3_000, slowBodyMs: 300, retryAfterSeconds: 1 }),
    faultsOff: async () => {
      const stats = await fake.stats();
      await fake.configureFaults(undefined);
      return { injected: stats.faults?.injected ?? 0, byKind: stats.faults?.byKind ?? {} };
    },
    finalRoutes: () => fake.routes(),
    stop: () => fake.stop(),
  };
}

const results: BackendFigures[] = [];
const started = performance.now();
const targets: [string, () => Promise<Target>][] = [
  ['memory', memoryTarget],
  [
    'zero',
    async () => {
      const fake = await startFakeConsoleProcess({ kind: 'zero', routes: 0, policies: 0 });
      return fakeTarget(
        'zero',
        fake,
        createZeroBackend({ apiUrl: fake.details.url, apiUserToken: fake.details.token, timeoutMs }),
      );
    },
  ],
  [
    'enterprise',
    async () => {
      const fake = await startFakeConsoleProcess({ kind: 'enterprise', routes: 0, policies: 0 });
      return fakeTarget(
        'enterprise',
        fake,
        createEnterpriseBackend({
          url: fake.details.url,
          serviceAccountToken: fake.details.token,
          plaintext: true,
          timeoutMs,
        }),
      );
    },
  ],
];
const selectedBackends = new Set(values.backends.split(',').map((name) => name.trim()));
for (const name of selectedBackends) {
  if (!targets.some(([known]) => known === name)) throw new Error(`--backends: unknown backend ${name}`);
}
for (const [name, start] of targets) {
  if (!selectedBackends.has(name)) continue;
  const target = await start();
  try {
    console.error(
      `[faults] ${target.name}: ${counts.creates} creates, ${counts.updates} updates, ${counts.deletes} deletes at ${rate * 100} % faults`,
    );
    results.push(await runTarget(target));
  } finally {
    await target.stop();
  }
}

const table = new Table({
  head: [
    'backend',
    'faults injected',
    'calls retried',
    'lost',
    'duplicated',
    'failed',
    'failures (code, * = may have committed)',
    'max call',
  ],
  style: { head: [], border: [] },
});
for (const result of results) {
  const failures = [result.creates, result.updates, result.deletes]
    .flatMap((phase, index) =>
      Object.entries(phase.failures).map(
        ([code, count]) => `${['create', 'update', 'delete'][index]} ${code} ×${count}`,
      ),
    )
    .join(', ');
  table.push([
    result.backend,
    result.faultsInjected,
    result.callsRetried,
    result.lost,
    result.duplicated,
    result.failed,
    failures || '-',
    `${(result.maxCallMs / 1000).toFixed(2)} s`,
  ]);
}
console.log(table.toString());
console.log(
  `Kinds: ${kinds.join(', ')} (memory: unavailable, rate_limited, reset_before_commit, reset_after_commit); per-attempt timeoutMs ${timeoutMs}, deadlineMs ${deadlineMs}; calls over their deadline: ${results.reduce((sum, result) => sum + result.callsOverDeadline, 0)}; ${round((performance.now() - started) / 1000)} s.`,
);
const out = values.out ?? fileURLToPath(new URL('./fault-results.json', import.meta.url));
writeFileSync(
  out,
  `${JSON.stringify({ date: new Date().toISOString(), rate, seed, kinds, timeoutMs, deadlineMs, retry, counts, results }, null, 2)}\n`,
);

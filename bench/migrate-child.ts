// The migration client in its own process: Enterprise → Zero through @pomerium-unified/sync migrate, then the
// same migration once more (nothing to change). Runs as compiled JavaScript on the built packages (migration.ts
// lays them out with dist-install.ts and starts this file with plain `node`), as a user runs them. Reports wall
// and CPU times per phase and its own peak RSS over IPC.
import { writeHeapSnapshot } from 'node:v8';
import { createPomeriumClient, type PomeriumClient } from '@pomerium-unified/core';
import { createEnterpriseBackend } from '@pomerium-unified/enterprise-adapter';
import { migrate } from '@pomerium-unified/sync';
import { createZeroBackend } from '@pomerium-unified/zero-adapter';

/** What the parent passes in argv[2], as JSON. */
export interface MigrateChildOptions {
  enterprise: { url: string; token: string; namespaceName: string };
  zero: { url: string; token: string; namespaceName: string };
  concurrency: number;
}

/** Wall and CPU time of one phase, ms. */
export interface PhaseFigures {
  wallMs: number;
  cpuMs: number;
}

/** One migrate() run as the child reports it. */
export interface MigrateRunFigures {
  wallMs: number;
  cpuMs: number;
  /**
   * Phases, told apart by the calls migrate makes: reading (both deployments' listings, until the last page
   * arrived), planning (building the document and comparing, until the first write; it overlaps the reading
   * where migrate plans while a listing is still under way), applying (the writes and the read-back check of each
   * written object).
   */
  phases: { read: PhaseFigures; plan: PhaseFigures; apply: PhaseFigures };
  summary: { create: number; update: number; delete: number; unchanged: number };
  created: number;
  updated: number;
  failed: number;
  firstFailure?: string;
  fidelityErrors: number;
}

/** Memory of the process when its RSS was highest (sampled every 100 ms), MiB. */
export interface MemoryAtPeak {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** The phase the peak fell in. */
  phase: 'read and plan' | 'apply';
}

/** The child's report. */
export interface MigrateChildReport {
  first?: MigrateRunFigures;
  rerun?: MigrateRunFigures;
  /** RSS once modules were loaded and clients created, before migrating, KiB. */
  rssBeforeKiB?: number;
  /** Peak RSS after the first run, and after both runs, KiB. */
  maxRssKiB?: number;
  maxRssKiBAfterRerun?: number;
  /** process.memoryUsage() at the highest sampled RSS of the first run. */
  memoryAtPeak?: MemoryAtPeak;
  error?: string;
}

const options = JSON.parse(process.argv[2] ?? '{}') as MigrateChildOptions;
const from = createPomeriumClient({
  backend: createEnterpriseBackend({
    url: options.enterprise.url,
    serviceAccountToken: options.enterprise.token,
    plaintext: true,
  }),
});
const to = createPomeriumClient({
  backend: createZeroBackend({ apiUrl: options.zero.url, apiUserToken: options.zero.token }),
});

const cpuNow = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
interface Mark {
  wall: number;
  cpu: number;
}
const mark = (): Mark => ({ wall: performance.now(), cpu: cpuNow() });
// Debugging aid: a heap snapshot at the Nth write of the first run (MIGRATE_HEAP_SNAPSHOT_DIR, …_AT_WRITE).
const snapshotDir = process.env.MIGRATE_HEAP_SNAPSHOT_DIR;
let snapshotTaken = false;
const snapshotAtWrite = Number(process.env.MIGRATE_HEAP_SNAPSHOT_AT_WRITE ?? 1);
let writes = 0;
const atWrite = () => {
  writes++;
  if (!snapshotDir || snapshotTaken || writes < snapshotAtWrite) return;
  snapshotTaken = true;
  globalThis.gc?.();
  console.error(`heap snapshot: ${writeHeapSnapshot(`${snapshotDir}/migrate-write-${writes}.heapsnapshot`)}`);
};
let marks: { readsDone?: Mark; firstWrite?: Mark } = {};
const writeMethods = new Set(['create', 'update', 'delete', 'putRoutes']);

/** A client noting when its listings end (before the first write) and its first write (the end of planning). */
function observed(client: PomeriumClient): PomeriumClient {
  const wrap = <T extends object>(object: T): T =>
    new Proxy(object, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (writeMethods.has(String(property))) {
            atWrite();
            marks.firstWrite ??= mark();
          }
          const result = (value as (...args: unknown[]) => unknown).apply(target, args);
          if (property !== 'list' || marks.firstWrite) return result;
          const pages = result as { toArray(): Promise<unknown[]> };
          return new Proxy(pages, {
            get(iterable, member, receiver) {
              const method = Reflect.get(iterable, member, receiver);
              if (member !== 'toArray') return typeof method === 'function' ? method.bind(iterable) : method;
              return async () => {
                const items = await pages.toArray();
                if (!marks.firstWrite) marks.readsDone = mark();
                return items;
              };
            },
          });
        };
      },
    });
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      return value !== null && typeof value === 'object' && property !== 'capabilities' ? wrap(value) : value;
    },
  });
}
const source = observed(from);
const target = observed(to);

const run = async (): Promise<MigrateRunFigures> => {
  marks = {};
  const started = mark();
  const { plan, result } = await migrate({
    from: source,
    to: target,
    namespaces: [options.enterprise.namespaceName],
    namespaceMap: { [options.enterprise.namespaceName]: options.zero.namespaceName },
    concurrency: options.concurrency,
  });
  const ended = mark();
  const readsDone = marks.readsDone ?? started;
  const firstWrite = marks.firstWrite ?? ended;
  const phase = (start: Mark, end: Mark): PhaseFigures => ({
    wallMs: end.wall - start.wall,
    cpuMs: end.cpu - start.cpu,
  });
  return {
    wallMs: ended.wall - started.wall,
    cpuMs: ended.cpu - started.cpu,
    phases: {
      read: phase(started, readsDone),
      plan: phase(readsDone, firstWrite),
      apply: phase(firstWrite, ended),
    },
    summary: plan.summary,
    created: result.created,
    updated: result.updated,
    failed: result.failed.length,
    ...(result.failed[0] ? { firstFailure: result.failed[0].error.message } : {}),
    fidelityErrors: plan.fidelity.filter((issue) => issue.severity === 'error').length,
  };
};

const currentPhase = (): MemoryAtPeak['phase'] => (!marks.firstWrite ? 'read and plan' : 'apply');
let peak = process.memoryUsage();
let peakPhase = currentPhase();
// process.memoryUsage.rss() is cheap; the whole breakdown is read only at a new peak.
const sampler = setInterval(() => {
  if (process.memoryUsage.rss() <= peak.rss) return;
  peak = process.memoryUsage();
  peakPhase = currentPhase();
}, 100);
const mib = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;

let report: MigrateChildReport;
try {
  const rssBeforeKiB = Math.round(process.memoryUsage().rss / 1024);
  const first = await run();
  clearInterval(sampler);
  const memoryAtPeak: MemoryAtPeak = {
    rss: mib(peak.rss),
    heapTotal: mib(peak.heapTotal),
    heapUsed: mib(peak.heapUsed),
    external: mib(peak.external),
    arrayBuffers: mib(peak.arrayBuffers),
    phase: peakPhase,
  };
  const maxRssKiB = process.resourceUsage().maxRSS;
  const rerun = await run();
  report = {
    first,
    rerun,
    rssBeforeKiB,
    maxRssKiB,
    maxRssKiBAfterRerun: process.resourceUsage().maxRSS,
    memoryAtPeak,
  };
} catch (error) {
  report = { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
} finally {
  await Promise.all([from.close(), to.close()]);
}
process.send?.(report);

// Goal 4: migration from the fake Enterprise console to the fake Zero console, each fake and the client in its
// own process; the client runs the built packages with plain node (no tsx), as users do, and reports its peak
// RSS (process.resourceUsage().maxRSS), CPU time and the time of each phase.

import { prepareDistInstall } from './dist-install.js';
import { clientCore, spawnNode, startFakeConsoleProcess } from './fake-console-process.js';
import { round } from './measure.js';
import type { MemoryAtPeak, MigrateChildReport, MigrateRunFigures, PhaseFigures } from './migrate-child.js';
import { info, type ResultRow, row } from './report.js';

/** Wall and CPU seconds of the three phases of one run. */
export type PhaseSeconds = Record<keyof MigrateRunFigures['phases'], { wallS: number; cpuS: number }>;

/** Figures of the migration measure. */
export interface MigrationFigures {
  routes: number;
  policies: number;
  concurrency: number;
  wallMs: number;
  rerunWallMs: number;
  /** CPU time of the client process during the migration and during the re-run, ms. */
  clientCpuMs: number;
  rerunClientCpuMs: number;
  /** Peak RSS of the client process over the first run, and over both runs, MiB. */
  clientPeakRssMiB: number;
  clientPeakRssMiBAfterRerun: number;
  /** RSS of the client process once its modules were loaded and clients created, before migrating, MiB. */
  clientRssBeforeMigrationMiB: number;
  /** Phases of the migration and of the re-run: reading both sides, planning, applying (writes + read-back). */
  phases: PhaseSeconds;
  rerunPhases: PhaseSeconds;
  /** process.memoryUsage() of the client when its sampled RSS was highest (first run), MiB. */
  clientMemoryAtPeakMiB?: MemoryAtPeak;
  created: number;
  failed: number;
  firstFailure?: string;
  rerunChanges: number;
  fidelityErrors: number;
  /** Server CPU spent by each fake over both runs, ms. */
  serverCpuMs: { enterprise: number; zero: number };
}

const phaseSeconds = (phases: MigrateRunFigures['phases']): PhaseSeconds => {
  const seconds = ({ wallMs, cpuMs }: PhaseFigures) => ({ wallS: round(wallMs / 1000), cpuS: round(cpuMs / 1000) });
  return { read: seconds(phases.read), plan: seconds(phases.plan), apply: seconds(phases.apply) };
};

/**
 * Runs the migration of `routes` routes and `policies` policies with the built packages laid out by
 * `prepareDistInstall` (stale ones built first). `execArgv` goes to the client's node (e.g. `--cpu-prof`); `log`
 * reports a build.
 */
export async function measureMigration(options: {
  routes: number;
  policies: number;
  concurrency: number;
  execArgv?: string[];
  log?: (message: string) => void;
  /** A compiled client script already laid out (another build to compare); default: lay out this checkout's. */
  clientScript?: string;
}): Promise<MigrationFigures> {
  const [childScript] = options.clientScript
    ? [options.clientScript]
    : prepareDistInstall(
        ['sync', 'enterprise-adapter', 'zero-adapter'],
        ['./migrate-child.ts'],
        options.log ?? (() => {}),
      );
  const [enterprise, zero] = await Promise.all([
    startFakeConsoleProcess({ kind: 'enterprise', routes: options.routes, policies: options.policies }),
    startFakeConsoleProcess({ kind: 'zero', routes: 0, policies: 0 }),
  ]);
  try {
    const cpuBefore = await Promise.all([enterprise.cpuMicros(), zero.cpuMicros()]);
    const child = spawnNode(
      childScript as string,
      [
        JSON.stringify({
          enterprise: {
            url: enterprise.details.url,
            token: enterprise.details.token,
            namespaceName: enterprise.details.namespaceName,
          },
          zero: { url: zero.details.url, token: zero.details.token, namespaceName: zero.details.namespaceName },
          concurrency: options.concurrency,
        }),
      ],
      clientCore,
      options.execArgv ?? [],
      { tsx: false },
    );
    const report = await new Promise<MigrateChildReport>((resolve, reject) => {
      child.once('message', (message) => resolve(message as never));
      child.once('exit', (code) => reject(new Error(`migration client exited (${code})`)));
    });
    await new Promise((resolve) => child.once('exit', resolve));
    if (report.error || !report.first || !report.rerun) throw new Error(`migration failed: ${report.error}`);
    const cpuAfter = await Promise.all([enterprise.cpuMicros(), zero.cpuMicros()]);
    const rerunChanges = report.rerun.summary.create + report.rerun.summary.update + report.rerun.summary.delete;
    return {
      routes: options.routes,
      policies: options.policies,
      concurrency: options.concurrency,
      wallMs: round(report.first.wallMs),
      rerunWallMs: round(report.rerun.wallMs),
      clientCpuMs: round(report.first.cpuMs),
      rerunClientCpuMs: round(report.rerun.cpuMs),
      clientPeakRssMiB: round((report.maxRssKiB ?? 0) / 1024),
      clientPeakRssMiBAfterRerun: round((report.maxRssKiBAfterRerun ?? 0) / 1024),
      clientRssBeforeMigrationMiB: round((report.rssBeforeKiB ?? 0) / 1024),
      phases: phaseSeconds(report.first.phases),
      rerunPhases: phaseSeconds(report.rerun.phases),
      ...(report.memoryAtPeak ? { clientMemoryAtPeakMiB: report.memoryAtPeak } : {}),
      created: report.first.created,
      failed: report.first.failed,
      ...(report.first.firstFailure ? { firstFailure: report.first.firstFailure } : {}),
      rerunChanges,
      fidelityErrors: report.first.fidelityErrors,
      serverCpuMs: {
        enterprise: round(((cpuAfter[0] as number) - (cpuBefore[0] as number)) / 1000),
        zero: round(((cpuAfter[1] as number) - (cpuBefore[1] as number)) / 1000),
      },
    };
  } finally {
    await Promise.all([enterprise.stop(), zero.stop()]);
  }
}

/** The table rows of the migration measure. */
export function migrationRows(migration: MigrationFigures): ResultRow[] {
  const size = `${migration.routes.toLocaleString('en-US')} routes + ${migration.policies.toLocaleString('en-US')} policies`;
  const phases = (figures: PhaseSeconds, of: 'wallS' | 'cpuS') =>
    `${figures.read[of]} / ${figures.plan[of]} / ${figures.apply[of]} s`;
  return [
    row('4 migration', `Enterprise → Zero, ${size}: wall`, round(migration.wallMs / 1000), ' s', { max: 8 }),
    row('4 migration', 'client peak RSS (built packages, plain node)', migration.clientPeakRssMiB, ' MiB', {
      max: 256,
    }),
    info(
      '4 migration',
      'client RSS before migrating (modules loaded, clients)',
      `${migration.clientRssBeforeMigrationMiB} MiB`,
    ),
    ...(migration.clientMemoryAtPeakMiB
      ? [
          info(
            '4 migration',
            'at the peak: phase, heap used / heap total / external (array buffers)',
            `${migration.clientMemoryAtPeakMiB.phase}, ${migration.clientMemoryAtPeakMiB.heapUsed} / ${migration.clientMemoryAtPeakMiB.heapTotal} / ${migration.clientMemoryAtPeakMiB.external} (${migration.clientMemoryAtPeakMiB.arrayBuffers}) MiB`,
          ),
        ]
      : []),
    info('4 migration', 'phases, wall: read / plan / apply', phases(migration.phases, 'wallS')),
    info('4 migration', 'phases, client CPU: read / plan / apply', phases(migration.phases, 'cpuS')),
    row('4 migration', 're-run that changes nothing: wall', round(migration.rerunWallMs / 1000), ' s', { max: 2 }),
    info('4 migration', 're-run phases, wall: read / plan / apply', phases(migration.rerunPhases, 'wallS')),
    info(
      '4 migration',
      'client CPU: migration / re-run',
      `${round(migration.clientCpuMs / 1000)} / ${round(migration.rerunClientCpuMs / 1000)} s`,
    ),
    info(
      '4 migration',
      'fakes CPU over both runs: Enterprise / Zero',
      `${round(migration.serverCpuMs.enterprise / 1000)} / ${round(migration.serverCpuMs.zero / 1000)} s`,
    ),
    info(
      '4 migration',
      'created / failed / re-run changes',
      `${migration.created} / ${migration.failed} / ${migration.rerunChanges}`,
    ),
  ];
}

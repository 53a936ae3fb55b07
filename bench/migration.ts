// Goal 4: migration from the fake Enterprise console to the fake Zero console, each fake and the client in its
// own process; the client reports its peak RSS (process.resourceUsage().maxRSS).
import { fileURLToPath } from 'node:url';
import { clientCore, spawnNode, startFakeConsoleProcess } from './fake-console-process.js';
import { round } from './measure.js';

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
  /** RSS of the client process once its modules were loaded (through tsx) and clients created, before migrating, MiB. */
  clientRssBeforeMigrationMiB: number;
  created: number;
  failed: number;
  firstFailure?: string;
  rerunChanges: number;
  fidelityErrors: number;
  /** Server CPU spent by each fake over both runs, ms. */
  serverCpuMs: { enterprise: number; zero: number };
}

interface RunSummary {
  wallMs: number;
  cpuMs: number;
  summary: { create: number; update: number; delete: number; unchanged: number };
  created: number;
  failed: number;
  firstFailure?: string;
  fidelityErrors: number;
}

/** Runs the migration of `routes` routes and `policies` policies. */
export async function measureMigration(options: {
  routes: number;
  policies: number;
  concurrency: number;
}): Promise<MigrationFigures | { skipped: string }> {
  const [enterprise, zero] = await Promise.all([
    startFakeConsoleProcess({ kind: 'enterprise', routes: options.routes, policies: options.policies }),
    startFakeConsoleProcess({ kind: 'zero', routes: 0, policies: 0 }),
  ]);
  try {
    const cpuBefore = await Promise.all([enterprise.cpuMicros(), zero.cpuMicros()]);
    const child = spawnNode(
      fileURLToPath(new URL('./migrate-child.ts', import.meta.url)),
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
    );
    const report = await new Promise<{
      first?: RunSummary;
      rerun?: RunSummary;
      maxRssKiB?: number;
      rssBeforeKiB?: number;
      maxRssKiBAfterRerun?: number;
      error?: string;
    }>((resolve, reject) => {
      child.once('message', (message) => resolve(message as never));
      child.once('exit', (code) => reject(new Error(`migration client exited (${code})`)));
    });
    await new Promise((resolve) => child.once('exit', resolve));
    if (report.error?.startsWith('skipped')) return { skipped: report.error };
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

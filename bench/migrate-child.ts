// The migration client in its own process: Enterprise → Zero through @pomerium-unified/sync migrate, then the
// same migration once more (nothing to change). Reports wall times and its own peak RSS over IPC.
import { createPomeriumClient } from '@pomerium-unified/core';
import { createEnterpriseBackend } from '@pomerium-unified/enterprise-adapter';
import { createZeroBackend } from '@pomerium-unified/zero-adapter';

interface MigrateChildOptions {
  enterprise: { url: string; token: string; namespaceName: string };
  zero: { url: string; token: string; namespaceName: string };
  concurrency: number;
}

// @pomerium-unified/sync by path: the bench runs (and reports the migration as skipped) where it is absent.
const syncEntry = new URL('../packages/sync/src/index.ts', import.meta.url).href;
const sync = (await import(syncEntry).catch(() => undefined)) as
  | {
      migrate(options: Record<string, unknown>): Promise<{
        plan: {
          summary: { create: number; update: number; delete: number; unchanged: number };
          fidelity: { severity: string }[];
        };
        result: { created: number; updated: number; failed: { error: Error }[] };
      }>;
    }
  | undefined;
if (!sync) {
  process.send?.({ error: 'skipped: @pomerium-unified/sync is not in this checkout' });
  process.exit(0);
}
const { migrate } = sync;

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
const run = async () => {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const { plan, result } = await migrate({
    from,
    to,
    namespaces: [options.enterprise.namespaceName],
    namespaceMap: { [options.enterprise.namespaceName]: options.zero.namespaceName },
    concurrency: options.concurrency,
  });
  return {
    wallMs: performance.now() - started,
    cpuMs: (process.cpuUsage(cpuBefore).user + process.cpuUsage(cpuBefore).system) / 1000,
    summary: plan.summary,
    created: result.created,
    updated: result.updated,
    failed: result.failed.length,
    firstFailure: result.failed[0]?.error.message,
    fidelityErrors: plan.fidelity.filter((issue) => issue.severity === 'error').length,
  };
};
try {
  const rssBeforeKiB = Math.round(process.memoryUsage().rss / 1024);
  const first = await run();
  const rssAfterFirst = process.resourceUsage().maxRSS;
  const rerun = await run();
  process.send?.({
    first,
    rerun,
    rssBeforeKiB,
    maxRssKiB: rssAfterFirst,
    maxRssKiBAfterRerun: process.resourceUsage().maxRSS,
  });
} catch (error) {
  process.send?.({ error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
} finally {
  await Promise.all([from.close(), to.close()]);
}

import { createMemoryBackend, createPomeriumClient } from '@pomerium-unified/core';
import { startFakeZeroConsole } from '@pomerium-unified/testkit';
import { createZeroBackend } from '@pomerium-unified/zero-adapter';
import { describe, expect, it } from 'vitest';
import { type MigrateResult, migrate } from '../src/index.js';

describe('migrate into a console that resets connections', () => {
  // Resets after commit need the Zero adapter to report mayHaveCommitted (its resilience work); until it does, the
  // client's own retry of such a create duplicates it, whatever sync does. Recovery by name is covered in recovery.test.ts.
  it('converges without duplicates', async () => {
    const zeroConsole = await startFakeZeroConsole({
      seed: { organizations: [{ name: 'faults', clusters: [{ name: 'flaky', domain: 'flaky.pomerium.app' }] }] },
    });
    const to = createPomeriumClient({
      backend: createZeroBackend({ apiUrl: zeroConsole.url, apiUserToken: zeroConsole.apiUserToken }),
      retry: { maxAttempts: 4, initialDelayMs: 1, maxDelayMs: 5 },
    });
    const from = createPomeriumClient({ backend: createMemoryBackend() });
    try {
      const namespace = await from.namespaces.create({ name: 'Apps' });
      const policy = await from.policies.create({
        namespaceId: namespace.id,
        name: 'everyone',
        ppl: { allow: { or: [{ authenticated_user: true }] } },
      });
      for (let index = 0; index < 60; index++) {
        await from.routes.create({
          namespaceId: namespace.id,
          name: `route-${index}`,
          from: `https://route-${index}.example.com`,
          to: ['http://upstream'],
          policyIds: [policy.id],
        });
      }
      await to.namespaces.list().toArray();
      zeroConsole.faults.configure({
        rate: 0.25,
        kinds: ['reset_before_commit', 'unavailable'],
        seed: 11,
      });
      const options = { from, to, namespaceMap: { Apps: 'flaky' } };
      let run: MigrateResult | undefined;
      for (let attempt = 0; attempt < 5; attempt++) {
        run = await migrate(options);
        if (run.result.failed.length === 0) break;
      }
      expect(run?.result.failed).toEqual([]);
      expect(zeroConsole.faults.byKind.reset_before_commit + zeroConsole.faults.byKind.unavailable).toBeGreaterThan(0);
      zeroConsole.faults.configure(undefined);
      const routes = await to.routes.list().toArray();
      expect(routes).toHaveLength(60);
      expect(new Set(routes.map((route) => route.name)).size).toBe(60);
      expect(await to.policies.list().toArray()).toHaveLength(1);
      expect((await migrate(options)).plan.changes).toEqual([]);
    } finally {
      await Promise.allSettled([to.close(), from.close()]);
      await zeroConsole.close();
    }
  }, 60_000);
});

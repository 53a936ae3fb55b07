/**
 * Measures how often one of two concurrent disjoint-field updates of the same
 * route is lost when they come from two different clients (two backends, as
 * two processes would be). Run:
 *
 *   pnpm exec tsx packages/enterprise-adapter/bench/cross-client-lost-updates.ts [--trials 100]
 *
 * `SetRoute` writes the whole route and the console offers no compare-and-set,
 * so a read-modify-write from another client in the same window overwrites the
 * field this one changed. Three strategies are measured: plain updates,
 * `expectedUpdatedAt` with a re-read and retry on `aborted`, and write-then-verify
 * (read back, re-apply when overwritten).
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createPomeriumClient, type PomeriumClient, PomeriumError } from '@pomerium-unified/core';
import { startFakeEnterpriseConsole } from '@pomerium-unified/testkit';
import { createEnterpriseBackend } from '../src/index.js';

type Strategy = 'plain' | 'expectedUpdatedAt' | 'verify';

async function update(client: PomeriumClient, id: string, patch: object, strategy: Strategy): Promise<void> {
  if (strategy === 'plain') {
    await client.routes.update(id, patch);
    return;
  }
  if (strategy === 'verify') {
    // Write, read back, and re-apply while another writer's whole-object write overwrote our fields.
    for (let attempt = 0; attempt < 10; attempt += 1) {
      await client.routes.update(id, patch);
      const stored = (await client.routes.get(id)) as unknown as Record<string, unknown>;
      if (Object.entries(patch).every(([key, value]) => stored[key] === value)) return;
    }
    throw new Error('gave up after 10 overwrites');
  }
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const current = await client.routes.get(id);
    try {
      await client.routes.update(id, patch, { expectedUpdatedAt: current.updatedAt as string });
      return;
    } catch (error) {
      if (!PomeriumError.hasCode(error, 'aborted')) throw error;
    }
  }
  throw new Error('gave up after 10 conflicts');
}

/** Runs `trials` pairs of concurrent disjoint-field updates from two clients; returns how many lost a change. */
export async function measureCrossClientLostUpdates(trials = 100, strategy: Strategy = 'plain') {
  const fake = await startFakeEnterpriseConsole();
  const connect = () =>
    createEnterpriseBackend({ url: fake.url, serviceAccountToken: fake.serviceAccountToken, tls: { ca: fake.ca } });
  const [first, second] = [connect(), connect()];
  const one = createPomeriumClient({ backend: first });
  const two = createPomeriumClient({ backend: second });
  let lost = 0;
  try {
    for (let trial = 0; trial < trials; trial += 1) {
      const route = await one.routes.create({
        namespaceId: fake.rootNamespaceId,
        name: `lost-update-${trial}`,
        from: `https://lost-update-${trial}.example.com`,
      });
      await Promise.all([
        update(one, route.id, { description: `from one ${trial}` }, strategy),
        update(two, route.id, { timeout: `${trial + 1}s` }, strategy),
      ]);
      const stored = await one.routes.get(route.id);
      if (stored.description !== `from one ${trial}` || stored.timeout !== `${trial + 1}s`) lost += 1;
    }
  } finally {
    await Promise.all([first.close(), second.close()]);
    await fake.close();
  }
  return { trials, lost, rate: lost / trials, strategy };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { trials: { type: 'string', default: '100' } } });
  for (const strategy of ['plain', 'expectedUpdatedAt', 'verify'] as const) {
    console.log(JSON.stringify(await measureCrossClientLostUpdates(Number(values.trials), strategy)));
  }
}

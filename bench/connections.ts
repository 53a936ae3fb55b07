// Goal 3: 1,000 concurrent calls through one fresh client; the fake counts the TCP connections (Zero) or
// HTTP/2 sessions (Enterprise) it accepted and the token exchanges it answered.
import { createPomeriumClient } from '@pomerium-unified/core';
import { createEnterpriseBackend } from '@pomerium-unified/enterprise-adapter';
import * as zeroAdapter from '@pomerium-unified/zero-adapter';
import type { FakeConsoleProcess } from './fake-console-process.js';
import { round } from './measure.js';

/** Figures of the connection measure. */
export interface ConnectionFigures {
  calls: number;
  /** The adapter's default pool size (Zero). */
  poolSize?: number;
  connections: number;
  tokenExchanges?: number;
  failed: number;
  wallMs: number;
}

async function concurrently(
  calls: number,
  call: (index: number) => Promise<unknown>,
): Promise<{ failed: number; wallMs: number }> {
  const started = performance.now();
  const results = await Promise.allSettled(Array.from({ length: calls }, (_, index) => call(index)));
  return {
    failed: results.filter((result) => result.status === 'rejected').length,
    wallMs: round(performance.now() - started),
  };
}

/** Zero: a cold client, 1,000 concurrent gets. */
export async function measureZeroConnections(fake: FakeConsoleProcess, calls: number): Promise<ConnectionFigures> {
  const { url, token, routeIds } = fake.details;
  await fake.reset();
  const client = createPomeriumClient({ backend: zeroAdapter.createZeroBackend({ apiUrl: url, apiUserToken: token }) });
  const outcome = await concurrently(calls, (index) => client.routes.get(routeIds[index % routeIds.length] as string));
  const stats = await fake.stats();
  await client.close();
  return {
    calls,
    poolSize: (zeroAdapter as { defaultZeroMaxConnections?: number }).defaultZeroMaxConnections,
    connections: stats.connections,
    tokenExchanges: stats.tokenExchanges,
    ...outcome,
  };
}

/** Enterprise: a cold client, 1,000 concurrent gets. */
export async function measureEnterpriseConnections(
  fake: FakeConsoleProcess,
  calls: number,
): Promise<ConnectionFigures> {
  const { url, token, routeIds } = fake.details;
  await fake.reset();
  const client = createPomeriumClient({
    backend: createEnterpriseBackend({ url, serviceAccountToken: token, plaintext: true }),
  });
  const outcome = await concurrently(calls, (index) => client.routes.get(routeIds[index % routeIds.length] as string));
  const stats = await fake.stats();
  await client.close();
  return { calls, connections: stats.connections, ...outcome };
}

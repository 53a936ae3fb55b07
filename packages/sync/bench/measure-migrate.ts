// Measures migrate() Enterprise → Zero on the fake consoles: `pnpm exec tsx packages/sync/bench/measure-migrate.ts [routes] [policies]`.
// Prints the wall time and peak RSS of the first run, and the calls a second run (nothing to change) makes.
import { createPomeriumClient } from '@pomerium-unified/core';
import { createEnterpriseBackend } from '@pomerium-unified/enterprise-adapter';
import { startFakeEnterpriseConsole, startFakeZeroConsole } from '@pomerium-unified/testkit';
import { createZeroBackend } from '@pomerium-unified/zero-adapter';
import { migrate } from '../src/index.js';

const routeCount = Number(process.argv[2] ?? 10_000);
const policyCount = Number(process.argv[3] ?? 1_000);

const zeroConsole = await startFakeZeroConsole({
  seed: { organizations: [{ name: 'bench', clusters: [{ name: 'bench-cluster', domain: 'bench.pomerium.app' }] }] },
});
const enterpriseConsole = await startFakeEnterpriseConsole({
  seed: {
    namespaces: [{ id: 'source', name: 'Source' }],
    policies: Array.from({ length: policyCount }, (_, index) => ({
      id: `policy-${index}`,
      namespaceId: 'source',
      name: `policy-${index}`,
      ppl: JSON.stringify([{ allow: { or: [{ email: { is: `user${index}@example.com` } }] } }]),
    })),
    routes: Array.from({ length: routeCount }, (_, index) => ({
      id: `route-${index}`,
      namespaceId: 'source',
      name: `route-${index}`,
      from: `https://route-${index}.example.com`,
      to: [`http://upstream-${index}:8080`],
      policyIds: [`policy-${index % policyCount}`],
    })),
  },
});
const from = createPomeriumClient({
  backend: createEnterpriseBackend({
    url: enterpriseConsole.url,
    serviceAccountToken: enterpriseConsole.serviceAccountToken,
    tls: { ca: enterpriseConsole.ca ?? '' },
  }),
});
const to = createPomeriumClient({
  backend: createZeroBackend({ apiUrl: zeroConsole.url, apiUserToken: zeroConsole.apiUserToken }),
  pageSize: 1000,
});
let peak = process.memoryUsage().rss;
const timer = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 20);
const started = performance.now();
const first = await migrate({ from, to, namespaceMap: { Source: 'bench-cluster' } });
const seconds = (performance.now() - started) / 1000;
clearInterval(timer);
console.log(
  `first run: ${first.result.created} created, ${first.result.failed.length} failed in ${seconds.toFixed(2)} s, peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB`,
);
const calls: string[] = [];
const watched = createPomeriumClient({
  backend: createZeroBackend({
    apiUrl: zeroConsole.url,
    apiUserToken: zeroConsole.apiUserToken,
    fetch: async (input, init) => {
      calls.push(`${init?.method ?? 'GET'}`);
      return fetch(input, init);
    },
  }),
  pageSize: 1000,
});
const againStarted = performance.now();
const second = await migrate({ from, to: watched, namespaceMap: { Source: 'bench-cluster' } });
const methods = [...new Set(calls)].join(', ');
console.log(
  `second run: ${second.plan.changes.length} changes, ${calls.length} requests (${methods}) in ${((performance.now() - againStarted) / 1000).toFixed(2)} s`,
);
await Promise.allSettled([from.close(), to.close(), watched.close()]);
await Promise.allSettled([zeroConsole.close(), enterpriseConsole.close()]);

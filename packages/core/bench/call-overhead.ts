/**
 * The core client's own CPU per call, with no network: a backend that answers
 * every call at once with a prepared object, called directly and through
 * `createPomeriumClient` (deadlines, retries and answer checks in place, no
 * logger or hooks). Variants interleaved, median of rounds.
 *
 *   pnpm exec tsx packages/core/bench/call-overhead.ts [--rounds 9] [--calls 2000] [--core <path to a core index.ts>]
 *
 * `--core` measures another copy of the core sources (e.g. an older commit's, extracted with `git archive`).
 */
import type { PomeriumBackend, ResourceBackend, Route, RouteCreateInput } from '@pomerium-unified/core';
import * as core from '@pomerium-unified/core';

const argument = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
};
const rounds = argument('rounds', 9);
const calls = argument('calls', 2000);
const listPage = 100;

const route: Route = {
  id: 'route-1',
  namespaceId: 'namespace-1',
  name: 'benchmark route',
  from: 'https://bench.example.com',
  to: ['http://upstream-a:8080', 'http://upstream-b:8080'],
  policyIds: ['policy-1'],
  createdAt: '2026-11-23T00:00:00.000Z',
  updatedAt: '2026-11-23T00:00:00.000Z',
} as Route;
const input: RouteCreateInput = {
  namespaceId: 'namespace-1',
  name: 'benchmark route',
  from: 'https://bench.example.com',
  to: ['http://upstream-a:8080', 'http://upstream-b:8080'],
  policyIds: ['policy-1', 'policy-2'],
  timeout: '30s',
  setRequestHeaders: { 'X-A': 'a', 'X-B': 'b' },
  passIdentityHeaders: true,
};
const patch = { name: 'renamed', timeout: '45s' };
const page = { items: Array.from({ length: listPage }, (_, index) => ({ ...route, id: `route-${index}` })) };

const routes: ResourceBackend<Route, RouteCreateInput, unknown, object> = {
  list: async () => page,
  get: async () => route,
  create: async () => route,
  update: async () => route,
  delete: async () => {},
};
const unused = routes as never;
const backend: PomeriumBackend = {
  specificationVersion: 'v1',
  name: 'instant',
  capabilities: { writeNamespaces: true, listTotalCount: false, multipleHealthChecks: true },
  namespaces: unused,
  policies: unused,
  routes: routes as never,
};
const coreIndex = process.argv.indexOf('--core');
const { createPomeriumClient } = (
  coreIndex === -1
    ? core
    : await import(new URL(process.argv[coreIndex + 1] as string, `file://${process.cwd()}/`).href)
) as typeof core;
const client = createPomeriumClient({ backend });

type Case = { name: string; perCall: number; direct: () => Promise<unknown>; library: () => Promise<unknown> };
const cases: Case[] = [
  {
    name: 'get',
    perCall: 1,
    direct: () => routes.get({ id: 'route-1' }),
    library: () => client.routes.get('route-1'),
  },
  {
    name: 'create',
    perCall: 1,
    direct: () => routes.create({ input }),
    library: () => client.routes.create(input),
  },
  {
    name: 'update',
    perCall: 1,
    direct: () => routes.update({ id: 'route-1', patch }),
    library: () => client.routes.update('route-1', patch),
  },
  {
    name: 'list, per item',
    perCall: listPage,
    direct: () => routes.list({ offset: 0, limit: listPage }),
    library: async () => {
      let count = 0;
      for await (const _ of client.routes.list({ pageSize: listPage })) {
        count += 1;
        if (count === listPage) break;
      }
    },
  },
];

async function cpuPerCallUs(run: () => Promise<unknown>, n: number, perCall: number): Promise<number> {
  const before = process.cpuUsage();
  for (let index = 0; index < n; index += 1) await run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / n / perCall;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

for (const item of cases) {
  await cpuPerCallUs(item.direct, calls, item.perCall);
  await cpuPerCallUs(item.library, calls, item.perCall);
}
const results: Record<string, { direct: number[]; library: number[] }> = {};
for (let round = 0; round < rounds; round += 1) {
  for (const item of cases) {
    results[item.name] ??= { direct: [], library: [] };
    const entry = results[item.name] as { direct: number[]; library: number[] };
    const n = item.perCall > 1 ? Math.ceil(calls / 10) : calls;
    if (round % 2 === 0) {
      entry.direct.push(await cpuPerCallUs(item.direct, n, item.perCall));
      entry.library.push(await cpuPerCallUs(item.library, n, item.perCall));
    } else {
      entry.library.push(await cpuPerCallUs(item.library, n, item.perCall));
      entry.direct.push(await cpuPerCallUs(item.direct, n, item.perCall));
    }
  }
}
const format = (value: number) => value.toFixed(1);
console.log(`core client CPU per call, ${rounds} rounds × ${calls} calls (medians, min–max of the library)`);
console.log('| operation | backend directly | through the client | delta |');
console.log('|---|---|---|---|');
for (const [name, { direct, library }] of Object.entries(results)) {
  const d = median(direct);
  const l = median(library);
  console.log(
    `| ${name} | ${format(d)} µs | ${format(l)} µs (${format(Math.min(...library))}–${format(Math.max(...library))}) | +${format(l - d)} µs |`,
  );
}

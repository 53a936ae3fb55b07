// pnpm bench: measures every goal of the performance issue in one run and writes bench/results.json (and
// bench/results.md, the same table in Markdown). `--quick` runs everything at a tiny size (a smoke run).
// `--only` runs some cases: a comma-separated list of backends (`zero`, `enterprise`), measures (`no-network`,
// `loopback`, `connections`, `listing`, `migration`) or `backend:measure` pairs, e.g. `--only enterprise` or
// `--only enterprise:loopback,enterprise:listing`.
//   pnpm bench [--quick] [--no-pin] [--only <cases>] [--out <file.json>]
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type ConnectionFigures, measureEnterpriseConnections, measureZeroConnections } from './connections.js';
import {
  canPin,
  clientCore,
  type FakeConsoleProcess,
  pinSelf,
  startFakeConsoleProcess,
} from './fake-console-process.js';
import { type ListingFigures, measureEnterpriseListing, measureZeroListing } from './listing.js';
import { measureEnterpriseLoopback, measureZeroLoopback, type OperationFigures } from './loopback.js';
import { round } from './measure.js';
import { measureMigration, migrationRows } from './migration.js';
import { measureEnterpriseNoNetwork, measureZeroNoNetwork, type NoNetworkFigures } from './no-network.js';
import { info, markdownTable, type ResultRow, row, terminalTable } from './report.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'no-pin': { type: 'boolean', default: false },
    only: { type: 'string' },
    out: { type: 'string' },
  },
});

type Backend = 'zero' | 'enterprise';
const backends: Backend[] = ['zero', 'enterprise'];
const measures = ['no-network', 'loopback', 'connections', 'listing', 'migration'] as const;
type Measure = (typeof measures)[number];
const only = values.only
  ?.split(',')
  .map((token) => token.trim())
  .filter(Boolean);
for (const token of only ?? []) {
  const [first, second] = token.split(':');
  const known =
    second === undefined
      ? (backends as string[]).includes(first as string) || (measures as readonly string[]).includes(first as string)
      : (backends as string[]).includes(first as string) && (measures as readonly string[]).includes(second);
  if (!known) throw new Error(`--only: unknown case ${token} (backends: ${backends}; measures: ${measures})`);
}
/** Whether `--only` selects this measure of this backend (everything without `--only`). */
const selected = (measure: Measure, backend?: Backend): boolean =>
  only === undefined ||
  only.some((token) => {
    const [first, second] = token.split(':');
    if (second !== undefined) return first === backend && second === measure;
    return first === measure || (backend !== undefined && first === backend);
  });
/** The backends selected for a measure. */
const backendsFor = (measure: Measure): Backend[] => backends.filter((backend) => selected(measure, backend));

const sizes = values.quick
  ? {
      noNetwork: { rounds: 3, iterations: 30, warmup: 30 },
      loopback: { rounds: 3, iterations: 5 },
      listing: { routes: 300, policies: 10, rounds: 2 },
      connections: 50,
      migration: { routes: 30, policies: 5, concurrency: 16 },
    }
  : {
      // Warm-up: the library runs far more code than a raw call, and V8 needs thousands of calls to optimise it all;
      // 50 warm-up calls left the library's first rounds 3–10× slower than its last ones.
      noNetwork: { rounds: 7, iterations: 300, warmup: 3_000 },
      loopback: { rounds: 7, iterations: 25 },
      listing: { routes: 10_000, policies: 1_000, rounds: 5 },
      connections: 1_000,
      migration: { routes: 10_000, policies: 1_000, concurrency: 16 },
    };

// Read before pinning: a pinned process sees one core.
const cores = { nproc: os.availableParallelism(), cpus: os.cpus().length };
const pinned = canPin && !values['no-pin'];
if (pinned) pinSelf(clientCore);
const startedAt = performance.now();
const loadAverageAtStart = os.loadavg().map(round);
const log = (message: string) =>
  console.error(`[bench ${((performance.now() - startedAt) / 1000).toFixed(1)} s] ${message}`);
const stopFakes: (() => Promise<void>)[] = [];

async function main() {
  const noNetwork: Partial<Record<Backend, NoNetworkFigures>> = {};
  const loopback: Partial<Record<Backend, Record<string, OperationFigures>>> = {};
  const connections: Partial<Record<Backend, ConnectionFigures>> = {};
  const listing: Partial<Record<Backend, ListingFigures>> = {};
  let migration: Awaited<ReturnType<typeof measureMigration>> | undefined;

  if (backendsFor('no-network').length > 0) {
    log('no network: Zero (stub fetch) and Enterprise (in-memory transport)');
    if (selected('no-network', 'zero')) noNetwork.zero = await measureZeroNoNetwork(sizes.noNetwork);
    if (selected('no-network', 'enterprise')) noNetwork.enterprise = await measureEnterpriseNoNetwork(sizes.noNetwork);
  }

  const loopbackBackends = [...new Set([...backendsFor('loopback'), ...backendsFor('connections')])];
  if (loopbackBackends.length > 0) {
    log('loopback: library vs raw clients against the fakes in their own processes');
    const fakes = Object.fromEntries(
      await Promise.all(
        loopbackBackends.map(
          async (kind) => [kind, await startFakeConsoleProcess({ kind, routes: 1_000, policies: 10 })] as const,
        ),
      ),
    ) as Partial<Record<Backend, FakeConsoleProcess>>;
    stopFakes.push(...Object.values(fakes).map((fake) => () => fake.stop()));
    if (fakes.zero && selected('loopback', 'zero'))
      loopback.zero = await measureZeroLoopback(fakes.zero, sizes.loopback);
    if (fakes.enterprise && selected('loopback', 'enterprise')) {
      loopback.enterprise = await measureEnterpriseLoopback(fakes.enterprise, sizes.loopback);
    }
    if (backendsFor('connections').length > 0) log('connections: 1,000 concurrent calls on a cold client');
    if (fakes.zero && selected('connections', 'zero')) {
      connections.zero = await measureZeroConnections(fakes.zero, sizes.connections);
    }
    if (fakes.enterprise && selected('connections', 'enterprise')) {
      connections.enterprise = await measureEnterpriseConnections(fakes.enterprise, sizes.connections);
    }
    await Promise.all(Object.values(fakes).map((fake) => fake.stop()));
    stopFakes.length = 0;
  }

  const listingBackends = backendsFor('listing');
  if (listingBackends.length > 0) {
    log(`listing: ${sizes.listing.routes} routes from each fake`);
    const fakes = Object.fromEntries(
      await Promise.all(
        listingBackends.map(
          async (kind) =>
            [
              kind,
              await startFakeConsoleProcess({ kind, routes: sizes.listing.routes, policies: sizes.listing.policies }),
            ] as const,
        ),
      ),
    ) as Partial<Record<Backend, FakeConsoleProcess>>;
    stopFakes.push(...Object.values(fakes).map((fake) => () => fake.stop()));
    if (fakes.zero) listing.zero = await measureZeroListing(fakes.zero, sizes.listing.rounds);
    if (fakes.enterprise) listing.enterprise = await measureEnterpriseListing(fakes.enterprise, sizes.listing.rounds);
    await Promise.all(Object.values(fakes).map((fake) => fake.stop()));
    stopFakes.length = 0;
  }

  if (selected('migration')) {
    log(`migration: ${sizes.migration.routes} routes + ${sizes.migration.policies} policies, Enterprise → Zero`);
    migration = await measureMigration({ ...sizes.migration, log });
  }

  const rows = resultRows({ noNetwork, loopback, listing, connections, migration });
  const results = {
    formatVersion: 1,
    date: new Date().toISOString(),
    quick: values.quick,
    only: only ?? 'everything',
    machine: {
      nproc: cores.nproc,
      cpus: cores.cpus,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      loadAverageAtStart,
      loadAverageAtEnd: os.loadavg().map(round),
      pinned: pinned ? { client: clientCore, servers: 1 } : false,
    },
    sizes,
    durationSeconds: round((performance.now() - startedAt) / 1000),
    goals: {
      noNetwork,
      loopback,
      listing,
      connections,
      migration,
      fakes: {
        zeroServerCpuMsPerListing: listing.zero?.serverCpuMsPerListing,
        enterpriseServerCpuMsPerListing: listing.enterprise?.serverCpuMsPerListing,
      },
    },
    ratios: ratios(noNetwork, loopback),
    table: rows,
  };
  const out = values.out ?? fileURLToPath(new URL('./results.json', import.meta.url));
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(out.replace(/\.json$/, '.md'), markdownTable(rows));
  console.log(terminalTable(rows));
  console.log(`${values.quick ? 'Quick run' : 'Full run'} in ${results.durationSeconds} s; figures in ${out}`);
}

/** Every ratio of the run as a flat map (keys contain `ratio`). */
function ratios(
  noNetwork: Partial<Record<Backend, NoNetworkFigures>>,
  loopback: Partial<Record<Backend, Record<string, OperationFigures>>>,
): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [backend, figures] of Object.entries(noNetwork)) {
    result[`${backend}NoNetworkGetRatio`] = figures.getRatio;
    result[`${backend}NoNetworkCreateRatio`] = figures.createRatio;
  }
  for (const [backend, operations] of Object.entries(loopback)) {
    for (const [operation, figures] of Object.entries(operations)) {
      const name = `${backend}Loopback${operation[0]?.toUpperCase()}${operation.slice(1)}`;
      result[`${name}Ratio`] = figures.ratio;
      result[`${name}CpuRatio`] = figures.cpuRatio;
      if (figures.stubsCpuRatio !== undefined) result[`${name}GrpcJsStubsCpuRatio`] = figures.stubsCpuRatio;
      if (figures.minimalRatio !== undefined) result[`${name}MinimalRatio`] = figures.minimalRatio;
      if (figures.stubsRatio !== undefined) result[`${name}GrpcJsStubsRatio`] = figures.stubsRatio;
      if (figures.sameTransportRatio !== undefined) result[`${name}RawNodeHttpRatio`] = figures.sameTransportRatio;
      if (figures.sameTransportCpuRatio !== undefined) {
        result[`${name}RawNodeHttpCpuRatio`] = figures.sameTransportCpuRatio;
      }
    }
  }
  return result;
}

function resultRows(figures: {
  noNetwork: Partial<Record<Backend, NoNetworkFigures>>;
  loopback: Partial<Record<Backend, Record<string, OperationFigures>>>;
  listing: Partial<Record<Backend, ListingFigures>>;
  connections: Partial<Record<Backend, ConnectionFigures>>;
  migration: Awaited<ReturnType<typeof measureMigration>> | undefined;
}): ResultRow[] {
  const rows: ResultRow[] = [];
  const { noNetwork, loopback, listing, connections, migration } = figures;
  for (const backend of backends) {
    const name = backend === 'zero' ? 'Zero' : 'Enterprise';
    const n = noNetwork[backend];
    if (!n) continue;
    rows.push(row('1 no network', `${name} get, library − raw`, n.getDeltaMicros, ' µs', { max: 30 }));
    rows.push(row('1 no network', `${name} create, library − raw`, n.createDeltaMicros, ' µs', { max: 60 }));
    rows.push(
      info(
        '1 no network',
        `${name} get / create, library − raw, client CPU`,
        `${n.getCpuDeltaMicros} / ${n.createCpuDeltaMicros} µs`,
        '≤ 30 / ≤ 60 µs',
      ),
    );
  }
  for (const backend of backends) {
    const name = backend === 'zero' ? 'Zero' : 'Enterprise';
    for (const [operation, f] of Object.entries(loopback[backend] ?? {})) {
      const same = f.sameRequests ? '' : ' (raw sent other requests!)';
      rows.push(row('1 loopback', `${name} ${operation}, library / raw${same}`, f.ratio, '×', { max: 1.1 }));
      rows.push(info('1 loopback', `${name} ${operation}, library / raw, client CPU`, `${f.cpuRatio}×`));
      if (f.minimalRatio !== undefined) {
        rows.push(
          info('1 loopback', `${name} ${operation}, library / minimal raw (one write, no read)`, `${f.minimalRatio}×`),
        );
      }
      if (f.sameTransportRatio !== undefined) {
        rows.push(
          info(
            '1 loopback',
            `${name} ${operation}, library / raw node:http (the library's HTTP stack): wall, client CPU`,
            `${f.sameTransportRatio}×, ${f.sameTransportCpuRatio}×`,
          ),
        );
      }
      if (f.stubsRatio !== undefined) {
        rows.push(
          info('1 peer', `${name} ${operation}, library / grpc-js stubs`, `${f.stubsRatio}×`, '< 1 ahead of the peer'),
        );
        rows.push(info('1 peer', `${name} ${operation}, library / grpc-js stubs, client CPU`, `${f.stubsCpuRatio}×`));
      }
    }
  }
  for (const backend of backends) {
    const name = backend === 'zero' ? 'Zero' : 'Enterprise';
    const l = listing[backend];
    if (!l) continue;
    rows.push(
      row('2 listing', `${name} client CPU per route, library − raw`, l.clientCpuPerRouteDeltaMicros, ' µs', {
        max: 10,
      }),
    );
    if (l.sameTransportCpuDeltaMicros !== undefined) {
      rows.push(
        info(
          '2 listing',
          `${name} client CPU per route, library − raw node:http`,
          `${l.sameTransportCpuDeltaMicros} µs`,
        ),
      );
    }
    if (l.stubsCpuDeltaMicros !== undefined) {
      rows.push(info('2 peer', `${name} client CPU per route, library − grpc-js stubs`, `${l.stubsCpuDeltaMicros} µs`));
    }
    rows.push(
      info(
        '2 listing',
        `${name} retained heap after 1,000 / all ${l.routes.toLocaleString('en-US')} routes`,
        `${l.heapRetainedMiB.after1000} / ${l.heapRetainedMiB.afterAll} MiB`,
        'independent of the total',
      ),
    );
  }
  const z = connections.zero;
  if (z) {
    rows.push(
      row('3 connections', `Zero, ${z.calls} concurrent calls: TCP connections`, z.connections, '', {
        max: z.poolSize ?? 16,
        note: '(pool size)',
      }),
    );
    rows.push(row('3 connections', 'Zero token exchanges (server side)', z.tokenExchanges ?? -1, '', { exact: 1 }));
  }
  const e = connections.enterprise;
  if (e) {
    rows.push(
      info('3 connections', `Enterprise, ${e.calls} concurrent calls: HTTP/2 connections`, String(e.connections)),
    );
  }
  if (migration !== undefined) rows.push(...migrationRows(migration));
  for (const backend of backends) {
    const l = listing[backend];
    if (!l) continue;
    const name = backend === 'zero' ? 'Zero' : 'Enterprise';
    rows.push(
      row(
        '5 fakes',
        `fake ${name}: server CPU to list ${l.routes.toLocaleString('en-US')} routes`,
        round(l.serverCpuMsPerListing / 1000),
        ' s',
        { max: 1 },
      ),
    );
  }
  return rows;
}

try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await Promise.all(stopFakes.map((stop) => stop()));
}

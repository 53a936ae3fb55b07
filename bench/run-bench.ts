// pnpm bench: measures every goal of the performance issue in one run and writes bench/results.json (and
// bench/results.md, the same table in Markdown). `--quick` runs everything at a tiny size (a smoke run).
//   pnpm bench [--quick] [--no-pin] [--out <file.json>]
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { measureEnterpriseConnections, measureZeroConnections } from './connections.js';
import { canPin, clientCore, pinSelf, startFakeConsoleProcess } from './fake-console-process.js';
import { measureEnterpriseListing, measureZeroListing } from './listing.js';
import { measureEnterpriseLoopback, measureZeroLoopback, type OperationFigures } from './loopback.js';
import { round } from './measure.js';
import { measureMigration } from './migration.js';
import { measureEnterpriseNoNetwork, measureZeroNoNetwork } from './no-network.js';
import { info, markdownTable, type ResultRow, row, terminalTable } from './report.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'no-pin': { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});

const sizes = values.quick
  ? {
      noNetwork: { rounds: 3, iterations: 30 },
      loopback: { rounds: 3, iterations: 5 },
      listing: { routes: 300, policies: 10, rounds: 2 },
      connections: 50,
      migration: { routes: 30, policies: 5, concurrency: 16 },
    }
  : {
      noNetwork: { rounds: 7, iterations: 300 },
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
  log('no network: Zero (stub fetch) and Enterprise (in-memory transport)');
  const noNetwork = {
    zero: await measureZeroNoNetwork(sizes.noNetwork),
    enterprise: await measureEnterpriseNoNetwork(sizes.noNetwork),
  };

  log('loopback: library vs raw clients against the fakes in their own processes');
  const loopbackFakes = await Promise.all([
    startFakeConsoleProcess({ kind: 'zero', routes: 1_000, policies: 10 }),
    startFakeConsoleProcess({ kind: 'enterprise', routes: 1_000, policies: 10 }),
  ]);
  stopFakes.push(...loopbackFakes.map((fake) => () => fake.stop()));
  const loopback = {
    zero: await measureZeroLoopback(loopbackFakes[0], sizes.loopback),
    enterprise: await measureEnterpriseLoopback(loopbackFakes[1], sizes.loopback),
  };

  log('connections: 1,000 concurrent calls on a cold client');
  const connections = {
    zero: await measureZeroConnections(loopbackFakes[0], sizes.connections),
    enterprise: await measureEnterpriseConnections(loopbackFakes[1], sizes.connections),
  };
  await Promise.all(loopbackFakes.map((fake) => fake.stop()));
  stopFakes.length = 0;

  log(`listing: ${sizes.listing.routes} routes from each fake`);
  const listingFakes = await Promise.all([
    startFakeConsoleProcess({ kind: 'zero', routes: sizes.listing.routes, policies: sizes.listing.policies }),
    startFakeConsoleProcess({ kind: 'enterprise', routes: sizes.listing.routes, policies: sizes.listing.policies }),
  ]);
  stopFakes.push(...listingFakes.map((fake) => () => fake.stop()));
  const listing = {
    zero: await measureZeroListing(listingFakes[0], sizes.listing.rounds),
    enterprise: await measureEnterpriseListing(listingFakes[1], sizes.listing.rounds),
  };
  await Promise.all(listingFakes.map((fake) => fake.stop()));
  stopFakes.length = 0;

  log(`migration: ${sizes.migration.routes} routes + ${sizes.migration.policies} policies, Enterprise → Zero`);
  const migration = await measureMigration(sizes.migration);

  const rows = resultRows({ noNetwork, loopback, listing, connections, migration });
  const results = {
    formatVersion: 1,
    date: new Date().toISOString(),
    quick: values.quick,
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
        zeroServerCpuMsPerListing: listing.zero.serverCpuMsPerListing,
        enterpriseServerCpuMsPerListing: listing.enterprise.serverCpuMsPerListing,
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
  noNetwork: { zero: { getRatio: number; createRatio: number }; enterprise: { getRatio: number; createRatio: number } },
  loopback: Record<'zero' | 'enterprise', Record<string, OperationFigures>>,
): Record<string, number> {
  const result: Record<string, number> = {
    zeroNoNetworkGetRatio: noNetwork.zero.getRatio,
    zeroNoNetworkCreateRatio: noNetwork.zero.createRatio,
    enterpriseNoNetworkGetRatio: noNetwork.enterprise.getRatio,
    enterpriseNoNetworkCreateRatio: noNetwork.enterprise.createRatio,
  };
  for (const [backend, operations] of Object.entries(loopback)) {
    for (const [operation, figures] of Object.entries(operations)) {
      const name = `${backend}Loopback${operation[0]?.toUpperCase()}${operation.slice(1)}`;
      result[`${name}Ratio`] = figures.ratio;
      if (figures.minimalRatio !== undefined) result[`${name}MinimalRatio`] = figures.minimalRatio;
      if (figures.stubsRatio !== undefined) result[`${name}GrpcJsStubsRatio`] = figures.stubsRatio;
    }
  }
  return result;
}

function resultRows(figures: {
  noNetwork: Record<'zero' | 'enterprise', Awaited<ReturnType<typeof measureZeroNoNetwork>>>;
  loopback: Record<'zero' | 'enterprise', Record<string, OperationFigures>>;
  listing: Record<'zero' | 'enterprise', Awaited<ReturnType<typeof measureZeroListing>>>;
  connections: Record<'zero' | 'enterprise', Awaited<ReturnType<typeof measureZeroConnections>>>;
  migration: Awaited<ReturnType<typeof measureMigration>>;
}): ResultRow[] {
  const rows: ResultRow[] = [];
  const { noNetwork, loopback, listing, connections, migration } = figures;
  for (const backend of ['zero', 'enterprise'] as const) {
    const name = backend === 'zero' ? 'Zero' : 'Enterprise';
    const n = noNetwork[backend];
    rows.push(row('1 no network', `${name} get, library − raw`, n.getDeltaMicros, ' µs', { max: 30 }));
    rows.push(row('1 no network', `${name} create, library − raw`, n.createDeltaMicros, ' µs', { max: 60 }));
  }
  for (const backend of ['zero', 'enterprise'] as const) {
    const name = backend === 'zero' ? 'Zero' : 'Enterprise';
    for (const [operation, f] of Object.entries(loopback[backend])) {
      const same = f.sameRequests ? '' : ' (raw sent other requests!)';
      rows.push(row('1 loopback', `${name} ${operation}, library / raw${same}`, f.ratio, '×', { max: 1.1 }));
      if (f.minimalRatio !== undefined) {
        rows.push(
          info('1 loopback', `${name} ${operation}, library / minimal raw (one write, no read)`, `${f.minimalRatio}×`),
        );
      }
      if (f.stubsRatio !== undefined) {
        rows.push(
          info('1 peer', `${name} ${operation}, library / grpc-js stubs`, `${f.stubsRatio}×`, '< 1 ahead of the peer'),
        );
      }
    }
  }
  for (const backend of ['zero', 'enterprise'] as const) {
    const name = backend === 'zero' ? 'Zero' : 'Enterprise';
    const l = listing[backend];
    rows.push(
      row('2 listing', `${name} client CPU per route, library − raw`, l.clientCpuPerRouteDeltaMicros, ' µs', {
        max: 10,
      }),
    );
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
  rows.push(
    row('3 connections', `Zero, ${z.calls} concurrent calls: TCP connections`, z.connections, '', {
      max: z.poolSize ?? 16,
      note: '(pool size)',
    }),
  );
  rows.push(row('3 connections', 'Zero token exchanges (server side)', z.tokenExchanges ?? -1, '', { exact: 1 }));
  rows.push(
    info(
      '3 connections',
      `Enterprise, ${connections.enterprise.calls} concurrent calls: HTTP/2 connections`,
      String(connections.enterprise.connections),
    ),
  );
  if ('skipped' in migration)
    rows.push(info('4 migration', 'Enterprise → Zero through sync migrate', migration.skipped));
  else {
    const size = `${migration.routes.toLocaleString('en-US')} routes + ${migration.policies.toLocaleString('en-US')} policies`;
    rows.push(row('4 migration', `Enterprise → Zero, ${size}: wall`, round(migration.wallMs / 1000), ' s', { max: 8 }));
    rows.push(row('4 migration', 'client peak RSS', migration.clientPeakRssMiB, ' MiB', { max: 256 }));
    rows.push(
      info(
        '4 migration',
        'client RSS before migrating (modules via tsx, clients)',
        `${migration.clientRssBeforeMigrationMiB} MiB`,
      ),
    );
    rows.push(
      row('4 migration', 're-run that changes nothing: wall', round(migration.rerunWallMs / 1000), ' s', { max: 2 }),
    );
    rows.push(
      info(
        '4 migration',
        'client CPU: migration / re-run',
        `${round(migration.clientCpuMs / 1000)} / ${round(migration.rerunClientCpuMs / 1000)} s`,
      ),
    );
    rows.push(
      info(
        '4 migration',
        'created / failed / re-run changes',
        `${migration.created} / ${migration.failed} / ${migration.rerunChanges}`,
      ),
    );
  }
  rows.push(
    row(
      '5 fakes',
      `fake Zero: server CPU to list ${listing.zero.routes.toLocaleString('en-US')} routes`,
      round(listing.zero.serverCpuMsPerListing / 1000),
      ' s',
      { max: 1 },
    ),
  );
  rows.push(
    row(
      '5 fakes',
      `fake Enterprise: server CPU to list ${listing.enterprise.routes.toLocaleString('en-US')} routes`,
      round(listing.enterprise.serverCpuMsPerListing / 1000),
      ' s',
      { max: 1 },
    ),
  );
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

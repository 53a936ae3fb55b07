/**
 * Per-call overhead of the Enterprise adapter above the raw connect client on
 * the same protos, with no network (an in-memory router transport) and on
 * loopback (the fake console in its own process, h2c). Run:
 *
 *   pnpm exec tsx packages/enterprise-adapter/bench/enterprise-overhead.ts [--rounds 7] [--calls 2000]
 *
 * Variants are interleaved per round; figures are medians over rounds, with
 * the spread (min–max). No-network deltas use client-process CPU time (wall
 * time on a shared 2-core machine is mostly other processes' load). `measureEnterpriseOverhead()` returns the figures for
 * `pnpm bench`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { create } from '@bufbuild/protobuf';
import { timestampNow } from '@bufbuild/protobuf/wkt';
import { type Client, createClient, createRouterTransport, type Transport } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { createPomeriumClient, type PomeriumBackend, type RouteCreateInput } from '@pomerium-unified/core';
import {
  NamespaceService,
  PolicyService,
  type Route as ProtoRoute,
  RouteSchema,
  RouteService,
} from '@pomerium-unified/enterprise-protos';
import { createEnterpriseBackend } from '../src/index.js';

const token = 'bench-service-account-token';
const namespaceId = '11111111-1111-4111-8111-111111111111';

const createInput: RouteCreateInput = {
  namespaceId,
  name: 'bench',
  from: 'https://bench.example.com',
  to: ['http://upstream-a:8080', 'http://upstream-b:8080'],
  policyIds: [],
  timeout: '30s',
  passIdentityHeaders: true,
  setRequestHeaders: { 'X-A': 'a', 'X-B': 'b' },
};

/** The same route as the raw client writes it. */
const rawCreate = {
  namespaceId,
  name: 'bench',
  from: 'https://bench.example.com',
  to: ['http://upstream-a:8080', 'http://upstream-b:8080'],
  timeout: { seconds: 30n },
  passIdentityHeaders: true,
  setRequestHeaders: { 'X-A': 'a', 'X-B': 'b' },
};

/** A tiny in-memory RouteService: what the no-network figures run against. */
function createMemoryRouter(): { transport: Transport; routes: Map<string, ProtoRoute> } {
  const routes = new Map<string, ProtoRoute>();
  const transport = createRouterTransport((router) => {
    router.service(RouteService, {
      getRoute: (request) => ({ route: routes.get(request.id) }),
      setRoute: (request) => {
        const route = create(RouteSchema, request.route);
        if (route.id === '') {
          route.id = randomUUID();
          route.createdAt = timestampNow();
        }
        route.modifiedAt = timestampNow();
        routes.set(route.id, route);
        return { route };
      },
      listRoutes: (request) => {
        const all = [...routes.values()];
        const offset = Number(request.offset ?? 0n);
        const limit = Number(request.limit ?? 100n);
        return { routes: all.slice(offset, offset + limit), totalCount: BigInt(all.length) };
      },
    });
    router.service(PolicyService, {});
    router.service(NamespaceService, {});
  });
  return { transport, routes };
}

function rawClientOver(transport: Transport): Client<typeof RouteService> {
  return createClient(RouteService, transport);
}

const rawCallOptions = { timeoutMs: 30_000, headers: { authorization: `Pomerium ${token}` } };

interface Variant {
  name: string;
  run: () => Promise<unknown>;
}

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Samples of one variant: wall time and client-process CPU time per call, in µs. */
interface Samples {
  wall: number[];
  cpu: number[];
}

/** Runs each variant `calls` times per round, variants interleaved, and returns µs per call per variant. */
async function measure(variants: Variant[], rounds: number, calls: number): Promise<Record<string, Samples>> {
  const samples: Record<string, Samples> = Object.fromEntries(
    variants.map((variant) => [variant.name, { wall: [], cpu: [] }]),
  );
  for (const variant of variants) for (let index = 0; index < Math.min(200, calls); index += 1) await variant.run();
  for (let round = 0; round < rounds; round += 1) {
    for (const variant of round % 2 === 0 ? variants : [...variants].reverse()) {
      const cpuBefore = process.cpuUsage();
      const started = process.hrtime.bigint();
      for (let index = 0; index < calls; index += 1) await variant.run();
      const elapsed = Number(process.hrtime.bigint() - started) / 1000;
      const cpu = process.cpuUsage(cpuBefore);
      samples[variant.name]?.wall.push(elapsed / calls);
      samples[variant.name]?.cpu.push((cpu.user + cpu.system) / calls);
    }
  }
  return samples;
}

/** One figure: median and spread in µs. */
export interface Figure {
  medianUs: number;
  minUs: number;
  maxUs: number;
}

function figure(values: number[]): Figure {
  return {
    medianUs: Number(median(values).toFixed(1)),
    minUs: Number(Math.min(...values).toFixed(1)),
    maxUs: Number(Math.max(...values).toFixed(1)),
  };
}

/**
 * A transport that answers every unary call at once with a prepared message:
 * no encoding, no router, so what remains is the client-side work of the raw
 * client and of the adapter, with far less noise than a router round trip.
 */
function createAnsweringTransport(answer: (methodName: string, input: unknown) => unknown): Transport {
  return {
    async unary(method, _signal, _timeoutMs, _header, input) {
      return {
        stream: false,
        service: method.parent,
        method,
        header: new Headers(),
        trailer: new Headers(),
        message: answer(method.name, input),
      } as never;
    },
    stream() {
      throw new Error('no streaming in this benchmark');
    },
  };
}

async function adapterOnly(rounds: number, calls: number) {
  const stored = create(RouteSchema, {
    ...rawCreate,
    id: 'r1',
    createdAt: timestampNow(),
    modifiedAt: timestampNow(),
  });
  const transport = createAnsweringTransport(() => ({ $typeName: 'unused', route: stored }));
  const raw = rawClientOver(transport);
  const backend = createEnterpriseBackend({ url: 'https://bench.invalid', serviceAccountToken: token, transport });
  // The whole library: the core client (input checks, deadline, retry loop, answer checks) over the adapter.
  const client = createPomeriumClient({
    backend: createEnterpriseBackend({ url: 'https://bench.invalid', serviceAccountToken: token, transport }),
  });
  const samples = await measure(
    [
      { name: 'raw get', run: () => raw.getRoute({ id: 'r1' }, rawCallOptions) },
      { name: 'backend get', run: () => backend.routes.get({ id: 'r1' }) },
      { name: 'client get', run: () => client.routes.get('r1') },
      { name: 'raw create', run: () => raw.setRoute({ route: rawCreate }, rawCallOptions) },
      { name: 'backend create', run: () => backend.routes.create({ input: createInput }) },
      { name: 'client create', run: () => client.routes.create(createInput) },
      {
        name: 'raw update',
        run: async () => {
          const current = (await raw.getRoute({ id: 'r1' }, rawCallOptions)).route as ProtoRoute;
          current.description = 'changed';
          return raw.setRoute({ route: current }, rawCallOptions);
        },
      },
      { name: 'backend update', run: () => backend.routes.update({ id: 'r1', patch: { description: 'changed' } }) },
      { name: 'client update', run: () => client.routes.update('r1', { description: 'changed' }) },
    ],
    rounds,
    calls,
  );
  await Promise.all([backend.close(), client.close()]);
  return samples;
}

async function noNetwork(rounds: number, calls: number) {
  const { transport, routes } = createMemoryRouter();
  const raw = rawClientOver(transport);
  const backend = createEnterpriseBackend({ url: 'https://bench.invalid', serviceAccountToken: token, transport });
  const client = createPomeriumClient({ backend });
  const seeded = await raw.setRoute({ route: rawCreate }, rawCallOptions);
  const id = seeded.route?.id as string;
  const samples = await measure(
    [
      { name: 'raw get', run: () => raw.getRoute({ id }, rawCallOptions) },
      { name: 'backend get', run: () => backend.routes.get({ id }) },
      { name: 'client get', run: () => client.routes.get(id) },
      { name: 'raw create', run: () => raw.setRoute({ route: rawCreate }, rawCallOptions) },
      { name: 'backend create', run: () => backend.routes.create({ input: createInput }) },
      { name: 'client create', run: () => client.routes.create(createInput) },
    ],
    rounds,
    calls,
  );
  // Listing: client CPU per route above raw, 1,000 routes in pages of 100.
  routes.clear();
  for (let index = 0; index < 1000; index += 1)
    await raw.setRoute({ route: { ...rawCreate, name: `r${index}` } }, rawCallOptions);
  const cpuPerRoute = async (run: () => Promise<number>): Promise<number> => {
    const before = process.cpuUsage();
    const count = await run();
    const used = process.cpuUsage(before);
    return (used.user + used.system) / count;
  };
  const listRaw = async () => {
    let count = 0;
    for (let offset = 0; offset < 1000; offset += 100) {
      count += (await raw.listRoutes({ namespace: '', offset: BigInt(offset), limit: 100n }, rawCallOptions)).routes
        .length;
    }
    return count;
  };
  const listClient = async () => (await client.routes.list({ pageSize: 100 }).toArray()).length;
  const listing: Record<string, number[]> = { raw: [], client: [] };
  for (let round = 0; round < rounds; round += 1) {
    listing.raw?.push(await cpuPerRoute(listRaw));
    listing.client?.push(await cpuPerRoute(listClient));
  }
  await backend.close();
  return { samples, listing };
}

function startFakeProcess(): Promise<{ url: string; child: ChildProcess }> {
  const cli = fileURLToPath(new URL('../../testkit/src/enterprise/fake-enterprise-cli.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', cli, '--plaintext', '--token', token], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.once('exit', (code) => reject(new Error(`fake console exited with ${code}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (\S+)/.exec(output);
      if (match) resolve({ url: match[1] as string, child });
    });
  });
}

async function loopback(rounds: number, calls: number) {
  const { url, child } = await startFakeProcess();
  try {
    const raw = createClient(RouteService, createGrpcTransport({ baseUrl: url }));
    const rawNamespaces = createClient(NamespaceService, createGrpcTransport({ baseUrl: url }));
    const backend: PomeriumBackend = createEnterpriseBackend({ url, serviceAccountToken: token, plaintext: true });
    const client = createPomeriumClient({ backend });
    const root = (await rawNamespaces.listNamespaces({}, rawCallOptions)).namespaces[0]?.id as string;
    const input = { ...createInput, namespaceId: root };
    const seeded = await raw.setRoute({ route: { ...rawCreate, namespaceId: root } }, rawCallOptions);
    const id = seeded.route?.id as string;
    let counter = 0;
    const samples = await measure(
      [
        { name: 'raw get', run: () => raw.getRoute({ id }, rawCallOptions) },
        { name: 'client get', run: () => client.routes.get(id) },
        { name: 'raw create', run: () => raw.setRoute({ route: { ...rawCreate, namespaceId: root } }, rawCallOptions) },
        { name: 'client create', run: () => client.routes.create(input) },
        {
          // The same sequence the library sends: read, then write the whole route.
          name: 'raw update',
          run: async () => {
            const current = (await raw.getRoute({ id }, rawCallOptions)).route as ProtoRoute;
            current.description = `d${counter++}`;
            return raw.setRoute({ route: current }, rawCallOptions);
          },
        },
        { name: 'client update', run: () => client.routes.update(id, { description: `d${counter++}` }) },
        {
          name: 'raw list',
          run: () => raw.listRoutes({ namespace: root, offset: 0n, limit: 100n }, rawCallOptions),
        },
        { name: 'backend list', run: () => backend.routes.list({ namespaceId: root, offset: 0, limit: 100 }) },
      ],
      rounds,
      calls,
    );
    await client.close();
    return samples;
  } finally {
    child.kill();
  }
}

/** Every figure of the Enterprise adapter's overhead, as `pnpm bench` records it. */
export async function measureEnterpriseOverhead(
  options: { rounds?: number; calls?: number; loopbackCalls?: number } = {},
) {
  const rounds = options.rounds ?? 7;
  const memory = await noNetwork(rounds, options.calls ?? 2000);
  const adapter = await adapterOnly(rounds, (options.calls ?? 2000) * 2);
  const a = (name: string) => median(adapter[name]?.cpu ?? []);
  const wire = await loopback(rounds, options.loopbackCalls ?? 300);
  const m = (name: string) => median(memory.samples[name]?.cpu ?? []);
  const w = (name: string) => median(wire[name]?.wall ?? []);
  const wc = (name: string) => median(wire[name]?.cpu ?? []);
  const figures = (samples: Record<string, Samples>) =>
    Object.fromEntries(
      Object.entries(samples).map(([name, values]) => [name, { wall: figure(values.wall), cpu: figure(values.cpu) }]),
    );
  const round = (value: number, digits = 1) => Number(value.toFixed(digits));
  const result = {
    noNetwork: figures(memory.samples),
    adapterOnly: figures(adapter),
    loopback: figures(wire),
    // No network: CPU µs per call above the raw connect client (the in-memory server runs in the same process for both).
    enterpriseGetDeltaUs: round(m('client get') - m('raw get')),
    enterpriseCreateDeltaUs: round(m('client create') - m('raw create')),
    enterpriseBackendGetDeltaUs: round(m('backend get') - m('raw get')),
    enterpriseBackendCreateDeltaUs: round(m('backend create') - m('raw create')),
    // A transport that answers at once: the adapter's own CPU per call above the raw client's.
    enterpriseAdapterGetDeltaUs: round(a('backend get') - a('raw get')),
    enterpriseAdapterCreateDeltaUs: round(a('backend create') - a('raw create')),
    enterpriseAdapterUpdateDeltaUs: round(a('backend update') - a('raw update')),
    enterpriseListCpuPerRouteDeltaUs: round(median(memory.listing.client ?? []) - median(memory.listing.raw ?? []), 2),
    // Loopback: wall time library/raw, and client-process CPU library/raw.
    enterpriseLoopbackGetRatio: round(w('client get') / w('raw get'), 3),
    enterpriseLoopbackCreateRatio: round(w('client create') / w('raw create'), 3),
    enterpriseLoopbackUpdateRatio: round(w('client update') / w('raw update'), 3),
    enterpriseLoopbackListRatio: round(w('backend list') / w('raw list'), 3),
    enterpriseLoopbackGetCpuRatio: round(wc('client get') / wc('raw get'), 3),
    enterpriseLoopbackCreateCpuRatio: round(wc('client create') / wc('raw create'), 3),
    enterpriseLoopbackUpdateCpuRatio: round(wc('client update') / wc('raw update'), 3),
    enterpriseLoopbackListCpuRatio: round(wc('backend list') / wc('raw list'), 3),
  };
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '7' },
      calls: { type: 'string', default: '2000' },
      'adapter-only': { type: 'boolean', default: false },
    },
  });
  const rounds = Number(values.rounds);
  const calls = Number(values.calls);
  if (values['adapter-only']) {
    const samples = await adapterOnly(rounds, calls);
    const a = (name: string) => median(samples[name]?.cpu ?? []);
    console.log(
      JSON.stringify({
        adapterOnly: Object.fromEntries(Object.entries(samples).map(([name, value]) => [name, figure(value.cpu)])),
        enterpriseAdapterGetDeltaUs: Number((a('backend get') - a('raw get')).toFixed(1)),
        enterpriseAdapterCreateDeltaUs: Number((a('backend create') - a('raw create')).toFixed(1)),
        enterpriseAdapterUpdateDeltaUs: Number((a('backend update') - a('raw update')).toFixed(1)),
        enterpriseClientGetDeltaUs: Number((a('client get') - a('raw get')).toFixed(1)),
        enterpriseClientCreateDeltaUs: Number((a('client create') - a('raw create')).toFixed(1)),
        enterpriseClientUpdateDeltaUs: Number((a('client update') - a('raw update')).toFixed(1)),
      }),
    );
  } else {
    console.log(JSON.stringify(await measureEnterpriseOverhead({ rounds, calls }), null, 2));
  }
}

// Goals 2 and 5: listing every route of a fake seeded with many. Client CPU per route, library vs raw (same
// page size, same pages), the server CPU the fake spends, and the client's retained heap while iterating.
import { createPomeriumClient, type PomeriumClient } from '@pomerium-unified/core';
import { createEnterpriseBackend } from '@pomerium-unified/enterprise-adapter';
import { createZeroBackend } from '@pomerium-unified/zero-adapter';
import type { FakeConsoleProcess } from './fake-console-process.js';
import { cpuMicros, median, round, type Summary, summarize } from './measure.js';
import {
  createGrpcJsRouteClient,
  createRawConnectClient,
  createRawNodeHttpZeroClient,
  createRawZeroClient,
  timeoutMs,
} from './raw-clients.js';

const pageSize = 100;

/** Figures of listing every route of one fake. */
export interface ListingFigures {
  routes: number;
  /** Client CPU per listed route, µs, by variant. */
  clientCpuPerRouteMicros: Record<string, Summary>;
  /** Library - raw client CPU per route, µs. */
  clientCpuPerRouteDeltaMicros: number;
  /** Library / @grpc/grpc-js stubs client CPU per route (Enterprise). */
  stubsCpuDeltaMicros?: number;
  /** Library - raw client on the library's own HTTP stack, client CPU per route (Zero: node:http). */
  sameTransportCpuDeltaMicros?: number;
  /** Server CPU to serve one whole listing, ms (median over the raw client's listings). */
  serverCpuMsPerListing: number;
  /** Wall time of one whole listing through the library, ms. */
  libraryWallMs: number;
  /** Retained heap after a GC, once 1,000 routes and once every route was iterated (MiB above the start). */
  heapRetainedMiB: { after1000: number; afterAll: number };
}

type Lister = () => Promise<number>;

function push(target: Record<string, number[]>, name: string, value: number): void {
  const list = target[name] ?? [];
  list.push(value);
  target[name] = list;
}

async function listingRounds(
  fake: FakeConsoleProcess,
  variants: Record<string, Lister>,
  rounds: number,
): Promise<{
  cpu: Record<string, number[]>;
  server: Record<string, number[]>;
  wall: Record<string, number[]>;
  count: number;
}> {
  const cpu: Record<string, number[]> = {};
  const server: Record<string, number[]> = {};
  const wall: Record<string, number[]> = {};
  let count = 0;
  const names = Object.keys(variants);
  for (let roundIndex = 0; roundIndex < rounds; roundIndex++) {
    for (let offset = 0; offset < names.length; offset++) {
      const name = names[(offset + roundIndex) % names.length] as string;
      const serverBefore = await fake.cpuMicros();
      const started = performance.now();
      const before = cpuMicros();
      count = await (variants[name] as Lister)();
      const used = cpuMicros() - before;
      const elapsed = performance.now() - started;
      const serverUsed = (await fake.cpuMicros()) - serverBefore;
      push(cpu, name, used / count);
      push(server, name, serverUsed / 1000);
      push(wall, name, elapsed);
    }
  }
  return { cpu, server, wall, count };
}

async function retainedHeap(
  client: PomeriumClient,
  namespaceId: string,
): Promise<{ after1000: number; afterAll: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const heap = () => {
    gc?.();
    return process.memoryUsage().heapUsed;
  };
  const start = heap();
  let after1000 = 0;
  let count = 0;
  for await (const _route of client.routes.list({ namespaceId, pageSize })) {
    count += 1;
    if (count === 1000) after1000 = heap() - start;
  }
  const afterAll = heap() - start;
  const mib = (bytes: number) => round(bytes / 1024 / 1024);
  return { after1000: mib(after1000), afterAll: mib(afterAll) };
}

function figures(
  raw: string,
  measured: Awaited<ReturnType<typeof listingRounds>>,
  heapRetainedMiB: ListingFigures['heapRetainedMiB'],
): ListingFigures {
  const cpu = Object.fromEntries(Object.entries(measured.cpu).map(([name, rounds]) => [name, summarize(rounds)]));
  const m = (name: string) => (cpu[name] as Summary).median;
  const result: ListingFigures = {
    routes: measured.count,
    clientCpuPerRouteMicros: cpu,
    clientCpuPerRouteDeltaMicros: round(m('library') - m(raw)),
    serverCpuMsPerListing: round(median(measured.server[raw] ?? [])),
    libraryWallMs: round(median(measured.wall.library ?? [])),
    heapRetainedMiB,
  };
  if (cpu['grpc-js stubs']) result.stubsCpuDeltaMicros = round(m('library') - m('grpc-js stubs'));
  if (cpu['raw node:http']) result.sameTransportCpuDeltaMicros = round(m('library') - m('raw node:http'));
  return result;
}

/** Zero: the library's list() vs plain fetch paging with the same query. */
export async function measureZeroListing(fake: FakeConsoleProcess, rounds: number): Promise<ListingFigures> {
  const { url, token, organizationId, namespaceId } = fake.details;
  const client = createPomeriumClient({ backend: createZeroBackend({ apiUrl: url, apiUserToken: token, timeoutMs }) });
  const raw = await createRawZeroClient(url, token, organizationId);
  const rawHttp = await createRawNodeHttpZeroClient(url, token, organizationId);
  for await (const _page of client.routes.list({ namespaceId, pageSize }).pages()) break;
  const search = new URLSearchParams((await fake.recent(1))[0]?.search ?? '');
  const library: Lister = async () => {
    let listed = 0;
    for await (const route of client.routes.list({ namespaceId, pageSize })) listed += route.id ? 1 : 0;
    return listed;
  };
  const rawList: Lister = async () => {
    let listed = 0;
    for (let offset = 0; ; offset += pageSize) {
      search.set('offset', String(offset));
      const page = (await raw.list(search.toString())) as { id: string }[];
      for (const route of page) listed += route.id ? 1 : 0;
      if (page.length < pageSize) return listed;
    }
  };
  const rawHttpList: Lister = async () => {
    let listed = 0;
    const pageSearch = new URLSearchParams(search);
    for (let offset = 0; ; offset += pageSize) {
      pageSearch.set('offset', String(offset));
      const page = (await rawHttp.list(pageSearch.toString())) as { id: string }[];
      for (const route of page) listed += route.id ? 1 : 0;
      if (page.length < pageSize) return listed;
    }
  };
  const measured = await listingRounds(fake, { library, 'raw fetch': rawList, 'raw node:http': rawHttpList }, rounds);
  const heap = await retainedHeap(client, namespaceId);
  await client.close();
  rawHttp.close();
  return figures('raw fetch', measured, heap);
}

/** Enterprise: the library's list() vs a connect client and @grpc/grpc-js stubs paging the same way. */
export async function measureEnterpriseListing(fake: FakeConsoleProcess, rounds: number): Promise<ListingFigures> {
  const { url, token, namespaceId } = fake.details;
  const client = createPomeriumClient({
    backend: createEnterpriseBackend({ url, serviceAccountToken: token, plaintext: true, timeoutMs }),
  });
  const connect = createRawConnectClient(url, token);
  const stubs = createGrpcJsRouteClient(url, token);
  const library: Lister = async () => {
    let listed = 0;
    for await (const route of client.routes.list({ namespaceId, pageSize })) listed += route.id ? 1 : 0;
    return listed;
  };
  const rawList: Lister = async () => {
    let listed = 0;
    for (let offset = 0; ; offset += pageSize) {
      const { routes } = await connect.client.listRoutes(
        { namespace: namespaceId, offset: BigInt(offset), limit: BigInt(pageSize) },
        connect.options(),
      );
      for (const route of routes) listed += route.id ? 1 : 0;
      if (routes.length < pageSize) return listed;
    }
  };
  const stubsList: Lister = async () => {
    let listed = 0;
    for (let offset = 0; ; offset += pageSize) {
      const { routes = [] } = await stubs.listRoutes({
        namespace: namespaceId,
        offset: String(offset),
        limit: String(pageSize),
      });
      for (const route of routes as { id?: string }[]) listed += route.id ? 1 : 0;
      if (routes.length < pageSize) return listed;
    }
  };
  const measured = await listingRounds(
    fake,
    { library, 'raw connect client': rawList, 'grpc-js stubs': stubsList },
    rounds,
  );
  const heap = await retainedHeap(client, namespaceId);
  await client.close();
  stubs.close();
  return figures('raw connect client', measured, heap);
}

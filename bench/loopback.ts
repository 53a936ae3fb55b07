// Goal 1 on loopback: library vs raw client against the fakes in their own processes, for get, create, update
// and list (one page of 100), on both adapters. The raw clients send the same requests as the library (checked
// against the fake's request counters); where that is not the minimal sequence, the minimal one is measured too.
import { create } from '@bufbuild/protobuf';
import { createPomeriumClient, type PomeriumClient } from '@pomerium-unified/core';
import { createEnterpriseBackend } from '@pomerium-unified/enterprise-adapter';
import { RouteSchema } from '@pomerium-unified/enterprise-protos';
import { createZeroBackend } from '@pomerium-unified/zero-adapter';
import type { FakeConsoleProcess } from './fake-console-process.js';
import { interleave, round, type Summary, type Variant } from './measure.js';
import {
  createGrpcJsRouteClient,
  createRawConnectClient,
  createRawNodeHttpZeroClient,
  createRawZeroClient,
  timeoutMs,
} from './raw-clients.js';

/** Figures of one operation. */
export interface OperationFigures {
  /** µs per call by variant. */
  variants: Record<string, Summary>;
  /** Library / raw (same request sequence). */
  ratio: number;
  /** Library - raw, µs per call. */
  deltaMicros: number;
  /** Library / minimal raw sequence, where it differs. */
  minimalRatio?: number;
  /** Library / @grpc/grpc-js stubs (Enterprise). */
  stubsRatio?: number;
  /** Library / raw in CPU time of the client process per call (the fakes run in their own processes). */
  cpuRatio: number;
  /** Library / @grpc/grpc-js stubs in client CPU time per call (Enterprise). */
  stubsCpuRatio?: number;
  /** Library / a raw client on the library's own HTTP stack (Zero: node:http on the same pool size), wall and client CPU. */
  sameTransportRatio?: number;
  sameTransportCpuRatio?: number;
  /** The raw variant sent the same requests as the library (by the fake's per-route counters). */
  sameRequests: boolean;
  /** What the library sent for one call (request keys), for the record. */
  librarySequence: string[];
}

const deadlineMs = 120_000;
const pageSize = 100;

const routeInput = (namespaceId: string) => ({
  namespaceId,
  name: 'bench route',
  from: 'https://bench.example.com',
  to: ['http://upstream.internal:8080'],
  allowWebsockets: true,
  setRequestHeaders: { 'X-Bench': '1' },
});

async function requestsOf(
  fake: FakeConsoleProcess,
  run: () => Promise<unknown>,
  times = 5,
): Promise<Record<string, number>> {
  await fake.reset();
  for (let index = 0; index < times; index++) await run();
  return (await fake.stats()).requests;
}

function sameCounts(left: Record<string, number>, right: Record<string, number>): boolean {
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  return [...keys].every((key) => left[key] === right[key]);
}

async function operation(
  fake: FakeConsoleProcess,
  library: Variant,
  raw: Variant,
  others: Variant[],
  options: { rounds: number; iterations: number },
): Promise<OperationFigures> {
  const libraryRequests = await requestsOf(fake, () => library.run(0));
  const rawRequests = await requestsOf(fake, () => raw.run(0));
  const variants = await interleave([library, raw, ...others], options);
  const m = (name: string) => (variants[name] as Summary).median;
  const c = (name: string) => (variants[name] as Summary).cpu?.median ?? Number.NaN;
  const figures: OperationFigures = {
    variants,
    ratio: round(m(library.name) / m(raw.name)),
    cpuRatio: round(c(library.name) / c(raw.name)),
    deltaMicros: round(m(library.name) - m(raw.name)),
    sameRequests: sameCounts(libraryRequests, rawRequests),
    librarySequence: Object.entries(libraryRequests).map(([key, count]) => `${key} ×${count / 5}`),
  };
  const minimal = others.find((variant) => variant.name.includes('minimal'));
  if (minimal) figures.minimalRatio = round(m(library.name) / m(minimal.name));
  const stubs = others.find((variant) => variant.name.includes('grpc-js'));
  if (stubs) {
    figures.stubsRatio = round(m(library.name) / m(stubs.name));
    figures.stubsCpuRatio = round(c(library.name) / c(stubs.name));
  }
  const sameTransport = others.find((variant) => variant.name.includes('node:http'));
  if (sameTransport) {
    figures.sameTransportRatio = round(m(library.name) / m(sameTransport.name));
    figures.sameTransportCpuRatio = round(c(library.name) / c(sameTransport.name));
  }
  return figures;
}

async function firstPage(client: PomeriumClient, namespaceId: string): Promise<number> {
  for await (const page of client.routes.list({ namespaceId, pageSize }).pages()) return page.length;
  return 0;
}

/** Zero: library vs plain fetch on loopback. */
export async function measureZeroLoopback(
  fake: FakeConsoleProcess,
  options: { rounds: number; iterations: number },
): Promise<Record<string, OperationFigures>> {
  const { url, token, organizationId, namespaceId, routeIds } = fake.details;
  const client = createPomeriumClient({
    backend: createZeroBackend({ apiUrl: url, apiUserToken: token, timeoutMs }),
    deadlineMs,
  });
  const raw = await createRawZeroClient(url, token, organizationId);
  const rawHttp = await createRawNodeHttpZeroClient(url, token, organizationId);
  const getId = routeIds[0] as string;
  const updateId = routeIds[1] as string;
  const input = routeInput(namespaceId);
  // Warm the library (token, organization scope), then take the exact bodies and queries it sends.
  await client.routes.get(getId);
  await client.routes.create(input);
  const createBody = (await fake.recent(1))[0]?.body;
  // The update's whole request sequence (JSON Patch, or a read and a whole write, whichever the adapter sends).
  await fake.reset();
  await client.routes.update(updateId, { name: 'bench renamed' });
  const updateCount = Object.values((await fake.stats()).requests).reduce((sum, count) => sum + count, 0);
  const updateRequests = await fake.recent(updateCount);
  await firstPage(client, namespaceId);
  const listSearch = (await fake.recent(1))[0]?.search ?? '';
  const result = {
    get: await operation(
      fake,
      { name: 'library', run: () => client.routes.get(getId) },
      { name: 'raw fetch', run: () => raw.get(getId) },
      [{ name: 'raw node:http', run: () => rawHttp.get(getId) }],
      options,
    ),
    create: await operation(
      fake,
      { name: 'library', run: () => client.routes.create(input) },
      { name: 'raw fetch', run: () => raw.create(createBody) },
      [{ name: 'raw node:http', run: () => rawHttp.create(createBody) }],
      options,
    ),
    update: await operation(
      fake,
      { name: 'library', run: () => client.routes.update(updateId, { name: 'bench renamed' }) },
      { name: 'raw fetch', run: () => raw.replay(updateRequests) },
      [
        { name: 'raw node:http', run: () => rawHttp.replay(updateRequests) },
        ...(updateRequests.length > 1
          ? [{ name: 'raw fetch, minimal (the write only)', run: () => raw.replay(updateRequests.slice(-1)) }]
          : []),
      ],
      options,
    ),
    list: await operation(
      fake,
      { name: 'library', run: () => firstPage(client, namespaceId) },
      { name: 'raw fetch', run: () => raw.list(listSearch) },
      [{ name: 'raw node:http', run: () => rawHttp.list(listSearch) }],
      options,
    ),
  };
  await client.close();
  rawHttp.close();
  return result;
}

/** Enterprise: library vs a connect client on the same protos, and @grpc/grpc-js stubs as the peer. */
export async function measureEnterpriseLoopback(
  fake: FakeConsoleProcess,
  options: { rounds: number; iterations: number },
): Promise<Record<string, OperationFigures>> {
  const { url, token, namespaceId, routeIds } = fake.details;
  const client = createPomeriumClient({
    backend: createEnterpriseBackend({ url, serviceAccountToken: token, plaintext: true, timeoutMs }),
    deadlineMs,
  });
  const connect = createRawConnectClient(url, token);
  const stubs = createGrpcJsRouteClient(url, token);
  const getId = routeIds[0] as string;
  const updateId = routeIds[1] as string;
  const input = routeInput(namespaceId);
  const protoInput = {
    namespaceId,
    name: input.name,
    from: input.from,
    to: input.to,
    allowWebsockets: true,
    setRequestHeaders: input.setRequestHeaders,
  };
  const rawRoute = create(RouteSchema, protoInput);
  const listRequest = { namespace: namespaceId, offset: 0n, limit: BigInt(pageSize) };
  const stubsListRequest = { namespace: namespaceId, offset: '0', limit: String(pageSize) };
  await client.routes.get(getId);
  await stubs.getRoute({ id: getId });
  // The update as the library does it: read, apply the patch to the fresh read, write the whole route.
  const rawUpdate = async () => {
    const { route } = await connect.client.getRoute({ id: updateId }, connect.options());
    if (!route) throw new Error('no route');
    route.name = 'bench renamed';
    return connect.client.setRoute({ route }, connect.options());
  };
  const held = (await connect.client.getRoute({ id: updateId }, connect.options())).route;
  const minimalUpdate = async () => {
    if (!held) throw new Error('no route');
    held.name = 'bench renamed';
    return connect.client.setRoute({ route: held }, connect.options());
  };
  const stubsUpdate = async () => {
    const { route } = await stubs.getRoute({ id: updateId });
    route.name = 'bench renamed';
    return stubs.setRoute({ route });
  };
  const result = {
    get: await operation(
      fake,
      { name: 'library', run: () => client.routes.get(getId) },
      { name: 'raw connect client', run: () => connect.client.getRoute({ id: getId }, connect.options()) },
      [{ name: 'grpc-js stubs', run: () => stubs.getRoute({ id: getId }) }],
      options,
    ),
    create: await operation(
      fake,
      { name: 'library', run: () => client.routes.create(input) },
      { name: 'raw connect client', run: () => connect.client.setRoute({ route: rawRoute }, connect.options()) },
      [{ name: 'grpc-js stubs', run: () => stubs.setRoute({ route: protoInput }) }],
      options,
    ),
    update: await operation(
      fake,
      { name: 'library', run: () => client.routes.update(updateId, { name: 'bench renamed' }) },
      { name: 'raw connect client (get + set)', run: rawUpdate },
      [
        { name: 'raw connect client, minimal (set only)', run: minimalUpdate },
        { name: 'grpc-js stubs (get + set)', run: stubsUpdate },
      ],
      options,
    ),
    list: await operation(
      fake,
      { name: 'library', run: () => firstPage(client, namespaceId) },
      { name: 'raw connect client', run: () => connect.client.listRoutes(listRequest, connect.options()) },
      [{ name: 'grpc-js stubs', run: () => stubs.listRoutes(stubsListRequest) }],
      options,
    ),
  };
  await client.close();
  stubs.close();
  return result;
}

// Goal 1, no network: per-call overhead of the library above the raw client when the wire costs nothing.
// Zero: a stub fetch that replays answers recorded once from an in-process fake console; the raw client is
// plain fetch on the same stub. Enterprise: one in-memory connect transport (createRouterTransport) over the
// same handlers for both; the raw client is a connect client on the same protos.
import { create } from '@bufbuild/protobuf';
import { timestampNow } from '@bufbuild/protobuf/wkt';
import { createClient, createRouterTransport } from '@connectrpc/connect';
import { createPomeriumClient, type PomeriumBackend } from '@pomerium-unified/core';
import { createEnterpriseBackend } from '@pomerium-unified/enterprise-adapter';
import {
  NamespaceService,
  PolicyService,
  type Route,
  RouteSchema,
  RouteService,
} from '@pomerium-unified/enterprise-protos';
import { startFakeZeroConsole } from '@pomerium-unified/testkit';
import { createZeroBackend } from '@pomerium-unified/zero-adapter';
import { routeFromProto } from '../packages/enterprise-adapter/src/convert-route.js';
import { zeroRouteToRoute } from '../packages/zero-adapter/src/convert-route.js';
import { interleave, round, type Summary } from './measure.js';
import { withAttemptBound } from './raw-clients.js';

/** Figures of the no-network measure of one adapter. */
export interface NoNetworkFigures {
  /** µs per call by variant, for get and create. */
  get: Record<string, Summary>;
  create: Record<string, Summary>;
  /** Library (default options) minus raw, µs. */
  getDeltaMicros: number;
  createDeltaMicros: number;
  /** Library / raw. */
  getRatio: number;
  createRatio: number;
  /** Library minus raw in CPU time of this process per call, µs (less disturbed by other processes' load). */
  getCpuDeltaMicros: number;
  createCpuDeltaMicros: number;
  /** What each mechanism costs per call, µs: the core client layer, retries, answer validation, conversion. */
  costs: Record<string, number>;
}

const deadlineMs = 120_000;
const timeoutMs = 30_000;

const routeInput = {
  name: 'bench route',
  from: 'https://bench.example.com',
  to: ['http://upstream.internal:8080'],
  policyIds: [] as string[],
  allowWebsockets: true,
  setRequestHeaders: { 'X-Bench': '1' },
};

async function microsPerCall(run: () => unknown, iterations: number): Promise<number> {
  for (let index = 0; index < Math.min(iterations, 500); index++) run();
  const started = process.hrtime.bigint();
  for (let index = 0; index < iterations; index++) run();
  return Number(process.hrtime.bigint() - started) / 1000 / iterations;
}

/** Zero with a stub fetch vs plain fetch on the same stub. */
export async function measureZeroNoNetwork(options: {
  rounds: number;
  iterations: number;
  warmup?: number;
}): Promise<NoNetworkFigures> {
  const fake = await startFakeZeroConsole({ requestLogLimit: 100 });
  const [cluster] = fake.state.clusters.values();
  const namespaceId = String(cluster?.json.namespaceId);
  const recorded = new Map<string, { status: number; text: string; headers: Record<string, string> }>();
  // Records the first answer for each method + path (+ query), replays it afterwards without any I/O.
  const stubFetch: typeof fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    const key = `${method} ${url}`;
    let answer = recorded.get(key);
    if (!answer) {
      const response = input instanceof Request ? await fetch(input) : await fetch(url, init);
      answer = {
        status: response.status,
        text: await response.text(),
        headers: { 'content-type': 'application/json' },
      };
      recorded.set(key, answer);
    }
    return new Response(answer.status === 204 ? null : answer.text, { status: answer.status, headers: answer.headers });
  };
  const makeBackend = () =>
    createZeroBackend({ apiUrl: fake.url, apiUserToken: fake.apiUserToken, fetch: stubFetch, timeoutMs });
  const backend = makeBackend();
  const library = createPomeriumClient({ backend, deadlineMs });
  const noRetry = createPomeriumClient({ backend: makeBackend(), deadlineMs, retry: false } as Parameters<
    typeof createPomeriumClient
  >[0]);
  const direct: PomeriumBackend = makeBackend();
  const input = { ...routeInput, namespaceId };
  const existing = await library.routes.create(input);
  await noRetry.routes.get(existing.id);
  await direct.routes.get({ id: existing.id });

  // The raw client: the same requests (same URL, headers, body), a fresh token exchange once.
  const base = `${fake.url}/api/v0/`;
  const token = (
    JSON.parse(
      await (
        await stubFetch(`${base}token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ refreshToken: fake.apiUserToken }),
        })
      ).text(),
    ) as { idToken: string }
  ).idToken;
  const [organizationId] = fake.state.organizations.keys();
  const routesUrl = `${base}organizations/${organizationId}/routes`;
  // The exact body the library sends for this create, taken from the fake's log.
  const createBody = fake.stats.log.find((record) => record.method === 'POST' && record.route.endsWith('/routes'))
    ?.body as object;
  const headers = { accept: 'application/json', 'user-agent': 'raw', authorization: `Bearer ${token}` };
  // The per-attempt bound as the library applies it (an AbortController and a timer, cleared after the body).
  const rawGet = (id: string) =>
    withAttemptBound(async (signal) => {
      const response = await stubFetch(`${routesUrl}/${encodeURIComponent(id)}`, { headers, signal });
      if (!response.ok) throw new Error(`raw get ${response.status}`);
      return JSON.parse(await response.text()) as unknown;
    });
  const rawCreate = () =>
    withAttemptBound(async (signal) => {
      const response = await stubFetch(routesUrl, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(createBody),
        signal,
      });
      if (!response.ok) throw new Error(`raw create ${response.status}`);
      return JSON.parse(await response.text()) as unknown;
    });
  await rawGet(existing.id);
  await rawCreate();

  const get = await interleave(
    [
      { name: 'library', run: () => library.routes.get(existing.id) },
      { name: 'library, retry off', run: () => noRetry.routes.get(existing.id) },
      { name: 'backend only (no client layer)', run: () => direct.routes.get({ id: existing.id }) },
      { name: 'raw fetch', run: () => rawGet(existing.id) },
    ],
    options,
  );
  const create = await interleave(
    [
      { name: 'library', run: () => library.routes.create(input) },
      { name: 'library, retry off', run: () => noRetry.routes.create(input) },
      { name: 'backend only (no client layer)', run: () => direct.routes.create({ input }) },
      { name: 'raw fetch', run: () => rawCreate() },
    ],
    options,
  );
  const sample = JSON.parse((recorded.get(`GET ${routesUrl}/${existing.id}`) as { text: string }).text) as unknown;
  // The answer validation of the Zero adapter (a zod parse), where the adapter has one.
  const schemasModule = '../packages/zero-adapter/src/zero-wire-schemas.js';
  const schemas = (await import(schemasModule).catch(() => undefined)) as
    | { parseZeroRoute?: (value: unknown) => unknown }
    | undefined;
  const parse = schemas?.parseZeroRoute ?? ((value: unknown) => value);
  const validation = schemas?.parseZeroRoute ? await microsPerCall(() => parse(sample), 20_000) : Number.NaN;
  const conversion = await microsPerCall(
    () => zeroRouteToRoute(sample as Parameters<typeof zeroRouteToRoute>[0]),
    20_000,
  );
  await Promise.all([library.close(), noRetry.close(), direct.close?.(), fake.close()]);
  return figures(get, create, 'raw fetch', {
    'answer validation (zod parse of a route)': validation,
    'route conversion': conversion,
  });
}

function figures(
  get: Record<string, Summary>,
  create: Record<string, Summary>,
  raw: string,
  measured: Record<string, number>,
): NoNetworkFigures {
  const m = (set: Record<string, Summary>, name: string) => (set[name] as Summary).median;
  const c = (set: Record<string, Summary>, name: string) => (set[name] as Summary).cpu?.median ?? Number.NaN;
  return {
    get,
    create,
    getCpuDeltaMicros: round(c(get, 'library') - c(get, raw)),
    createCpuDeltaMicros: round(c(create, 'library') - c(create, raw)),
    getDeltaMicros: round(m(get, 'library') - m(get, raw)),
    createDeltaMicros: round(m(create, 'library') - m(create, raw)),
    getRatio: round(m(get, 'library') / m(get, raw)),
    createRatio: round(m(create, 'library') / m(create, raw)),
    costs: {
      'core client layer, get (input checks, deadline, retry loop)': round(
        m(get, 'library') - m(get, 'backend only (no client layer)'),
      ),
      'core client layer, create': round(m(create, 'library') - m(create, 'backend only (no client layer)')),
      'retries on vs off, get': round(m(get, 'library') - m(get, 'library, retry off')),
      'retries on vs off, create': round(m(create, 'library') - m(create, 'library, retry off')),
      ...Object.fromEntries(Object.entries(measured).map(([name, value]) => [name, round(value)])),
    },
  };
}

/** Enterprise over one in-memory transport vs a connect client on the same protos and transport. */
export async function measureEnterpriseNoNetwork(options: {
  rounds: number;
  iterations: number;
  warmup?: number;
}): Promise<NoNetworkFigures> {
  const now = timestampNow();
  const stored: Route = create(RouteSchema, {
    id: 'route-1',
    namespaceId: 'namespace-1',
    namespaceName: 'Global',
    name: 'bench route',
    from: 'https://bench.example.com',
    to: ['http://upstream.internal:8080'],
    allowWebsockets: true,
    setRequestHeaders: { 'X-Bench': '1' },
    createdAt: now,
    modifiedAt: now,
  });
  const transport = createRouterTransport((router) => {
    router.service(RouteService, {
      getRoute: () => ({ route: stored }),
      setRoute: (request) => {
        const route = create(RouteSchema, request.route);
        route.id ||= 'route-2';
        route.createdAt = now;
        route.modifiedAt = now;
        return { route };
      },
      listRoutes: () => ({ routes: [stored], totalCount: 1n }),
    });
    router.service(NamespaceService, {});
    router.service(PolicyService, {});
  });
  const token = 'bench-service-account-token';
  const makeBackend = () =>
    createEnterpriseBackend({
      url: 'http://127.0.0.1:1',
      serviceAccountToken: token,
      plaintext: true,
      transport,
      timeoutMs,
    });
  const library = createPomeriumClient({ backend: makeBackend(), deadlineMs });
  const noRetry = createPomeriumClient({ backend: makeBackend(), deadlineMs, retry: false } as Parameters<
    typeof createPomeriumClient
  >[0]);
  const direct = makeBackend();
  const input = { ...routeInput, namespaceId: 'namespace-1' };
  const raw = createClient(RouteService, transport);
  const callOptions = () => ({ headers: { authorization: `Pomerium ${token}` }, timeoutMs });
  const rawRoute = create(RouteSchema, {
    namespaceId: 'namespace-1',
    name: input.name,
    from: input.from,
    to: input.to,
    allowWebsockets: true,
    setRequestHeaders: input.setRequestHeaders,
  });
  const get = await interleave(
    [
      { name: 'library', run: () => library.routes.get('route-1') },
      { name: 'library, retry off', run: () => noRetry.routes.get('route-1') },
      { name: 'backend only (no client layer)', run: () => direct.routes.get({ id: 'route-1' }) },
      { name: 'raw connect client', run: () => raw.getRoute({ id: 'route-1' }, callOptions()) },
    ],
    options,
  );
  const createFigures = await interleave(
    [
      { name: 'library', run: () => library.routes.create(input) },
      { name: 'library, retry off', run: () => noRetry.routes.create(input) },
      { name: 'backend only (no client layer)', run: () => direct.routes.create({ input }) },
      { name: 'raw connect client', run: () => raw.setRoute({ route: rawRoute }, callOptions()) },
    ],
    options,
  );
  const conversion = await microsPerCall(() => routeFromProto(stored), 20_000);
  await Promise.all([library.close(), noRetry.close(), direct.close?.()]);
  return figures(get, createFigures, 'raw connect client', { 'route conversion (routeFromProto)': conversion });
}

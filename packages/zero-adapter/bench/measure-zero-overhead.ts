// Quick measurements of the Zero adapter against the raw client (plain fetch
// doing the same requests). Run: node --import tsx packages/zero-adapter/bench/measure-zero-overhead.ts
// Options: --rounds 7 --iterations 2000 (no network) --loopback-iterations 400 --list-routes 5000
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createPomeriumClient, type PomeriumClient } from '@pomerium-unified/core';
import ky from 'ky';
import { Agent } from 'undici';
import { createZeroBackend, zeroRouteToRoute } from '../src/index.js';
import { parseZeroRoute } from '../src/zero-wire-schemas.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '7' },
    iterations: { type: 'string', default: '2000' },
    'loopback-iterations': { type: 'string', default: '400' },
    'list-routes': { type: 'string', default: '5000' },
    json: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const rounds = Number(values.rounds);
const iterations = Number(values.iterations);
const loopbackIterations = Number(values['loopback-iterations']);
const listRoutes = Number(values['list-routes']);

const progress = (what: string) => process.stderr.write(`… ${what}\n`);

const median = (numbers: number[]) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

/**
 * Runs each variant `count` times per round, variants interleaved, and returns
 * the median µs per call of each: wall time, or with `cpu` the process's CPU
 * time (user + system), which a loaded machine disturbs less.
 */
async function compare(
  variants: Record<string, () => Promise<unknown>>,
  count: number,
  cpu = false,
): Promise<Record<string, number>> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  for (const run of Object.values(variants)) for (let i = 0; i < Math.min(500, count); i += 1) await run(); // warm-up
  for (let round = 0; round < rounds; round += 1) {
    for (const [name, run] of Object.entries(variants)) {
      const started = process.hrtime.bigint();
      const cpuBefore = process.cpuUsage();
      for (let i = 0; i < count; i += 1) await run();
      const used = process.cpuUsage(cpuBefore);
      const elapsed = cpu ? used.user + used.system : Number(process.hrtime.bigint() - started) / 1000;
      samples[name]?.push(elapsed / count);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
}

/** Client CPU (user + system) per item, in µs, median of the rounds. */
async function compareCpu(variants: Record<string, () => Promise<number>>): Promise<Record<string, number>> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  for (const run of Object.values(variants)) await run();
  for (let round = 0; round < rounds; round += 1) {
    for (const [name, run] of Object.entries(variants)) {
      const before = process.cpuUsage();
      const items = await run();
      const used = process.cpuUsage(before);
      samples[name]?.push((used.user + used.system) / items);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
}

// ---------------------------------------------------------------- no network
const apiUrl = 'https://console.example.com';
const idToken = 'stub-id-token';
const wireRoute = {
  id: 'r1',
  namespaceId: 'ns-cluster',
  name: 'app',
  from: 'https://app.example.com',
  to: ['http://upstream:8080'],
  policyIds: [],
  enforcedPolicyIds: [],
  policies: [],
  enforcedPolicies: [],
  allowSpdy: false,
  allowWebsockets: false,
  enableGoogleCloudServerlessAuthentication: false,
  preserveHostHeader: false,
  showErrorDetails: false,
  tlsSkipVerify: false,
  tlsUpstreamAllowRenegotiation: false,
  timeout: '30s',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};
const routeText = JSON.stringify(wireRoute);
const stubAnswers: Record<string, string> = {
  token: JSON.stringify({ idToken, expiresInSeconds: '3600' }),
  organizations: JSON.stringify([{ id: 'org', name: 'Org' }]),
  'organizations/org/namespaces': JSON.stringify([
    { id: 'ns-root', name: 'Org', type: 'root', createdAt: 'x', updatedAt: 'x' },
  ]),
};
const jsonHeaders = { 'content-type': 'application/json' };
const stubFetch: typeof fetch = async (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const path = url.slice(`${apiUrl}/api/v0/`.length).split('?')[0] as string;
  const known = stubAnswers[path];
  if (known) return new Response(known, { status: 200, headers: jsonHeaders });
  const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
  return new Response(routeText, { status: method === 'POST' ? 201 : 200, headers: jsonHeaders });
};

async function noNetwork() {
  const backend = createZeroBackend({ apiUrl, apiUserToken: 'stub-api-user-token', fetch: stubFetch });
  const client = createPomeriumClient({ backend });
  const clientNoRetry = createPomeriumClient({ backend, retry: false });
  await client.routes.get('r1');
  const input = {
    namespaceId: 'ns-cluster',
    name: 'app',
    from: 'https://app.example.com',
    to: ['http://upstream:8080'],
  };
  const rawCreateBody = {
    ...input,
    policyIds: [],
    allowSpdy: false,
    allowWebsockets: false,
    enableGoogleCloudServerlessAuthentication: false,
    preserveHostHeader: false,
    showErrorDetails: false,
    tlsSkipVerify: false,
    tlsUpstreamAllowRenegotiation: false,
  };
  const headers = { accept: 'application/json', authorization: `Bearer ${idToken}` };
  const rawGet = async () => {
    const response = await stubFetch(`${apiUrl}/api/v0/organizations/org/routes/r1`, { method: 'GET', headers });
    return JSON.parse(await response.text());
  };
  const rawCreate = async () => {
    const response = await stubFetch(`${apiUrl}/api/v0/organizations/org/routes`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(rawCreateBody),
    });
    return JSON.parse(await response.text());
  };
  const kyClient = ky.create({ fetch: stubFetch, retry: 0, timeout: 30_000, headers });
  const kyGet = async () => JSON.parse(await kyClient.get(`${apiUrl}/api/v0/organizations/org/routes/r1`).text());
  const get = await compare(
    {
      raw: rawGet,
      ky: kyGet,
      backend: () => backend.routes.get({ id: 'r1' }),
      client: () => client.routes.get('r1'),
      clientNoRetry: () => clientNoRetry.routes.get('r1'),
    },
    iterations,
    true,
  );
  const kyCreate = async () =>
    JSON.parse(await kyClient.post(`${apiUrl}/api/v0/organizations/org/routes`, { json: rawCreateBody }).text());
  const create = await compare(
    {
      raw: rawCreate,
      ky: kyCreate,
      backend: () => backend.routes.create({ input }),
      client: () => client.routes.create(input),
    },
    iterations,
    true,
  );
  // What each part of the adapter's hot path costs, alone.
  const parts = await compare(
    {
      jsonParse: async () => JSON.parse(routeText),
      jsonParseAndValidate: async () => parseZeroRoute(JSON.parse(routeText)),
      jsonParseAndConvert: async () => zeroRouteToRoute(JSON.parse(routeText)),
      abortControllerAndTimer: async () => {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), 30_000);
        clearTimeout(timer);
      },
    },
    iterations * 5,
    true,
  );
  await backend.close?.();
  return { get, create, parts };
}

// ---------------------------------------------------------------- loopback
async function startFakeProcess(routes: number): Promise<{
  child: ChildProcess;
  url: string;
  apiUserToken: string;
  namespaceId: string;
  routeId: string;
}> {
  const script = fileURLToPath(new URL('./fake-zero-process.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, '--routes', String(routes)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`the fake Zero console process exited (${String(code)}) before it was ready`);
  });
  const [line] = (await Promise.race([once(child.stdout as NonNullable<typeof child.stdout>, 'data'), exited])) as [
    Buffer,
  ];
  exited.catch(() => undefined);
  return { child, ...JSON.parse(line.toString('utf8')) };
}

async function loopback() {
  const fake = await startFakeProcess(listRoutes);
  const backend = createZeroBackend({ apiUrl: fake.url, apiUserToken: fake.apiUserToken });
  const client: PomeriumClient = createPomeriumClient({ backend, pageSize: 100 });
  const { idToken: rawToken } = (await fetch(`${fake.url}/api/v0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken: fake.apiUserToken }),
  }).then((response) => response.json())) as { idToken: string };
  const organizations = (await fetch(`${fake.url}/api/v0/organizations`, {
    headers: { authorization: `Bearer ${rawToken}` },
  }).then((response) => response.json())) as { id: string }[];
  const organizationPath = `${fake.url}/api/v0/organizations/${organizations[0]?.id}`;
  // The raw client: plain fetch on a keep-alive pool of the same size, same requests, same token scheme.
  const rawAgent = new Agent({ connections: 16, keepAliveTimeout: 30_000 });
  const headers = { accept: 'application/json', authorization: `Bearer ${rawToken}` };
  const raw = async (path: string, method = 'GET', body?: unknown) => {
    const response = await fetch(`${organizationPath}/${path}`, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(30_000),
      dispatcher: rawAgent,
    } as unknown as RequestInit);
    const text = await response.text();
    if (!response.ok) throw new Error(`${response.status}`);
    return JSON.parse(text);
  };
  await client.routes.get(fake.routeId);
  let created = 0;
  const input = () => ({
    namespaceId: fake.namespaceId,
    name: `bench-${created}`,
    from: `https://bench-${created++}.example.com`,
    to: ['http://upstream:8080'],
  });
  const rawCreateBody = () => ({
    ...input(),
    policyIds: [],
    allowSpdy: false,
    allowWebsockets: false,
    enableGoogleCloudServerlessAuthentication: false,
    preserveHostHeader: false,
    showErrorDetails: false,
    tlsSkipVerify: false,
    tlsUpstreamAllowRenegotiation: false,
  });
  let toggle = 0;
  progress('loopback get');
  const get = await compare(
    { raw: () => raw(`routes/${fake.routeId}`), library: () => client.routes.get(fake.routeId) },
    loopbackIterations,
  );
  progress('loopback create');
  const create = await compare(
    { raw: () => raw('routes', 'POST', rawCreateBody()), library: () => client.routes.create(input()) },
    loopbackIterations,
  );
  progress('loopback update');
  const update = await compare(
    {
      raw: () => raw(`routes/${fake.routeId}`, 'PATCH', [{ op: 'add', path: '/name', value: `n${toggle++}` }]),
      library: () => client.routes.update(fake.routeId, { name: `n${toggle++}` }),
    },
    loopbackIterations,
  );
  const search = (offset: number) =>
    new URLSearchParams({
      namespaceId: fake.namespaceId,
      limit: '100',
      offset: String(offset),
    }).toString();
  progress('loopback list');
  const list = await compare(
    {
      raw: () => raw(`routes?${search(0)}`),
      library: () => backend.routes.list({ namespaceId: fake.namespaceId, offset: 0, limit: 100 }),
    },
    Math.max(20, Math.floor(loopbackIterations / 4)),
  );
  progress('listing CPU');
  const listCpu = await compareCpu({
    raw: async () => {
      let count = 0;
      for (let offset = 0; ; offset += 100) {
        const page = (await raw(`routes?${search(offset)}`)) as unknown[];
        count += page.length;
        if (page.length < 100) return count;
      }
    },
    backend: async () => {
      let count = 0;
      for (let offset = 0; ; offset += 100) {
        const page = await backend.routes.list({ namespaceId: fake.namespaceId, offset, limit: 100 });
        count += page.items.length;
        if (page.items.length < 100) return count;
      }
    },
    library: async () => {
      let count = 0;
      for await (const _route of client.routes.list({ namespaceId: fake.namespaceId })) count += 1;
      return count;
    },
  });
  progress('closing');
  fake.child.kill('SIGTERM');
  await backend.close?.();
  await rawAgent.destroy();
  return { get, create, update, list, listCpu };
}

const skip = { noNetwork: values.only === 'loopback', loopback: values.only === 'no-network' };
const emptyPair = { raw: 0, library: 0 };
const results = {
  noNetwork: skip.noNetwork
    ? {
        get: { raw: 0, backend: 0, client: 0, clientNoRetry: 0, ky: 0 } as Record<string, number>,
        create: { raw: 0, backend: 0, client: 0, ky: 0 } as Record<string, number>,
        parts: {} as Record<string, number>,
      }
    : await noNetwork(),
  loopback: skip.loopback
    ? { get: emptyPair, create: emptyPair, update: emptyPair, list: emptyPair, listCpu: emptyPair }
    : await loopback(),
};
const format = (value: number | undefined) => (value ?? 0).toFixed(1);
const summary = {
  'no network: ky instead of fetch, CPU µs per call (get / create)': [
    results.noNetwork.get.ky ?? 0,
    results.noNetwork.create.ky ?? 0,
  ].map(format),
  'parts, CPU µs (JSON.parse / + zod check / + conversion / AbortController + timer)': [
    results.noNetwork.parts.jsonParse ?? 0,
    results.noNetwork.parts.jsonParseAndValidate ?? 0,
    results.noNetwork.parts.jsonParseAndConvert ?? 0,
    results.noNetwork.parts.abortControllerAndTimer ?? 0,
  ].map(format),
  'no network: get, CPU µs per call (raw / backend / client / client without retry)': [
    results.noNetwork.get.raw,
    results.noNetwork.get.backend,
    results.noNetwork.get.client,
    results.noNetwork.get.clientNoRetry,
  ].map(format),
  'no network: get delta µs (backend - raw, client - raw)': [
    (results.noNetwork.get.backend ?? 0) - (results.noNetwork.get.raw ?? 0),
    (results.noNetwork.get.client ?? 0) - (results.noNetwork.get.raw ?? 0),
  ].map(format),
  'no network: create, CPU µs per call (raw / backend / client)': [
    results.noNetwork.create.raw,
    results.noNetwork.create.backend,
    results.noNetwork.create.client,
  ].map(format),
  'no network: create delta µs (backend - raw, client - raw)': [
    (results.noNetwork.create.backend ?? 0) - (results.noNetwork.create.raw ?? 0),
    (results.noNetwork.create.client ?? 0) - (results.noNetwork.create.raw ?? 0),
  ].map(format),
  ...Object.fromEntries(
    (['get', 'create', 'update', 'list'] as const).map((name) => {
      const measured = results.loopback[name];
      return [
        `loopback ${name} µs (raw / library, ratio)`,
        `${format(measured.raw ?? 0)} / ${format(measured.library ?? 0)}, ${((measured.library ?? 0) / (measured.raw ?? 1)).toFixed(2)}`,
      ];
    }),
  ),
  'listing: client CPU µs per route (raw / backend / client)': [
    results.loopback.listCpu.raw,
    (results.loopback.listCpu as Record<string, number>).backend,
    results.loopback.listCpu.library,
  ].map(format),
  'listing: delta µs per route (backend - raw, client - raw)': [
    ((results.loopback.listCpu as Record<string, number>).backend ?? 0) - (results.loopback.listCpu.raw ?? 0),
    (results.loopback.listCpu.library ?? 0) - (results.loopback.listCpu.raw ?? 0),
  ].map(format),
};
if (values.json) console.log(JSON.stringify({ results, summary }, null, 2));
else console.table(summary);

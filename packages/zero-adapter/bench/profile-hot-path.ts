// Runs one hot-path operation of the Zero adapter in a loop against a stub fetch (no network), for a CPU
// profile: node --cpu-prof --cpu-prof-dir /tmp/prof --import tsx packages/zero-adapter/bench/profile-hot-path.ts get
// Operations: get, create, update, list (a page of 100); `--calls N` (default 20000); `--backend` skips the client,
// `--raw` runs the raw client (plain fetch on the same stub, an AbortController and a timer as its bound) instead.
import { parseArgs } from 'node:util';
import { createPomeriumClient } from '@pomerium-unified/core';
import { createZeroBackend } from '../src/index.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    calls: { type: 'string', default: '20000' },
    backend: { type: 'boolean', default: false },
    raw: { type: 'boolean', default: false },
  },
});
const operation = positionals[0] ?? 'get';
const calls = Number(values.calls);
const apiUrl = 'https://console.example.com';
const wireRoute = (id: string) => ({
  id,
  namespaceId: 'ns-cluster',
  name: 'app',
  from: 'https://app.example.com',
  to: ['http://upstream:8080'],
  policyIds: [],
  enforcedPolicyIds: [],
  allowSpdy: false,
  allowWebsockets: true,
  enableGoogleCloudServerlessAuthentication: false,
  preserveHostHeader: false,
  showErrorDetails: false,
  tlsSkipVerify: false,
  tlsUpstreamAllowRenegotiation: false,
  setRequestHeaders: { 'X-Bench': '1' },
  timeout: '30s',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
});
const routeText = JSON.stringify(wireRoute('r1'));
const pageText = JSON.stringify(Array.from({ length: 100 }, (_, index) => wireRoute(`r${index}`)));
const answers: Record<string, string> = {
  token: JSON.stringify({ idToken: 'stub-id-token', expiresInSeconds: '3600' }),
  organizations: JSON.stringify([{ id: 'org', name: 'Org' }]),
  'organizations/org/namespaces': JSON.stringify([
    { id: 'ns-root', name: 'Org', type: 'root', createdAt: 'x', updatedAt: 'x' },
  ]),
  'organizations/org/routes': pageText,
};
const headers = { 'content-type': 'application/json' };
const stubFetch: typeof fetch = async (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const path = url.slice(`${apiUrl}/api/v0/`.length).split('?')[0] as string;
  const method = init?.method ?? 'GET';
  const known = method === 'POST' && path.endsWith('routes') ? undefined : answers[path];
  return new Response(known ?? routeText, { status: method === 'POST' && !known ? 201 : 200, headers });
};
const backend = createZeroBackend({ apiUrl, apiUserToken: 'stub-api-user-token', fetch: stubFetch });
const client = createPomeriumClient({ backend });
const input = {
  namespaceId: 'ns-cluster',
  name: 'app',
  from: 'https://app.example.com',
  to: ['http://upstream:8080'],
  allowWebsockets: true,
  setRequestHeaders: { 'X-Bench': '1' },
};
const rawHeaders = { accept: 'application/json', 'user-agent': 'raw', authorization: 'Bearer stub-id-token' };
const rawBody = JSON.stringify({ ...input, policyIds: [] });
/** The raw client's per-attempt bound, as the library applies it: an AbortController and a timer. */
async function bounded<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 30_000);
  try {
    return await run(controller.signal);
  } finally {
    clearTimeout(timer);
  }
}
const raw: Record<string, () => Promise<unknown>> = {
  get: () =>
    bounded(async (signal) =>
      JSON.parse(
        await (await stubFetch(`${apiUrl}/api/v0/organizations/org/routes/r1`, { headers: rawHeaders, signal })).text(),
      ),
    ),
  create: () =>
    bounded(async (signal) =>
      JSON.parse(
        await (
          await stubFetch(`${apiUrl}/api/v0/organizations/org/routes`, {
            method: 'POST',
            headers: { ...rawHeaders, 'content-type': 'application/json' },
            body: rawBody,
            signal,
          })
        ).text(),
      ),
    ),
};
const run: () => Promise<unknown> = values.raw
  ? (raw[operation] as () => Promise<unknown>)
  : values.backend
    ? {
        get: () => backend.routes.get({ id: 'r1' }),
        create: () => backend.routes.create({ input }),
        update: () => backend.routes.update({ id: 'r1', patch: { name: 'renamed' } }),
        list: () => backend.routes.list({ namespaceId: 'ns-cluster', offset: 0, limit: 100 }),
      }[operation]!
    : {
        get: () => client.routes.get('r1'),
        create: () => client.routes.create(input),
        update: () => client.routes.update('r1', { name: 'renamed' }),
        list: () =>
          client.routes.list({ namespaceId: 'ns-cluster', pageSize: 100 }).pages()[Symbol.asyncIterator]().next(),
      }[operation]!;
for (let index = 0; index < 2000; index++) await run();
const before = process.cpuUsage();
for (let index = 0; index < calls; index++) await run();
const used = process.cpuUsage(before);
console.log(
  `${operation}${values.backend ? ' (backend)' : values.raw ? ' (raw fetch)' : ''}: ${((used.user + used.system) / calls).toFixed(1)} CPU µs per call`,
);
await client.close();

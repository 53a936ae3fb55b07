// A fake console in its own process, driven by the bench over IPC. Started by start-fake-console.ts.
// argv[2]: JSON of FakeChildOptions. Answers IPC requests `{ id, command, ... }` with `{ id, result }`.
import http from 'node:http';
import http2 from 'node:http2';
import { syncBuiltinESMExports } from 'node:module';
import type { Socket } from 'node:net';
import {
  type FakeEnterpriseConsole,
  type FakeZeroConsole,
  type FaultOptions,
  startFakeEnterpriseConsole,
  startFakeZeroConsole,
} from '@pomerium-unified/testkit';

/** What the child starts. */
export interface FakeChildOptions {
  kind: 'zero' | 'enterprise';
  /** Routes seeded in the bench namespace. */
  routes: number;
  /** Policies seeded in the bench namespace. */
  policies: number;
  faults?: FaultOptions;
}

/** The connection details the child reports once it listens. */
export interface FakeChildDetails {
  url: string;
  token: string;
  /** Zero: the organization id; Enterprise: the root namespace id. */
  organizationId: string;
  /** The namespace holding the seeded objects (Zero: the cluster's namespace; Enterprise: `Source`). */
  namespaceId: string;
  /** Its name (a sync namespace path). */
  namespaceName: string;
  /** Ids of the seeded routes and policies (the first few). */
  routeIds: string[];
  policyIds: string[];
}

// Counts TCP connections (and HTTP/2 sessions) on the server side.
let connections = 0;
const countConnections = <S extends { on(event: 'connection', listener: (socket: Socket) => void): unknown }>(
  server: S,
) => {
  server.on('connection', () => {
    connections += 1;
  });
  return server;
};
const originalCreateServer = http.createServer;
http.createServer = ((...args: Parameters<typeof http.createServer>) =>
  countConnections(originalCreateServer(...args))) as typeof http.createServer;
const originalCreateH2 = http2.createServer;
http2.createServer = ((...args: Parameters<typeof http2.createServer>) =>
  countConnections(originalCreateH2(...args))) as typeof http2.createServer;
syncBuiltinESMExports();

const options = JSON.parse(process.argv[2] ?? '{}') as FakeChildOptions;
const bool7 = {
  allowSpdy: false,
  allowWebsockets: false,
  enableGoogleCloudServerlessAuthentication: false,
  preserveHostHeader: false,
  showErrorDetails: false,
  tlsSkipVerify: false,
  tlsUpstreamAllowRenegotiation: false,
};

let zero: FakeZeroConsole | undefined;
let enterprise: FakeEnterpriseConsole | undefined;

async function startZero(): Promise<FakeChildDetails> {
  zero = await startFakeZeroConsole({ requestLogLimit: 1000, ...(options.faults ? { faults: options.faults } : {}) });
  const fake = zero;
  const [organizationId] = fake.state.organizations.keys();
  const [cluster] = fake.state.clusters.values();
  const namespaceId = String(cluster?.json.namespaceId);
  const timestamp = fake.state.timestamp();
  const policyIds: string[] = [];
  for (let index = 0; index < options.policies; index++) {
    const id = `bench-policy-${index}`;
    policyIds.push(id);
    fake.state.policies.set(id, {
      organizationId: String(organizationId),
      json: {
        id,
        namespaceId,
        name: `policy ${index}`,
        enforced: false,
        ppl: [{ allow: { and: [{ email: { is: `user${index}@example.com` } }] } }],
        createdAt: timestamp,
        updatedAt: timestamp,
      },
    });
  }
  const routeIds: string[] = [];
  for (let index = 0; index < options.routes; index++) {
    const id = `bench-route-${index}`;
    routeIds.push(id);
    fake.state.routes.set(id, {
      organizationId: String(organizationId),
      json: {
        id,
        namespaceId,
        name: `route ${index}`,
        from: `https://app-${index}.example.com`,
        to: ['http://upstream.internal:8080'],
        policyIds: policyIds.length > 0 ? [policyIds[index % policyIds.length] as string] : [],
        ...bool7,
        createdAt: timestamp,
        updatedAt: timestamp,
      },
    });
  }
  return {
    url: fake.url,
    token: fake.apiUserToken,
    organizationId: String(organizationId),
    namespaceId,
    namespaceName: String(cluster?.json.name),
    routeIds: routeIds.slice(0, 100),
    policyIds: policyIds.slice(0, 100),
  };
}

async function startEnterprise(): Promise<FakeChildDetails> {
  const namespaceId = 'bench-source';
  const policies = Array.from({ length: options.policies }, (_, index) => ({
    id: `bench-policy-${index}`,
    namespaceId,
    name: `policy ${index}`,
    ppl: JSON.stringify([{ allow: { and: [{ email: { is: `user${index}@example.com` } }] } }]),
  }));
  const routes = Array.from({ length: options.routes }, (_, index) => ({
    id: `bench-route-${index}`,
    namespaceId,
    name: `route ${index}`,
    from: `https://app-${index}.example.com`,
    to: ['http://upstream.internal:8080'],
    policyIds: policies.length > 0 ? [(policies[index % policies.length] as { id: string }).id] : [],
  }));
  enterprise = await startFakeEnterpriseConsole({
    tls: false,
    requestLogLimit: 1000,
    seed: { namespaces: [{ id: namespaceId, name: 'Source' }], policies, routes },
    ...(options.faults ? { faults: options.faults } : {}),
  });
  return {
    url: enterprise.url,
    token: enterprise.serviceAccountToken,
    organizationId: enterprise.rootNamespaceId,
    namespaceId,
    namespaceName: 'Source',
    routeIds: routes.slice(0, 100).map((route) => route.id),
    policyIds: policies.slice(0, 100).map((policy) => policy.id),
  };
}

/** Server-side counters. */
function stats() {
  const faults = (zero ?? enterprise)?.faults;
  return {
    connections,
    tokenExchanges: zero?.stats.tokenExchanges ?? 0,
    requests: zero ? { ...zero.stats.requests } : requestCounts(),
    faults: faults ? { injected: faults.injected, requests: faults.requests, byKind: { ...faults.byKind } } : undefined,
  };
}

function requestCounts(): Record<string, number> {
  return { ...enterpriseCounts };
}
const enterpriseCounts: Record<string, number> = {};

/** The stored routes, reduced to what the fault bench checks. */
function routesState(): { id: string; name: string; from: string; description: string }[] {
  if (zero) {
    return [...zero.state.routes.values()].map((record) => ({
      id: String(record.json.id),
      name: String(record.json.name),
      from: String(record.json.from),
      description: String(record.json.description ?? ''),
    }));
  }
  return [...(enterprise?.state.routes.values() ?? [])].map((route) => ({
    id: route.id,
    name: route.name,
    from: route.from,
    description: route.description ?? '',
  }));
}

/** The most recent requests: method + route key (+ body for Zero). */
function recentRequests(count: number) {
  if (zero) {
    return zero.stats.log.slice(-count).map((record) => ({
      key: record.route,
      method: record.method,
      path: record.path,
      search: record.searchParams.toString(),
      body: record.body,
    }));
  }
  return (enterprise?.state.requests ?? []).slice(-count).map((request) => ({ key: request.procedure }));
}

const details = options.kind === 'enterprise' ? await startEnterprise() : await startZero();
if (enterprise) {
  const record = enterprise.state.recordRequest.bind(enterprise.state);
  enterprise.state.recordRequest = (request) => {
    enterpriseCounts[request.procedure] = (enterpriseCounts[request.procedure] ?? 0) + 1;
    record(request);
  };
}

interface Request {
  id: number;
  command: 'cpu' | 'stats' | 'routes' | 'recent' | 'faults' | 'reset' | 'exit';
  count?: number;
  faults?: FaultOptions;
}

process.on('message', (message: Request) => {
  const answer = (result: unknown) => process.send?.({ id: message.id, result });
  switch (message.command) {
    case 'cpu':
      return answer(process.cpuUsage());
    case 'stats':
      return answer(stats());
    case 'routes':
      return answer(routesState());
    case 'recent':
      return answer(recentRequests(message.count ?? 10));
    case 'faults':
      (zero ?? enterprise)?.faults.configure(message.faults);
      (zero ?? enterprise)?.faults.reset();
      return answer(true);
    case 'reset':
      connections = 0;
      zero?.stats.reset();
      for (const key of Object.keys(enterpriseCounts)) delete enterpriseCounts[key];
      return answer(true);
    case 'exit':
      answer(true);
      Promise.all([zero?.close(), enterprise?.close()]).finally(() => process.exit(0));
      return;
  }
});
process.send?.({ ready: details });

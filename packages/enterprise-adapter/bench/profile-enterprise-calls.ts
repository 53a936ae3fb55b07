/**
 * A loop of one client operation over an in-memory router transport, to run
 * under `node --cpu-prof` and to summarise the profile by function and file:
 *
 *   node --cpu-prof --cpu-prof-dir /tmp/prof --import tsx \
 *     packages/enterprise-adapter/bench/profile-enterprise-calls.ts --operation create --calls 20000
 *   pnpm exec tsx packages/enterprise-adapter/bench/profile-enterprise-calls.ts --summarize /tmp/prof/<file>.cpuprofile
 *
 * Operations: `get`, `create`, `update` (read + whole-route write), `list` (pages of 100 of 1,000 routes),
 * and `raw-*` for the raw connect client doing the same requests.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { create } from '@bufbuild/protobuf';
import { timestampNow } from '@bufbuild/protobuf/wkt';
import { createClient, createRouterTransport } from '@connectrpc/connect';
import { createPomeriumClient } from '@pomerium-unified/core';
import {
  NamespaceService,
  PolicyService,
  type Route as ProtoRoute,
  RouteSchema,
  RouteService,
} from '@pomerium-unified/enterprise-protos';
import { createEnterpriseBackend } from '../src/index.js';

const token = 'bench-service-account-token';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** Prints the heaviest functions (self time) and files of a `.cpuprofile`. */
function summarize(path: string, callersOf?: string): void {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as {
    nodes: ProfileNode[];
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const total = [...self.values()].reduce((sum, value) => sum + value, 0);
  const functions = new Map<string, number>();
  const files = new Map<string, number>();
  for (const [id, time] of self) {
    const frame = (byId.get(id) as ProfileNode).callFrame;
    const file = frame.url.replace(/^.*node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?/, '').replace(/^file:\/\//, '');
    const name = `${frame.functionName || '(anonymous)'} ${file.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + time);
    const where = file.includes('/packages/')
      ? file.replace(/^.*\/packages\//, 'packages/')
      : file.split('/')[0] || file;
    files.set(where || '(native)', (files.get(where || '(native)') ?? 0) + time);
  }
  const print = (title: string, entries: Map<string, number>, count: number) => {
    console.log(`\n${title}`);
    for (const [name, time] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, count)) {
      console.log(`${((time / total) * 100).toFixed(1).padStart(5)} %  ${name}`);
    }
  };
  print('self time by function', functions, 40);
  print('self time by file or package', files, 25);
  if (callersOf) {
    // Self time of the matching functions, by the chain of their three nearest callers.
    const parent = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
    const chains = new Map<string, number>();
    for (const [id, time] of self) {
      const node = byId.get(id) as ProfileNode;
      if (!node.callFrame.functionName.includes(callersOf)) continue;
      const names: string[] = [];
      for (let up = parent.get(id), depth = 0; up !== undefined && depth < 4; up = parent.get(up), depth += 1) {
        const frame = (byId.get(up) as ProfileNode).callFrame;
        names.push(`${frame.functionName || '(anonymous)'}@${frame.url.split('/').pop()}:${frame.lineNumber + 1}`);
      }
      chains.set(names.join(' < '), (chains.get(names.join(' < ')) ?? 0) + time);
    }
    print(`callers of ${callersOf}`, chains, 10);
  }
}

async function loop(operation: string, calls: number): Promise<void> {
  const now = timestampNow();
  const routes = new Map<string, ProtoRoute>();
  let next = 0;
  const transport = createRouterTransport((router) => {
    router.service(RouteService, {
      getRoute: (request) => ({ route: routes.get(request.id) }),
      setRoute: (request) => {
        const route = create(RouteSchema, request.route);
        route.id ||= `route-${next++}`;
        route.createdAt ??= now;
        route.modifiedAt = now;
        if (!operation.endsWith('create')) routes.set(route.id, route);
        return { route };
      },
      listRoutes: (request) => {
        const all = [...routes.values()];
        const offset = Number(request.offset);
        return { routes: all.slice(offset, offset + Number(request.limit)), totalCount: BigInt(all.length) };
      },
    });
    router.service(NamespaceService, {});
    router.service(PolicyService, {});
  });
  const client = createPomeriumClient({
    backend: createEnterpriseBackend({
      url: 'http://127.0.0.1:1',
      serviceAccountToken: token,
      plaintext: true,
      transport,
    }),
  });
  const raw = createClient(RouteService, transport);
  const options = () => ({ headers: { authorization: `Pomerium ${token}` }, timeoutMs: 30_000 });
  const input = {
    namespaceId: 'namespace-1',
    name: 'bench route',
    from: 'https://bench.example.com',
    to: ['http://upstream.internal:8080'],
    policyIds: [] as string[],
    allowWebsockets: true,
    setRequestHeaders: { 'X-Bench': '1' },
  };
  const rawRoute = create(RouteSchema, { ...input, policyIds: [] });
  for (let index = 0; index < 1000; index += 1) {
    await raw.setRoute({ route: { ...rawRoute, id: `seed-${index}`, name: `seed ${index}` } }, options());
  }
  const id = 'seed-0';
  const run: Record<string, () => Promise<unknown>> = {
    get: () => client.routes.get(id),
    create: () => client.routes.create(input),
    update: () => client.routes.update(id, { description: `d${next++}` }),
    list: () => client.routes.list({ namespaceId: 'namespace-1', pageSize: 100 }).toArray(),
    'raw-get': () => raw.getRoute({ id }, options()),
    'raw-create': () => raw.setRoute({ route: rawRoute }, options()),
    'raw-update': async () => {
      const { route } = await raw.getRoute({ id }, options());
      (route as ProtoRoute).description = `d${next++}`;
      return raw.setRoute({ route }, options());
    },
    'raw-list': async () => {
      for (let offset = 0; offset < 1000; offset += 100) {
        await raw.listRoutes({ namespace: 'namespace-1', offset: BigInt(offset), limit: 100n }, options());
      }
    },
  };
  const call = run[operation];
  if (!call) throw new Error(`unknown operation ${operation}`);
  const repeat = operation.endsWith('list') ? Math.max(1, Math.round(calls / 1000)) : calls;
  const started = process.cpuUsage();
  for (let index = 0; index < repeat; index += 1) await call();
  const used = process.cpuUsage(started);
  const per = (used.user + used.system) / (operation.endsWith('list') ? repeat * 1000 : repeat);
  console.log(`${operation}: ${per.toFixed(1)} CPU µs per ${operation.endsWith('list') ? 'route' : 'call'}`);
  await client.close();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      operation: { type: 'string', default: 'create' },
      calls: { type: 'string', default: '20000' },
      summarize: { type: 'string' },
      callers: { type: 'string' },
    },
  });
  if (values.summarize) summarize(values.summarize, values.callers);
  else await loop(values.operation, Number(values.calls));
}

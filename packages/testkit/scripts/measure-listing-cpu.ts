// Measures the server CPU a fake console spends on listing every route and every policy, page by page, with
// raw clients (plain fetch for Zero, a connect client for Enterprise). Each fake runs in a child process that
// reports its own process.cpuUsage() before and after.
//   pnpm --filter @pomerium-unified/testkit run measure:listing [routes=10000] [policies=1000] [pageSize=100]
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createClient } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { PolicyService, RouteService } from '@pomerium-unified/enterprise-protos';

const [routesText = '10000', policiesText = '1000', pageSizeText = '100'] = process.argv.slice(2);
const pageSize = Number(pageSizeText);

interface Child {
  details: Record<string, string>;
  cpu(): Promise<NodeJS.CpuUsage>;
  stop(): void;
}

async function startChild(kind: 'zero' | 'enterprise'): Promise<Child> {
  const child = fork(
    fileURLToPath(new URL('./fake-listing-child.ts', import.meta.url)),
    [kind, routesText, policiesText],
    {
      execArgv: [
        '--import',
        'tsx',
        ...(process.env.FAKE_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.FAKE_CPU_PROF] : []),
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const details = await new Promise<Record<string, string>>((resolve) => {
    child.once('message', (message) => resolve((message as { ready: Record<string, string> }).ready));
  });
  return {
    details,
    cpu: () =>
      new Promise((resolve) => {
        child.once('message', (message) => resolve(message as NodeJS.CpuUsage));
        child.send('cpu');
      }),
    stop: () => child.send('exit'),
  };
}

async function measure(child: Child, list: () => Promise<number>): Promise<{ items: number; cpuMs: number }> {
  const before = await child.cpu();
  const items = await list();
  const after = await child.cpu();
  return { items, cpuMs: (after.user - before.user + after.system - before.system) / 1000 };
}

async function zero(): Promise<Record<string, { items: number; cpuMs: number }>> {
  const child = await startChild('zero');
  const { url, apiUserToken, organizationId, namespaceId, rootNamespaceId } = child.details;
  const token = (await (
    await fetch(`${url}/api/v0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: apiUserToken }),
    })
  ).json()) as { idToken: string };
  const headers = { authorization: `Bearer ${token.idToken}` };
  const listAll = (collection: string, query: string) => async () => {
    let count = 0;
    for (let offset = 0; ; offset += pageSize) {
      const response = await fetch(
        `${url}/api/v0/organizations/${organizationId}/${collection}?${query}&limit=${pageSize}&offset=${offset}`,
        { headers },
      );
      const page = (await response.json()) as unknown[];
      count += page.length;
      if (page.length < pageSize) return count;
    }
  };
  try {
    return {
      'zero routes (one namespace)': await measure(child, listAll('routes', `namespaceId=${namespaceId}`)),
      'zero routes (root + descendants)': await measure(
        child,
        listAll('routes', `namespaceId=${rootNamespaceId}&includeDescendants=true`),
      ),
      'zero policies': await measure(child, listAll('policies', `namespaceId=${namespaceId}`)),
    };
  } finally {
    child.stop();
  }
}

async function enterprise(): Promise<Record<string, { items: number; cpuMs: number }>> {
  const child = await startChild('enterprise');
  const { url, serviceAccountToken, rootNamespaceId } = child.details;
  const transport = createGrpcTransport({ baseUrl: url as string });
  const headers = { authorization: `Pomerium ${serviceAccountToken}` };
  const routes = createClient(RouteService, transport);
  const policies = createClient(PolicyService, transport);
  const listAll = (namespace: string, what: 'routes' | 'policies') => async () => {
    let count = 0;
    for (let offset = 0; ; offset += pageSize) {
      const request = { namespace, offset: BigInt(offset), limit: BigInt(pageSize) };
      const page =
        what === 'routes'
          ? (await routes.listRoutes(request, { headers })).routes
          : (await policies.listPolicies(request, { headers })).policies;
      count += page.length;
      if (page.length < pageSize) return count;
    }
  };
  try {
    return {
      'enterprise routes (one namespace)': await measure(child, listAll(rootNamespaceId as string, 'routes')),
      'enterprise routes (every namespace)': await measure(child, listAll('', 'routes')),
      'enterprise policies': await measure(child, listAll(rootNamespaceId as string, 'policies')),
    };
  } finally {
    child.stop();
  }
}

const results = { ...(await zero()), ...(await enterprise()) };
console.log(`Server CPU to list every object, ${pageSize} per page (${routesText} routes, ${policiesText} policies):`);
for (const [name, { items, cpuMs }] of Object.entries(results)) {
  console.log(`  ${name.padEnd(38)} ${String(items).padStart(6)} items  ${cpuMs.toFixed(0).padStart(6)} ms CPU`);
}

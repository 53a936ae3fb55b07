// The raw clients the library is compared with: plain fetch for Zero, a connect client and @grpc/grpc-js stubs
// (loaded with @grpc/proto-loader from the same .proto files) for Enterprise.
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { createClient } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { RouteService } from '@pomerium-unified/enterprise-protos';

/** Per-attempt time bound shared by the library and the raw clients. */
export const timeoutMs = 30_000;

/**
 * Runs one raw request under the per-attempt bound the library applies: one AbortController and one timer,
 * cleared once the whole body was read. (`AbortSignal.timeout` would be shorter to write but costs several times
 * more per call on Node 20, which would flatter the library.)
 */
export async function withAttemptBound<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    return await run(controller.signal);
  } finally {
    clearTimeout(timer);
  }
}

/** A raw Zero client: plain fetch with the id token of one exchange. */
export async function createRawZeroClient(url: string, apiUserToken: string, organizationId: string) {
  const base = `${url}/api/v0/`;
  const exchange = await fetch(`${base}token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken: apiUserToken }),
  });
  const { idToken } = (await exchange.json()) as { idToken: string };
  const headers = { accept: 'application/json', authorization: `Bearer ${idToken}` };
  const routes = `${base}organizations/${organizationId}/routes`;
  const send = (method: string, target: string, body?: unknown): Promise<unknown> =>
    withAttemptBound(async (signal) => {
      const init: RequestInit = { method, headers, signal };
      if (body !== undefined) {
        init.headers = { ...headers, 'content-type': 'application/json' };
        init.body = JSON.stringify(body);
      }
      const response = await fetch(target, init);
      const text = await response.text();
      if (!response.ok) throw new Error(`raw Zero ${method} ${response.status}: ${text}`);
      return text === '' ? undefined : JSON.parse(text);
    });
  return {
    get: (id: string) => send('GET', `${routes}/${encodeURIComponent(id)}`),
    create: (body: unknown) => send('POST', routes, body),
    patch: (id: string, operations: unknown) => send('PATCH', `${routes}/${encodeURIComponent(id)}`, operations),
    list: (search: string) => send('GET', `${routes}?${search}`) as Promise<unknown[]>,
    /** Sends these requests (method, path below /api/v0, query, body) one after the other. */
    async replay(requests: { method?: string; path?: string; search?: string; body?: unknown }[]) {
      let last: unknown;
      for (const request of requests) {
        const target = `${base}${(request.path ?? '').replace(/^\//, '')}${request.search ? `?${request.search}` : ''}`;
        last = await send(request.method ?? 'GET', target, request.body);
      }
      return last;
    },
  };
}

/**
 * A raw Zero client on the library's own transport: `node:http` on a keep-alive agent of 16 sockets (the
 * library's default pool), one timer per request as the per-attempt bound, the same id token. Reported beside
 * the plain-fetch baseline, so a cheaper HTTP stack in the library cannot flatter its ratios.
 */
export async function createRawNodeHttpZeroClient(url: string, apiUserToken: string, organizationId: string) {
  const { idToken } = (await (
    await fetch(`${url}/api/v0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: apiUserToken }),
    })
  ).json()) as { idToken: string };
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const base = new URL(`${url}/api/v0/organizations/${organizationId}/routes`);
  const headers = { accept: 'application/json', authorization: `Bearer ${idToken}` };
  const send = (method: string, path: string, body?: unknown): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const text = body === undefined ? undefined : JSON.stringify(body);
      const request = http.request(
        {
          agent,
          hostname: base.hostname,
          port: base.port,
          method,
          path,
          headers:
            text === undefined
              ? headers
              : { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            clearTimeout(timer);
            const answer = Buffer.concat(chunks).toString('utf8');
            if ((response.statusCode ?? 0) >= 300) reject(new Error(`raw node:http ${method} ${response.statusCode}`));
            else resolve(answer === '' ? undefined : JSON.parse(answer));
          });
        },
      );
      const timer = setTimeout(() => request.destroy(new Error('timed out')), timeoutMs);
      request.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      request.end(text);
    });
  return {
    get: (id: string) => send('GET', `${base.pathname}/${encodeURIComponent(id)}`),
    create: (body: unknown) => send('POST', base.pathname, body),
    list: (search: string) => send('GET', `${base.pathname}?${search}`) as Promise<unknown[]>,
    /** Sends these requests (method, path below /api/v0, query, body) one after the other. */
    async replay(requests: { method?: string; path?: string; search?: string; body?: unknown }[]) {
      let last: unknown;
      for (const request of requests) {
        const path = `/api/v0/${(request.path ?? '').replace(/^\//, '')}${request.search ? `?${request.search}` : ''}`;
        last = await send(request.method ?? 'GET', path, request.body);
      }
      return last;
    },
    close: () => agent.destroy(),
  };
}

/** A raw connect client on the same protos, over its own HTTP/2 transport. */
export function createRawConnectClient(url: string, token: string) {
  const transport = createGrpcTransport({ baseUrl: url });
  const client = createClient(RouteService, transport);
  const options = () => ({ headers: { authorization: `Pomerium ${token}` }, timeoutMs });
  return { client, options };
}

type Callback<T> = (error: grpc.ServiceError | null, value: T) => void;
type Unary = (
  request: unknown,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: Callback<unknown>,
) => void;

/** @grpc/grpc-js stubs of RouteService, loaded by @grpc/proto-loader from the same .proto files. */
export function createGrpcJsRouteClient(url: string, token: string) {
  const protoRoot = fileURLToPath(new URL('../packages/enterprise-protos/proto', import.meta.url));
  const definition = protoLoader.loadSync('pomerium/dashboard/routes.proto', {
    includeDirs: [protoRoot],
    longs: String,
    defaults: false,
    oneofs: true,
  });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as {
    pomerium: { dashboard: { RouteService: grpc.ServiceClientConstructor } };
  };
  const address = new URL(url).host;
  const client = new loaded.pomerium.dashboard.RouteService(
    address,
    grpc.credentials.createInsecure(),
  ) as unknown as Record<string, Unary> & grpc.Client;
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Pomerium ${token}`);
  const unary =
    <T>(name: string) =>
    (request: unknown): Promise<T> =>
      new Promise((resolve, reject) => {
        (client[name] as Unary).call(client, request, metadata, { deadline: Date.now() + timeoutMs }, (error, value) =>
          error ? reject(error) : resolve(value as T),
        );
      });
  return {
    getRoute: unary<{ route: Record<string, unknown> }>('getRoute'),
    setRoute: unary<{ route: Record<string, unknown> }>('setRoute'),
    listRoutes: unary<{ routes: unknown[] }>('listRoutes'),
    close: () => client.close(),
  };
}

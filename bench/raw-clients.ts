// The raw clients the library is compared with: plain fetch for Zero, a connect client and @grpc/grpc-js stubs
// (loaded with @grpc/proto-loader from the same .proto files) for Enterprise.
import { fileURLToPath } from 'node:url';
import { createClient } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { RouteService } from '@pomerium-unified/enterprise-protos';

/** Per-attempt time bound shared by the library and the raw clients. */
export const timeoutMs = 30_000;

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
  const send = async (method: string, target: string, body?: unknown): Promise<unknown> => {
    const init: RequestInit = { method, headers, signal: AbortSignal.timeout(timeoutMs) };
    if (body !== undefined) {
      init.headers = { ...headers, 'content-type': 'application/json' };
      init.body = JSON.stringify(body);
    }
    const response = await fetch(target, init);
    const text = await response.text();
    if (!response.ok) throw new Error(`raw Zero ${method} ${response.status}: ${text}`);
    return text === '' ? undefined : JSON.parse(text);
  };
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

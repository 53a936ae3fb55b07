import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach } from 'vitest';

/** What a scripted handler gets: the request, its body text and the response. */
export interface ScriptedExchange {
  request: IncomingMessage;
  body: string;
  response: ServerResponse;
  /** Path below `/api/v0`, e.g. `/token`. */
  path: string;
}

/** A small node:http server on 127.0.0.1 whose answers a test scripts (stalls, trickles, echoes, resets). */
export interface ScriptedZeroServer {
  /** Base URL to pass as `apiUrl`. */
  url: string;
  /** Requests received, as `METHOD /path`. */
  requests: string[];
  /** TCP connections accepted. */
  connections: number;
}

const servers: { server: Server; sockets: Set<Socket> }[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      ({ server, sockets }) =>
        new Promise<void>((resolve) => {
          for (const socket of sockets) socket.destroy();
          server.close(() => resolve());
        }),
    ),
  );
});

/** A well-formed token answer carrying `idToken`. */
export function answerToken(response: ServerResponse, idToken = 'scripted-id-token-0001', expiresInSeconds = '3600') {
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ idToken, expiresInSeconds }));
}

/** Answers JSON. */
export function answerJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

/** An organization list with one organization `org-1`, and its root namespace. */
export function answerScope(exchange: ScriptedExchange): boolean {
  const { path, response } = exchange;
  if (path === '/organizations') {
    answerJson(response, 200, [{ id: 'org-1', name: 'Org' }]);
    return true;
  }
  if (path === '/organizations/org-1/namespaces') {
    answerJson(response, 200, [{ id: 'ns-root', name: 'Org', type: 'root', createdAt: 'x', updatedAt: 'x' }]);
    return true;
  }
  return false;
}

/** Starts a scripted server; it is closed (and its sockets destroyed) after the test. */
export async function startScriptedZeroServer(
  handle: (exchange: ScriptedExchange) => void | Promise<void>,
): Promise<ScriptedZeroServer> {
  const sockets = new Set<Socket>();
  const state: ScriptedZeroServer = { url: '', requests: [], connections: 0 };
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const path = (request.url ?? '/').split('?')[0]?.replace(/^\/api\/v0/, '') ?? '/';
    state.requests.push(`${request.method} ${path}`);
    await handle({ request, body: Buffer.concat(chunks).toString('utf8'), response, path });
  });
  server.on('connection', (socket) => {
    state.connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  servers.push({ server, sockets });
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

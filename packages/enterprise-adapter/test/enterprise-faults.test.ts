import { createServer, type Server, type Socket } from 'node:net';
import { inspect } from 'node:util';
import { createPomeriumClient, PomeriumError } from '@pomerium-unified/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEnterpriseBackend, type EnterpriseBackend, type EnterpriseBackendOptions } from '../src/index.js';
import { type ScriptedGrpcServer, startScriptedGrpcServer } from './support/start-scripted-grpc-server.js';

// A canary: if it shows up anywhere in an error, a secret leaked.
const canary = 'canary-sa-token-7f3a9c1e5b';

async function errorOf(promise: Promise<unknown>): Promise<PomeriumError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!PomeriumError.isInstance(error)) throw new Error(`expected a PomeriumError, got ${String(error)}`);
  return error;
}

function everyView(error: PomeriumError): string[] {
  return [
    error.message,
    String(error.stack),
    JSON.stringify(error),
    inspect(error, { depth: 10, showHidden: true }),
    inspect(error.cause, { depth: 10, showHidden: true }),
    JSON.stringify(error.cause) ?? '',
    String((error.cause as Error | undefined)?.stack),
    String((error.cause as Error | undefined)?.message),
  ];
}

let server: ScriptedGrpcServer;
const opened: EnterpriseBackend[] = [];

function connect(options: Partial<EnterpriseBackendOptions> = {}): EnterpriseBackend {
  const backend = createEnterpriseBackend({
    url: server.url,
    plaintext: true,
    serviceAccountToken: canary,
    timeoutMs: 10_000,
    ...options,
  });
  opened.push(backend);
  return backend;
}

const routeInput = { namespaceId: 'ns', name: 'faulty', from: 'https://faulty.example.com', to: [] };

beforeAll(async () => {
  server = await startScriptedGrpcServer({ kind: 'empty' });
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((backend) => backend.close()));
});
afterAll(() => server?.close());

describe('enterprise backend against a misbehaving server', () => {
  it('reports a server that dies mid-call as unavailable and retryable; a write may have committed', async () => {
    server.behave({ kind: 'die' });
    const backend = connect();
    const read = await errorOf(backend.routes.get({ id: 'r1' }));
    expect(read).toMatchObject({ code: 'unavailable', retryable: true, mayHaveCommitted: false });
    expect(read.operation).toBe('routes.get');
    const write = await errorOf(backend.routes.create({ input: routeInput }));
    expect(write).toMatchObject({ code: 'unavailable', mayHaveCommitted: true, operation: 'routes.create' });
  });

  it('bounds a stalled call by timeoutMs', async () => {
    server.behave({ kind: 'stall' });
    const backend = connect({ timeoutMs: 200 });
    const error = await errorOf(backend.routes.get({ id: 'r1' }));
    expect(error.code).toBe('deadline_exceeded');
    expect(error.retryable).toBe(true);
    const write = await errorOf(backend.policies.create({ input: { namespaceId: 'ns', name: 'p', ppl: [] } }));
    expect(write).toMatchObject({ code: 'deadline_exceeded', mayHaveCommitted: true });
  });

  it('bounds a connection that never completes the HTTP/2 handshake by timeoutMs', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const backend = connect({ url: `http://127.0.0.1:${port}`, timeoutMs: 200 });
      const error = await errorOf(backend.routes.create({ input: routeInput }));
      expect(error).toMatchObject({ code: 'deadline_exceeded', retryable: true, operation: 'routes.create' });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('rejects at once when the caller aborts mid-call', async () => {
    server.behave({ kind: 'stall' });
    const backend = connect({ timeoutMs: 600_000 });
    const controller = new AbortController();
    const before = server.requests.length;
    const pending = errorOf(backend.routes.get({ id: 'r1', signal: controller.signal }));
    await server.received(before + 1);
    controller.abort();
    const error = await pending;
    expect(error).toMatchObject({ code: 'deadline_exceeded', retryable: false });
  });

  it('rejects an update waiting behind another update of the same id when its signal fires', async () => {
    server.behave({ kind: 'stall' });
    const backend = connect({ timeoutMs: 600_000 });
    const first = new AbortController();
    const second = new AbortController();
    const before = server.requests.length;
    const running = errorOf(backend.routes.update({ id: 'same', patch: { name: 'a' }, signal: first.signal }));
    await server.received(before + 1);
    const waiting = errorOf(backend.routes.update({ id: 'same', patch: { name: 'b' }, signal: second.signal }));
    // Give a request every chance to arrive: serialised, the second update sends nothing while the first runs.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.requests.length).toBe(before + 1);
    second.abort();
    expect((await waiting).code).toBe('deadline_exceeded');
    expect(server.requests.length).toBe(before + 1);
    first.abort();
    expect((await running).code).toBe('deadline_exceeded');
  });

  it('keeps a token the server echoes out of every view of the error', async () => {
    server.behave({ kind: 'echo', status: 16 });
    for (const call of [
      () => connect().routes.get({ id: 'r1' }),
      () => createPomeriumClient({ backend: connect(), retry: false }).routes.get('r1'),
    ]) {
      const error = await errorOf(call());
      expect(error.code).toBe('unauthenticated');
      for (const view of everyView(error)) expect(view).not.toContain(canary);
    }
  });

  it.each([
    [429, 'resource_exhausted', false],
    [503, 'unavailable', true],
  ])("maps a proxy's HTTP %s with Retry-After", async (status, code, mayHaveCommitted) => {
    server.behave({ kind: 'http', status, headers: { 'retry-after': '3' } });
    const backend = connect();
    const error = await errorOf(backend.routes.create({ input: routeInput }));
    expect(error).toMatchObject({ code, retryable: true, retryAfterMs: 3000, mayHaveCommitted });
    expect(error.message).toContain(`HTTP ${status}`);
  });

  it('refuses an answer without the object as internal, naming the operation', async () => {
    server.behave({ kind: 'empty' });
    const backend = connect();
    const read = await errorOf(backend.routes.get({ id: 'r1' }));
    expect(read).toMatchObject({ code: 'internal', operation: 'routes.get', mayHaveCommitted: false });
    expect(read.message).toContain('routes.get');
    const write = await errorOf(backend.policies.create({ input: { namespaceId: 'ns', name: 'p', ppl: [] } }));
    expect(write).toMatchObject({ code: 'internal', operation: 'policies.create', mayHaveCommitted: true });
    expect((await errorOf(backend.namespaces.get({ id: 'n' }))).message).toContain('namespaces.get');
  });

  it('sends authorization, headers and userAgent with every call of the built-in transport', async () => {
    server.behave({ kind: 'empty' });
    const backend = connect({ headers: { 'x-request-source': 'ci' }, userAgent: 'pomerium-sync/1.0' });
    const before = server.requests.length;
    await backend.routes.list({ offset: 0, limit: 10 });
    const request = server.requests[before];
    expect(request?.path).toBe('/pomerium.dashboard.RouteService/ListRoutes');
    expect(request?.headers.authorization).toBe(`Pomerium ${canary}`);
    expect(request?.headers['x-request-source']).toBe('ci');
    expect(request?.headers['user-agent']).toBe('pomerium-sync/1.0');
  });
});

import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { createPomeriumClient, type PomeriumClient } from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';
import { createZeroBackend, type ZeroBackendOptions } from '../src/index.js';
import { closeAfterTest, rejection } from './support/fake-zero-fixture.js';
import { answerScope, answerToken, startScriptedZeroServer } from './support/scripted-zero-server.js';
import { certificateOne, privateKeyOne } from './support/test-key-pairs.js';

const route = {
  id: 'r1',
  namespaceId: 'ns-root',
  name: 'r',
  from: 'https://r.example.com',
  to: [],
  policyIds: [],
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

function client(url: string, options: Partial<ZeroBackendOptions> = {}): PomeriumClient {
  const backend = createZeroBackend({ apiUrl: url, apiUserToken: 'scripted-api-user-token', ...options });
  closeAfterTest(() => backend.close?.() ?? Promise.resolve());
  return createPomeriumClient({ backend, retry: false });
}

describe('the default transport (node:http on the adapter keep-alive pool)', () => {
  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const)('asks for compressed answers and decodes %s', async (coding, compress) => {
    const acceptEncodings: (string | undefined)[] = [];
    const server = await startScriptedZeroServer(async (exchange) => {
      if (exchange.path === '/token') return answerToken(exchange.response);
      if (answerScope(exchange)) return;
      acceptEncodings.push(exchange.request.headers['accept-encoding']);
      exchange.response
        .writeHead(200, { 'content-type': 'application/json', 'content-encoding': coding })
        .end(compress(Buffer.from(JSON.stringify(route))));
    });
    const read = await client(server.url).routes.get('r1');
    expect(read).toMatchObject({ id: 'r1', name: 'r' });
    expect(acceptEncodings).toEqual(['gzip, deflate, br']);
  });

  it('reports a connection closed in the middle of the body as unavailable', async () => {
    const server = await startScriptedZeroServer(async (exchange) => {
      if (exchange.path === '/token') return answerToken(exchange.response);
      if (answerScope(exchange)) return;
      exchange.response.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
      exchange.response.write('{"id":"r1",');
      setTimeout(() => exchange.request.socket.destroy(), 20);
    });
    const error = await rejection(client(server.url).routes.get('r1'));
    expect(error).toMatchObject({ code: 'unavailable', operation: 'routes.get', mayHaveCommitted: false });
  });

  it('reports a body that does not decode as unavailable, and the request as sent', async () => {
    const server = await startScriptedZeroServer(async (exchange) => {
      if (exchange.path === '/token') return answerToken(exchange.response);
      if (answerScope(exchange)) return;
      exchange.response.writeHead(201, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end('nope');
    });
    const error = await rejection(
      client(server.url).routes.create({ namespaceId: 'ns-root', name: 'r', from: 'https://r.example.com', to: [] }),
    );
    expect(error).toMatchObject({ code: 'unavailable', operation: 'routes.create', mayHaveCommitted: true });
  });

  it('stops at once when the caller aborts, with the body still pending', async () => {
    const server = await startScriptedZeroServer(async (exchange) => {
      if (exchange.path === '/token') return answerToken(exchange.response);
      if (answerScope(exchange)) return;
      exchange.response.writeHead(200, { 'content-type': 'application/json' });
      exchange.response.write('{');
    });
    const controller = new AbortController();
    const pending = rejection(client(server.url).routes.get('r1', { signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    expect(await pending).toMatchObject({ code: 'deadline_exceeded', operation: 'routes.get' });
  });

  it('sends a JSON body with its length and reuses one connection for sequential calls', async () => {
    const lengths: (string | undefined)[] = [];
    const server = await startScriptedZeroServer(async (exchange) => {
      if (exchange.path === '/token') return answerToken(exchange.response);
      if (answerScope(exchange)) return;
      lengths.push(exchange.request.headers['content-length']);
      expect(JSON.parse(exchange.body)).toMatchObject({ name: 'é' });
      exchange.response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify(route));
    });
    const zero = client(server.url);
    for (let index = 0; index < 3; index += 1) {
      await zero.routes.create({ namespaceId: 'ns-root', name: 'é', from: 'https://r.example.com', to: [] });
    }
    expect(lengths.every((length) => Number(length) > 0)).toBe(true);
    expect(server.connections).toBe(1);
  });

  it('speaks TLS to an https console and refuses a certificate nobody vouches for, before sending anything', async () => {
    let requests = 0;
    const server = createServer({ cert: certificateOne, key: privateKeyOne }, (_request, response) => {
      requests += 1;
      response.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    closeAfterTest(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const { port } = server.address() as AddressInfo;
    const error = await rejection(
      client(`https://127.0.0.1:${port}`).routes.create({
        namespaceId: 'ns-root',
        name: 'r',
        from: 'https://r.example.com',
        to: [],
      }),
    );
    expect(error).toMatchObject({ code: 'unavailable', mayHaveCommitted: false });
    expect(requests).toBe(0);
  });
});

import { createPomeriumClient, type PomeriumClient } from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';
import { createZeroBackend, type ZeroBackendOptions } from '../src/index.js';
import { closeAfterTest, rejection } from './support/fake-zero-fixture.js';
import {
  answerJson,
  answerScope,
  answerToken,
  type ScriptedExchange,
  startScriptedZeroServer,
} from './support/scripted-zero-server.js';

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

/** Never answers: the test's server destroys the socket after the test. */
const never = () => new Promise<void>(() => undefined);

describe('timeoutMs bounds each attempt end to end', () => {
  it('cuts a body that stalls after the headers', async () => {
    const server = await startScriptedZeroServer(async (exchange: ScriptedExchange) => {
      if (exchange.path === '/token') return answerToken(exchange.response);
      if (answerScope(exchange)) return;
      exchange.response.writeHead(200, { 'content-type': 'application/json' });
      exchange.response.write('{"id":"r1",');
      await never();
    });
    const error = await rejection(client(server.url, { timeoutMs: 300 }).routes.get('r1'));
    expect(error).toMatchObject({ code: 'deadline_exceeded', operation: 'routes.get', mayHaveCommitted: false });
    expect(error.message).toContain('GET /api/v0/organizations/org-1/routes/r1');
  });

  it('cuts a body that trickles one byte at a time', async () => {
    const server = await startScriptedZeroServer(async (exchange) => {
      if (exchange.path === '/token') return answerToken(exchange.response);
      if (answerScope(exchange)) return;
      exchange.response.writeHead(200, { 'content-type': 'application/json' });
      const timer = setInterval(() => exchange.response.write(' '), 20);
      exchange.response.on('close', () => clearInterval(timer));
      await never();
    });
    const error = await rejection(client(server.url, { timeoutMs: 300 }).routes.get('r1'));
    expect(error.code).toBe('deadline_exceeded');
  });

  it('bounds a write and says it may have committed', async () => {
    const server = await startScriptedZeroServer(async (exchange) => {
      if (exchange.path === '/token') return answerToken(exchange.response);
      if (answerScope(exchange)) return;
      await never();
    });
    const error = await rejection(
      client(server.url, { timeoutMs: 300 }).routes.create({
        namespaceId: 'ns-root',
        name: 'r',
        from: 'https://r.example.com',
      }),
    );
    expect(error).toMatchObject({ code: 'deadline_exceeded', operation: 'routes.create', mayHaveCommitted: true });
  });

  it('bounds the token exchange: headers then a stalled body', async () => {
    const server = await startScriptedZeroServer(async (exchange) => {
      exchange.response.writeHead(200, { 'content-type': 'application/json' });
      exchange.response.write('{"idToken":');
      await never();
    });
    const error = await rejection(client(server.url, { timeoutMs: 300 }).routes.get('r1'));
    expect(error.code).toBe('deadline_exceeded');
    expect(error.message).toContain('/api/v0/token');
    expect(server.requests).toEqual(['POST /token']);
  });
});

describe("the caller's signal", () => {
  it("stops a cold client's organization lookup for that caller only", async () => {
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const server = await startScriptedZeroServer(async (exchange) => {
      if (exchange.path === '/token') return answerToken(exchange.response);
      if (exchange.path === '/organizations') await released;
      if (answerScope(exchange)) return;
      answerJson(exchange.response, 200, route);
    });
    const zero = client(server.url);
    const first = new AbortController();
    const firstCall = zero.routes.get('r1', { signal: first.signal });
    const secondCall = zero.routes.get('r1');
    while (!server.requests.includes('GET /organizations')) await new Promise((resolve) => setTimeout(resolve, 5));
    first.abort();
    expect((await rejection(firstCall)).code).toBe('deadline_exceeded');
    release();
    expect((await secondCall).id).toBe('r1');
    expect(server.requests.filter((request) => request === 'GET /organizations')).toEqual(['GET /organizations']);
  });

  it('stops a wait for the shared token exchange without failing the other callers', async () => {
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const server = await startScriptedZeroServer(async (exchange) => {
      if (exchange.path === '/token') {
        await released;
        return answerToken(exchange.response);
      }
      if (answerScope(exchange)) return;
      answerJson(exchange.response, 200, route);
    });
    const zero = client(server.url, { organizationId: 'org-1' });
    const first = new AbortController();
    const firstCall = zero.routes.get('r1', { signal: first.signal });
    const secondCall = zero.routes.get('r1');
    while (!server.requests.includes('POST /token')) await new Promise((resolve) => setTimeout(resolve, 5));
    first.abort();
    expect((await rejection(firstCall)).code).toBe('deadline_exceeded');
    release();
    expect((await secondCall).id).toBe('r1');
    expect(server.requests.filter((request) => request === 'POST /token')).toHaveLength(1);
  });

  it('stops a request whose body is in flight', async () => {
    const server = await startScriptedZeroServer(async (exchange) => {
      if (exchange.path === '/token') return answerToken(exchange.response);
      if (answerScope(exchange)) return;
      exchange.response.writeHead(200, { 'content-type': 'application/json' });
      exchange.response.write('{');
      await never();
    });
    const zero = client(server.url, { timeoutMs: 600_000 });
    const controller = new AbortController();
    const call = zero.routes.get('r1', { signal: controller.signal });
    while (server.requests.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    expect(await rejection(call)).toMatchObject({ code: 'deadline_exceeded', retryable: false });
  });
});

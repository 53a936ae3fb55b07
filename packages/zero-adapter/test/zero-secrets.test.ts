import { createPomeriumClient, type PomeriumClient } from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';
import { createZeroBackend, type ZeroBackendOptions } from '../src/index.js';
import { closeAfterTest, everythingIn, rejection } from './support/fake-zero-fixture.js';
import { answerJson, answerScope, answerToken, startScriptedZeroServer } from './support/scripted-zero-server.js';

// Canaries: if any of these shows up in an error, a secret leaked.
const apiUserToken = 'canary-api-user-token-5d1c9e';
const idToken = 'canary-id-token-0b7f42';

function client(url: string, options: Partial<ZeroBackendOptions> = {}): PomeriumClient {
  const backend = createZeroBackend({ apiUrl: url, apiUserToken, ...options });
  closeAfterTest(() => backend.close?.() ?? Promise.resolve());
  return createPomeriumClient({ backend, retry: false });
}

function expectNoCanary(error: unknown) {
  const everything = everythingIn(error);
  expect(everything).not.toContain(apiUserToken);
  expect(everything).not.toContain(idToken);
}

describe('secrets a server echoes never reach an error', () => {
  it.each([401, 500, 400, 503])('a %i body echoing the Authorization header and the request', async (status) => {
    const server = await startScriptedZeroServer(async (exchange) => {
      if (exchange.path === '/token') return answerToken(exchange.response, idToken);
      if (answerScope(exchange)) return;
      answerJson(exchange.response, status, {
        error: `rejected ${exchange.request.headers.authorization} (token ${idToken})`,
        headers: exchange.request.headers,
      });
    });
    const error = await rejection(client(server.url).routes.get('r1'));
    expect(server.requests).toContain('GET /organizations/org-1/routes/r1');
    expect(error.message).toContain('[REDACTED]');
    expectNoCanary(error);
  });

  it('a /token error echoing the request body (the API user token)', async () => {
    const server = await startScriptedZeroServer(async (exchange) => {
      answerJson(exchange.response, 401, { error: `invalid refresh token in ${exchange.body}`, echo: exchange.body });
    });
    const error = await rejection(client(server.url).routes.get('r1'));
    expect(error.code).toBe('unauthenticated');
    expect(server.requests).toEqual(['POST /token']);
    expectNoCanary(error);
  });

  it('a /token 500 in plain text echoing the body', async () => {
    const server = await startScriptedZeroServer(async (exchange) => {
      exchange.response.writeHead(500, { 'content-type': 'text/plain' }).end(`boom: ${exchange.body}`);
    });
    const error = await rejection(client(server.url).routes.get('r1'));
    expect(error.code).toBe('internal');
    expectNoCanary(error);
  });

  it('a 200 that is not JSON and carries the id token', async () => {
    const server = await startScriptedZeroServer(async (exchange) => {
      if (exchange.path === '/token') return answerToken(exchange.response, idToken);
      if (answerScope(exchange)) return;
      exchange.response.writeHead(200, { 'content-type': 'application/json' }).end(`{"oops": ${idToken}`);
    });
    const error = await rejection(client(server.url).routes.get('r1'));
    expect(error).toMatchObject({ code: 'internal', operation: 'routes.get' });
    expectNoCanary(error);
  });

  it('an id token that is not a JWT, in the Pomerium scheme, echoed in a 403', async () => {
    const server = await startScriptedZeroServer(async (exchange) => {
      if (exchange.path === '/token') return answerToken(exchange.response, idToken);
      if (answerScope(exchange)) return;
      answerJson(exchange.response, 403, { error: `${exchange.request.headers.authorization} may not read this` });
    });
    const error = await rejection(client(server.url, { authorizationScheme: 'Pomerium' }).routes.get('r1'));
    expect(error.code).toBe('permission_denied');
    expectNoCanary(error);
  });
});

describe('the URL is checked at construction', () => {
  it.each([
    ['https://user:pass@console.example.com', /credentials/],
    ['http://console.example.com', /cleartext/],
    ['http://10.0.0.1:8080', /cleartext/],
    ['https://console.example.com/?token=x', /query/],
  ])('refuses %s', (apiUrl, message) => {
    let thrown: unknown;
    try {
      createZeroBackend({ apiUrl, apiUserToken });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'invalid_argument', field: 'apiUrl' });
    expect((thrown as Error).message).toMatch(message);
    expectNoCanary(thrown);
  });

  it('accepts http:// to loopback, and elsewhere only with allowInsecureHttp', async () => {
    for (const apiUrl of ['http://127.0.0.1:8080', 'http://localhost:8080', 'http://[::1]:8080']) {
      await createZeroBackend({ apiUrl, apiUserToken }).close?.();
    }
    await createZeroBackend({ apiUrl: 'http://10.0.0.1:8080', apiUserToken, allowInsecureHttp: true }).close?.();
  });
});

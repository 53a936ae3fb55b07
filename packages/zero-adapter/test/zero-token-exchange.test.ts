import { describe, expect, it } from 'vitest';
import { createZeroBackend } from '../src/index.js';
import { clientFor, clusterNamespaceId, everythingIn, rejection, startFake } from './support/fake-zero-fixture.js';

describe('token exchange', () => {
  it('performs exactly one exchange for 200 concurrent calls with a cold cache', async () => {
    const fake = await startFake();
    const client = clientFor(fake, { organizationId: [...fake.state.organizations.keys()][0] as string });
    const namespaceId = clusterNamespaceId(fake);
    await Promise.all(Array.from({ length: 200 }, () => client.routes.list({ namespaceId }).toArray()));
    expect(fake.stats.tokenExchanges).toBe(1);
    expect(fake.stats.requests['GET /organizations/:organizationId/routes']).toBe(200);
  });

  it('sends the API user token only to POST /token and the id token as Authorization: Bearer', async () => {
    const fake = await startFake();
    const client = clientFor(fake);
    await client.namespaces.list().toArray();
    const [exchange, ...calls] = fake.stats.log;
    expect(exchange?.route).toBe('POST /token');
    expect(exchange?.body).toEqual({ refreshToken: fake.apiUserToken });
    expect(exchange?.authorization).toBeUndefined();
    expect(exchange?.contentType).toMatch(/application\/json/);
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      expect(call.authorization).toMatch(/^Bearer zero_id_/);
      expect(call.authorization).not.toContain(fake.apiUserToken);
    }
  });

  it('uses the Pomerium scheme when asked', async () => {
    const fake = await startFake();
    await clientFor(fake, { authorizationScheme: 'Pomerium' }).namespaces.list().toArray();
    expect(fake.stats.log.at(-1)?.authorization).toMatch(/^Pomerium zero_id_/);
  });

  it('parses expiresInSeconds sent as a JSON string and refreshes with less than 60 s left', async () => {
    let now = 1_000_000;
    const fake = await startFake({ tokenTtlSeconds: 120, now: () => now });
    const client = clientFor(fake, { now: () => now });
    const namespaceId = clusterNamespaceId(fake);
    const exchangeBody = await fetch(`${fake.url}/api/v0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: fake.apiUserToken }),
    }).then((response) => response.json() as Promise<{ expiresInSeconds: unknown }>);
    expect(exchangeBody.expiresInSeconds).toBe('120');
    fake.stats.reset();
    await client.routes.list({ namespaceId }).toArray();
    expect(fake.stats.tokenExchanges).toBe(1);
    now += 59_000; // 61 s left: reuse
    await client.routes.list({ namespaceId }).toArray();
    expect(fake.stats.tokenExchanges).toBe(1);
    now += 2_000; // 59 s left: renew
    await client.routes.list({ namespaceId }).toArray();
    expect(fake.stats.tokenExchanges).toBe(2);
  });

  it('refreshes a token that expires mid-run with no failed call', async () => {
    const fake = await startFake({ tokenTtlSeconds: 61 });
    const client = clientFor(fake);
    const namespaceId = clusterNamespaceId(fake);
    const failures: unknown[] = [];
    const deadline = Date.now() + 2_500;
    const worker = async () => {
      while (Date.now() < deadline) {
        await client.routes
          .list({ namespaceId })
          .toArray()
          .catch((error: unknown) => failures.push(error));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const expireOnServer = async () => {
      await new Promise((resolve) => setTimeout(resolve, 700));
      fake.state.advanceTime(3_600_000); // every issued id token is now expired at the server
    };
    await Promise.all([worker(), worker(), worker(), worker(), worker(), worker(), expireOnServer()]);
    expect(failures).toEqual([]);
    // One exchange at the start and one shared renewal after the server expired the token: six workers
    // hitting 401 at once must not exchange once each.
    expect(fake.stats.tokenExchanges).toBe(2);
    expect(fake.stats.log.filter((entry) => entry.status === 401).length).toBeGreaterThan(0);
  });

  it('refreshes once and retries once when a call answers 401', async () => {
    const fake = await startFake();
    const client = clientFor(fake);
    const namespaceId = clusterNamespaceId(fake);
    await client.routes.list({ namespaceId }).toArray();
    fake.state.expireIdTokens();
    fake.stats.reset();
    await client.routes.list({ namespaceId }).toArray();
    expect(fake.stats.log.map((entry) => `${entry.route} ${entry.status}`)).toEqual([
      'GET /organizations/:organizationId/routes 401',
      'POST /token 200',
      'GET /organizations/:organizationId/routes 200',
    ]);
  });

  it('gives up after one retry when the refreshed token is refused too', async () => {
    const fake = await startFake();
    const client = clientFor(fake);
    const namespaceId = clusterNamespaceId(fake);
    await client.routes.list({ namespaceId }).toArray();
    fake.stats.reset();
    fake.state.injectFailure({ status: 401, route: 'GET /organizations/:organizationId/routes', times: 2 });
    const error = await rejection(client.routes.list({ namespaceId }).toArray());
    expect(error.code).toBe('unauthenticated');
    expect(fake.stats.requests['GET /organizations/:organizationId/routes']).toBe(2);
    expect(fake.stats.tokenExchanges).toBe(1);
  });

  it('reports a revoked API user token as unauthenticated without leaking any token', async () => {
    const fake = await startFake();
    const client = clientFor(fake);
    await client.namespaces.list().toArray();
    const idToken = String(fake.stats.log.at(-1)?.authorization).split(' ')[1] as string;
    fake.state.revokeApiUser(fake.apiUserToken);
    const error = await rejection(client.namespaces.list().toArray());
    expect(error.code).toBe('unauthenticated');
    expect(error.backend).toBe('zero');
    expect(error.message).toMatch(/API user token/);
    const everything = everythingIn(error);
    expect(everything).not.toContain(fake.apiUserToken);
    expect(everything).not.toContain(idToken);
  });

  it('never puts the token in option validation errors', async () => {
    const secret = 'zero_api_super-secret-value';
    const error = await rejection(
      Promise.resolve().then(() => createZeroBackend({ apiUserToken: secret, apiUrl: 'not a url' })),
    );
    expect(error.code).toBe('invalid_argument');
    expect(error.field).toBe('apiUrl');
    expect(everythingIn(error)).not.toContain(secret);
  });

  it('fails every concurrent caller from one exchange when the API user token is refused, and does not re-exchange per caller', async () => {
    const fake = await startFake();
    fake.state.revokeApiUser(fake.apiUserToken);
    const client = clientFor(fake, {}, { retry: false });
    const outcomes = await Promise.all(
      Array.from({ length: 100 }, () => client.routes.get('any').catch((error: unknown) => error)),
    );
    for (const outcome of outcomes) expect(outcome).toMatchObject({ code: 'unauthenticated' });
    const again = await rejection(client.routes.get('any'));
    expect(again.code).toBe('unauthenticated');
    expect(fake.stats.tokenExchanges).toBe(1);
  });

  it('reuses a token that lives less than the one-minute margin for part of its life', async () => {
    let now = 1_000_000;
    const fake = await startFake({ tokenTtlSeconds: 20, now: () => now });
    const client = clientFor(fake, { now: () => now });
    const namespaceId = clusterNamespaceId(fake);
    for (let call = 0; call < 5; call += 1) {
      await client.routes.list({ namespaceId }).toArray();
      now += 1_000;
    }
    expect(fake.stats.tokenExchanges).toBe(1);
    now += 6_000; // 11 s into a 20 s token: past half its life
    await client.routes.list({ namespaceId }).toArray();
    expect(fake.stats.tokenExchanges).toBe(2);
  });
});

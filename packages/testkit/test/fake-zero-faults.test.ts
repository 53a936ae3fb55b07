import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeZeroConsole, type FaultKind, startFakeZeroConsole } from '../src/index.js';

const opened: FakeZeroConsole[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((fake) => fake.close()));
});

interface Setup {
  fake: FakeZeroConsole;
  routesUrl: string;
  headers: Record<string, string>;
  body: string;
}

/** A fake with a valid id token, then faults of one kind on every request. */
async function setup(kind: FaultKind, extra: { stallMs?: number; slowBodyMs?: number } = {}): Promise<Setup> {
  const fake = await startFakeZeroConsole();
  opened.push(fake);
  const token = (await (
    await fetch(`${fake.url}/api/v0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: fake.apiUserToken }),
    })
  ).json()) as { idToken: string };
  const [organizationId] = fake.state.organizations.keys();
  const [cluster] = fake.state.clusters.values();
  fake.faults.configure({ rate: 1, kinds: [kind], seed: 7, stallMs: 60_000, slowBodyMs: 50, ...extra });
  return {
    fake,
    routesUrl: `${fake.url}/api/v0/organizations/${String(organizationId)}/routes`,
    headers: { authorization: `Bearer ${token.idToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      namespaceId: cluster?.json.namespaceId,
      name: 'faulty',
      from: 'https://faulty.example.com',
      to: ['http://upstream:8080'],
      policyIds: [],
      allowSpdy: false,
      allowWebsockets: false,
      enableGoogleCloudServerlessAuthentication: false,
      preserveHostHeader: false,
      showErrorDetails: false,
      tlsSkipVerify: false,
      tlsUpstreamAllowRenegotiation: false,
    }),
  };
}

/** A raw POST: the status, headers and body chunks, or the socket error. */
function rawPost(
  url: string,
  headers: Record<string, string>,
  body: string,
  signal?: AbortSignal,
): Promise<{ status: number; headers: Record<string, unknown>; chunks: Buffer[] } | { error: Error }> {
  return new Promise((resolve) => {
    const outgoing = httpRequest(url, { method: 'POST', headers, ...(signal ? { signal } : {}) }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, chunks }));
      response.on('error', (error) => resolve({ error }));
    });
    outgoing.on('error', (error) => resolve({ error }));
    outgoing.end(body);
  });
}

describe('fake Zero console fault injection', () => {
  it('unavailable: answers 503 and stores nothing', async () => {
    const { fake, routesUrl, headers, body } = await setup('unavailable');
    const response = await fetch(routesUrl, { method: 'POST', headers, body });
    expect(response.status).toBe(503);
    expect(fake.state.routes.size).toBe(0);
    expect(fake.faults.byKind.unavailable).toBe(1);
    expect(fake.faults.recent).toEqual([
      { kind: 'unavailable', operation: 'POST /organizations/:organizationId/routes' },
    ]);
  });

  it('rate_limited: answers 429 with Retry-After and stores nothing', async () => {
    const { fake, routesUrl, headers, body } = await setup('rate_limited');
    fake.faults.configure({ rate: 1, kinds: ['rate_limited'], retryAfterSeconds: 7 });
    const response = await fetch(routesUrl, { method: 'POST', headers, body });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(fake.state.routes.size).toBe(0);
  });

  it('reset_before_commit: resets the connection and stores nothing', async () => {
    const { fake, routesUrl, headers, body } = await setup('reset_before_commit');
    const result = await rawPost(routesUrl, headers, body);
    expect('error' in result && result.error.message).toMatch(/socket hang up|ECONNRESET/);
    expect(fake.state.routes.size).toBe(0);
    expect(fake.stats.log.at(-1)).toMatchObject({ fault: 'reset_before_commit', status: 0 });
  });

  it('reset_after_commit: stores the route, then resets the connection', async () => {
    const { fake, routesUrl, headers, body } = await setup('reset_after_commit');
    const result = await rawPost(routesUrl, headers, body);
    expect('error' in result && result.error.message).toMatch(/socket hang up|ECONNRESET/);
    expect([...fake.state.routes.values()].map((record) => record.json.name)).toEqual(['faulty']);
  });

  it('stall: holds the request without an answer and stores nothing', async () => {
    const { fake, routesUrl, headers, body } = await setup('stall');
    const controller = new AbortController();
    const pending = rawPost(routesUrl, headers, body, controller.signal);
    let answered = false;
    void pending.then(() => {
      answered = true;
    });
    while (fake.faults.injected === 0) await new Promise((resolve) => setImmediate(resolve));
    // The server has taken the request and holds it: no answer, nothing stored.
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    expect(fake.state.routes.size).toBe(0);
    controller.abort();
    const result = await pending;
    expect('error' in result).toBe(true);
  });

  it('stall: resets the request after stallMs', async () => {
    const { fake, routesUrl, headers, body } = await setup('stall', { stallMs: 1 });
    const result = await rawPost(routesUrl, headers, body);
    expect('error' in result && result.error.message).toMatch(/socket hang up|ECONNRESET/);
    expect(fake.state.routes.size).toBe(0);
  });

  it('slow_body: stores the route and sends the body in several pieces', async () => {
    const { fake, routesUrl, headers, body } = await setup('slow_body');
    const result = await rawPost(routesUrl, headers, body);
    if ('error' in result) throw result.error;
    expect(result.status).toBe(201);
    expect(result.chunks.length).toBeGreaterThan(1);
    expect(JSON.parse(Buffer.concat(result.chunks).toString('utf8'))).toMatchObject({ name: 'faulty' });
    expect(fake.state.routes.size).toBe(1);
  });

  it('wrong_shape: stores the route and answers a body of the wrong shape', async () => {
    const { fake, routesUrl, headers, body } = await setup('wrong_shape');
    const created = await fetch(routesUrl, { method: 'POST', headers, body });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual([]);
    expect(fake.state.routes.size).toBe(1);
    const namespaceId = String([...fake.state.routes.values()][0]?.json.namespaceId);
    const listed = await fetch(`${routesUrl}?namespaceId=${namespaceId}`, { headers });
    expect(await listed.json()).toEqual({});
  });

  it('draws the same faults from the same seed, at about the configured rate', async () => {
    const run = async () => {
      const { fake, routesUrl, headers } = await setup('unavailable');
      fake.faults.configure({ rate: 0.3, kinds: ['unavailable', 'rate_limited', 'wrong_shape'], seed: 42 });
      fake.faults.reset();
      const namespaceId = String([...fake.state.clusters.values()][0]?.json.namespaceId);
      for (let index = 0; index < 200; index++) await fetch(`${routesUrl}?namespaceId=${namespaceId}`, { headers });
      return fake.faults;
    };
    const first = await run();
    const second = await run();
    expect(first.recent).toEqual(second.recent);
    expect(first.requests).toBe(200);
    expect(first.injected).toBeGreaterThan(30);
    expect(first.injected).toBeLessThan(90);
    expect(Object.values(first.byKind).reduce((sum, count) => sum + count, 0)).toBe(first.injected);
    expect(first.byKind.stall).toBe(0);
  });

  it('refuses bad fault options, naming the field', async () => {
    await expect(startFakeZeroConsole({ faults: { rate: 2 } })).rejects.toThrow(/faults\.rate/);
    await expect(startFakeZeroConsole({ faults: { rate: 0.1, kinds: ['boom' as FaultKind] } })).rejects.toThrow(
      /faults\.kinds/,
    );
  });
});

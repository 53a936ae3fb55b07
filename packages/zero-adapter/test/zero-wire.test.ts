import { createPomeriumClient } from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';
import { clientFor, clusterNamespaceId, rejection, sampleRoute, startFake } from './support/fake-zero-fixture.js';

describe('the wire', () => {
  it('sends required booleans and strings even when unset', async () => {
    const fake = await startFake();
    const client = clientFor(fake);
    const namespaceId = clusterNamespaceId(fake);
    await client.policies.create({ namespaceId, name: 'p', ppl: { allow: { or: [{ accept: true }] } } });
    await client.routes.create(sampleRoute(namespaceId));
    const [policyBody, routeBody] = fake.stats.log.filter(
      (entry) => entry.method === 'POST' && entry.route !== 'POST /token',
    );
    expect(policyBody?.body).toEqual({
      namespaceId,
      name: 'p',
      enforced: false,
      ppl: [{ allow: { or: [{ accept: true }] } }],
      description: '',
      explanation: '',
      remediation: '',
    });
    expect(routeBody?.body).toEqual({
      ...sampleRoute(namespaceId),
      policyIds: [],
      allowSpdy: false,
      allowWebsockets: false,
      enableGoogleCloudServerlessAuthentication: false,
      preserveHostHeader: false,
      showErrorDetails: false,
      tlsSkipVerify: false,
      tlsUpstreamAllowRenegotiation: false,
    });
  });

  it('encodes filter as JSON in one parameter, with limit and offset, and lists from the root with descendants', async () => {
    const fake = await startFake();
    const client = clientFor(fake);
    const namespaceId = clusterNamespaceId(fake);
    for (const name of ['alpha', 'beta', 'alphabet']) await client.routes.create(sampleRoute(namespaceId, name));
    fake.stats.reset();
    const found = await createPomeriumClient({ backend: client.backend, pageSize: 1 })
      .routes.list({ query: 'ALPHA' })
      .toArray();
    expect(found.map((route) => route.name)).toEqual(['alpha', 'alphabet']);
    const lists = fake.stats.log.filter((entry) => entry.route === 'GET /organizations/:organizationId/routes');
    expect(lists.map((entry) => [entry.searchParams.get('offset'), entry.searchParams.get('limit')])).toEqual([
      ['0', '1'],
      ['1', '1'],
      ['2', '1'],
    ]);
    const first = lists[0]?.searchParams;
    const root = [...fake.state.namespaces.values()].find((record) => record.json.type === 'root');
    expect(first?.get('namespaceId')).toBe(root?.json.id);
    expect(first?.get('includeDescendants')).toBe('true');
    expect(JSON.parse(first?.get('filter') ?? '')).toEqual({
      items: [
        { field: 'name', operator: 'contains', value: 'ALPHA' },
        { field: 'from', operator: 'contains', value: 'ALPHA' },
        { field: 'to', operator: 'contains', value: 'ALPHA' },
      ],
      logicOperator: 'or',
    });
  });

  it('lists one namespace without descendants when a namespaceId is given, and the cluster when configured', async () => {
    const fake = await startFake();
    const namespaceId = clusterNamespaceId(fake);
    const client = clientFor(fake, { cluster: 'production' });
    await client.policies.list({ namespaceId, query: 'x' }).toArray();
    await client.policies.list().toArray();
    const [withNamespace, withoutNamespace] = fake.stats.log.filter(
      (entry) => entry.route === 'GET /organizations/:organizationId/policies',
    );
    expect(withNamespace?.searchParams.get('includeDescendants')).toBeNull();
    expect(JSON.parse(withNamespace?.searchParams.get('filter') ?? '')).toEqual({
      items: [{ field: 'name', operator: 'contains', value: 'x' }],
    });
    expect(withoutNamespace?.searchParams.get('namespaceId')).toBe(namespaceId);
    expect(withoutNamespace?.searchParams.get('includeDescendants')).toBe('true');
  });

  it('rejects an unknown cluster with the cluster names', async () => {
    const fake = await startFake();
    const error = await rejection(clientFor(fake, { cluster: 'nope' }).routes.list().toArray());
    expect(error).toMatchObject({ code: 'invalid_argument', field: 'cluster' });
    expect(error.message).toContain('"production"');
  });
});

describe('ids stay inside the resource path', () => {
  it.each(['..', '.'])('refuses %j before any request', async (id) => {
    const fake = await startFake();
    const client = clientFor(fake);
    for (const call of [client.routes.get(id), client.routes.delete(id), client.policies.update(id, { name: 'x' })]) {
      expect(await rejection(call)).toMatchObject({ code: 'invalid_argument', field: 'id' });
    }
    expect(fake.stats.log).toEqual([]);
  });

  it('percent-encodes an id with dots, escapes and query characters so it stays one segment', async () => {
    const fake = await startFake();
    const client = clientFor(fake);
    await client.namespaces.list().toArray();
    fake.stats.reset();
    expect((await rejection(client.routes.get('..%2F.. a&b=c'))).code).toBe('not_found');
    // The backend encodes on its own too, whatever the core let through.
    expect((await rejection(client.backend.routes.get({ id: '../x?y#z' }))).code).toBe('not_found');
    expect(fake.stats.log.map((entry) => [entry.route, entry.path.replace(/^.*\/routes\//, '')])).toEqual([
      ['GET /organizations/:organizationId/routes/:routeId', '..%252F..%20a%26b%3Dc'],
      ['GET /organizations/:organizationId/routes/:routeId', '..%2Fx%3Fy%23z'],
    ]);
  });
});

describe('answers are validated before conversion', () => {
  it.each([
    ['an array for a route', []],
    ['an empty object for a route', {}],
    ['a route without from', { id: 'r', namespaceId: 'n', name: 'x' }],
    ['null', null],
  ])('%s is internal naming the operation', async (_what, body) => {
    const fake = await startFake();
    const client = clientFor(fake, {}, { retry: false });
    const route = await client.routes.create(sampleRoute(clusterNamespaceId(fake)));
    fake.state.injectFailure({ status: 200, body, route: 'GET /organizations/:organizationId/routes/:routeId' });
    const error = await rejection(client.routes.get(route.id));
    expect(error).toMatchObject({ code: 'internal', operation: 'routes.get', backend: 'zero' });
    expect(error.message).toContain('routes.get');
  });

  it('a list that is not an array of routes is internal too', async () => {
    const fake = await startFake();
    const client = clientFor(fake, {}, { retry: false });
    await client.namespaces.list().toArray();
    fake.state.injectFailure({ status: 200, body: { items: [] }, route: 'GET /organizations/:organizationId/routes' });
    expect(await rejection(client.routes.list().toArray())).toMatchObject({
      code: 'internal',
      operation: 'routes.list',
    });
  });
});

describe('options and observability', () => {
  it('accepts an apiUrl that already ends in /api/v0, and sends headers and userAgent', async () => {
    const fake = await startFake();
    const sent: Headers[] = [];
    const recording: typeof fetch = (input, init) => {
      sent.push(new Headers(input instanceof Request ? input.headers : init?.headers));
      return fetch(input, init);
    };
    const client = clientFor(fake, {
      apiUrl: `${fake.url}/api/v0/`,
      headers: { 'X-Trace': 'abc' },
      userAgent: 'my-tool/1.0',
      fetch: recording,
    });
    expect((await client.namespaces.list().toArray()).length).toBeGreaterThan(0);
    expect(fake.stats.log.map((entry) => entry.status).every((status) => status === 200)).toBe(true);
    expect(sent.length).toBe(fake.stats.log.length);
    for (const headers of sent) {
      expect(headers.get('x-trace')).toBe('abc');
      expect(headers.get('user-agent')).toBe('my-tool/1.0');
    }
  });

  it('reports one request and one response wire event per wire request, the token exchange included', async () => {
    const fake = await startFake();
    const backend = clientFor(fake).backend;
    const events: unknown[] = [];
    const onWireEvent = (event: { durationMs?: number }) =>
      events.push({ ...event, durationMs: typeof event.durationMs });
    await expect(backend.routes.get({ id: 'missing', onWireEvent, attempt: 2 })).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(events).toEqual([
      {
        type: 'request',
        operation: 'routes.get',
        method: 'POST',
        target: '/api/v0/token',
        attempt: 2,
        durationMs: 'undefined',
      },
      {
        type: 'response',
        operation: 'routes.get',
        method: 'POST',
        target: '/api/v0/token',
        attempt: 2,
        status: 200,
        durationMs: 'number',
      },
      ...['organizations', 'namespaces'].flatMap((what) => [
        expect.objectContaining({
          type: 'request',
          method: 'GET',
          target: expect.stringMatching(new RegExp(`${what}$`)),
        }),
        expect.objectContaining({ type: 'response', status: 200 }),
      ]),
      expect.objectContaining({ type: 'request', method: 'GET', target: expect.stringMatching(/\/routes\/missing$/) }),
      expect.objectContaining({ type: 'response', status: 404, errorCode: 'not_found' }),
    ]);
    expect(JSON.stringify(events)).not.toContain(fake.apiUserToken);
  });
});

import { inspect } from 'node:util';
import {
  createPomeriumClient,
  type PomeriumClient,
  PomeriumError,
  type RouteHealthCheck,
} from '@pomerium-unified/core';
import { type FakeZeroConsole, type FakeZeroConsoleOptions, startFakeZeroConsole } from '@pomerium-unified/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { createZeroBackend, type ZeroBackendOptions } from '../src/index.js';

const started: FakeZeroConsole[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((fake) => fake.close()));
});

async function startFake(options: FakeZeroConsoleOptions = {}): Promise<FakeZeroConsole> {
  const fake = await startFakeZeroConsole(options);
  started.push(fake);
  return fake;
}

function clientFor(fake: FakeZeroConsole, options: Partial<ZeroBackendOptions> = {}): PomeriumClient {
  return createPomeriumClient({
    backend: createZeroBackend({ apiUrl: fake.url, apiUserToken: fake.apiUserToken, ...options }),
  });
}

function clusterNamespaceId(fake: FakeZeroConsole): string {
  const [cluster] = fake.state.clusters.values();
  return String(cluster?.json.namespaceId);
}

async function rejection(promise: Promise<unknown>): Promise<PomeriumError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(PomeriumError.isInstance(error), `expected a PomeriumError, got ${String(error)}`).toBe(true);
  return error as PomeriumError;
}

/** Every string reachable from an error: message, stack, cause chain, own properties, util.inspect. */
function everythingIn(error: unknown): string {
  const seen = new Set<unknown>();
  const parts: string[] = [inspect(error, { depth: 10, showHidden: true })];
  const visit = (value: unknown) => {
    if (value === null || typeof value !== 'object' || seen.has(value)) {
      parts.push(String(value));
      return;
    }
    seen.add(value);
    for (const key of Reflect.ownKeys(value)) visit((value as Record<PropertyKey, unknown>)[key]);
  };
  visit(error);
  parts.push(JSON.stringify(error));
  return parts.join('\n');
}

const sampleRoute = (namespaceId: string, name = 'app') => ({
  namespaceId,
  name,
  from: `https://${name}.example.com`,
  to: ['http://upstream:8080'],
});

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
    await Promise.all([worker(), worker(), worker(), expireOnServer()]);
    expect(failures).toEqual([]);
    expect(fake.stats.tokenExchanges).toBeGreaterThanOrEqual(3);
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
});

describe('organizations', () => {
  const twoOrganizations = {
    organizations: [
      { name: 'Alpha', clusters: [{ name: 'production', domain: 'alpha-1234.pomerium.app' }] },
      { name: 'Beta', clusters: [{ name: 'staging', domain: 'beta-5678.pomerium.app' }] },
    ],
  };

  it('uses the only organization the token sees', async () => {
    const fake = await startFake();
    const namespaces = await clientFor(fake).namespaces.list().toArray();
    expect(namespaces.map((namespace) => namespace.kind).sort()).toEqual(['cluster', 'root']);
  });

  it('fails with the organization names when the token sees several', async () => {
    const fake = await startFake({ seed: twoOrganizations });
    const error = await rejection(clientFor(fake).namespaces.list().toArray());
    expect(error.code).toBe('failed_precondition');
    expect(error.message).toContain('"Alpha"');
    expect(error.message).toContain('"Beta"');
    expect(error.message).toMatch(/organizationId or organizationName/);
  });

  it('selects an organization by name or by id', async () => {
    const fake = await startFake({ seed: twoOrganizations });
    const beta = [...fake.state.organizations.values()].find((organization) => organization.name === 'Beta');
    const byName = await clientFor(fake, { organizationName: 'Beta' }).namespaces.list().toArray();
    const byId = await clientFor(fake, { organizationId: String(beta?.id) })
      .namespaces.list()
      .toArray();
    expect(byName.map((namespace) => namespace.name).sort()).toEqual(['Beta', 'staging']);
    expect(byId).toEqual(byName);
  });

  it('fails with the names when the organization name is unknown', async () => {
    const fake = await startFake({ seed: twoOrganizations });
    const error = await rejection(clientFor(fake, { organizationName: 'Gamma' }).namespaces.list().toArray());
    expect(error.code).toBe('invalid_argument');
    expect(error.field).toBe('organizationName');
    expect(error.message).toContain('"Alpha"');
  });

  it('sees only the organizations of its API user', async () => {
    const fake = await startFake({
      seed: twoOrganizations,
      apiUsers: [{ token: 'beta-only', organizations: ['Beta'] }],
    });
    const namespaces = await clientFor(fake, { apiUserToken: 'beta-only' }).namespaces.list().toArray();
    expect(namespaces.map((namespace) => namespace.name).sort()).toEqual(['Beta', 'staging']);
  });
});

describe('namespaces', () => {
  it('maps root, cluster and regular namespaces and carries the cluster domain', async () => {
    const fake = await startFake();
    const namespaceId = clusterNamespaceId(fake);
    const regular = fake.state.addNamespace({ parentId: namespaceId, name: 'team-a' });
    const client = clientFor(fake);
    const namespaces = await client.namespaces.list().toArray();
    const byKind = Object.fromEntries(namespaces.map((namespace) => [namespace.kind, namespace]));
    expect(byKind.root?.parentId).toBeUndefined();
    expect(byKind.cluster?.parentId).toBe(byKind.root?.id);
    expect(byKind.cluster?.extensions.zero?.cluster?.domain).toBe('calm-river-4821.pomerium.app');
    expect(byKind.namespace).toMatchObject({ id: regular.id, name: 'team-a', parentId: namespaceId });
    expect(await client.namespaces.get(namespaceId)).toEqual(byKind.cluster);
    expect((await client.namespaces.list({ parentId: namespaceId }).toArray()).map((n) => n.id)).toEqual([regular.id]);
    expect((await rejection(client.namespaces.get('missing'))).code).toBe('not_found');
  });

  it('refuses namespace writes with unimplemented', async () => {
    const fake = await startFake();
    const client = clientFor(fake);
    const error = await rejection(client.namespaces.create({ name: 'new' }));
    expect(error.code).toBe('unimplemented');
    expect(error.message).toMatch(/clusters/);
    expect((await rejection(client.namespaces.update('x', { name: 'y' }))).code).toBe('unimplemented');
    expect((await rejection(client.namespaces.delete('x'))).code).toBe('unimplemented');
  });
});

describe('enforced policies', () => {
  it('apply to routes of descendant namespaces (a namespace added in the console) and show on both sides', async () => {
    const fake = await startFake();
    const client = clientFor(fake);
    const namespaceId = clusterNamespaceId(fake);
    const child = fake.state.addNamespace({ parentId: namespaceId, name: 'team-a' });
    const enforced = await client.policies.create({
      namespaceId,
      name: 'corp',
      enforced: true,
      ppl: { allow: { or: [{ domain: { is: 'example.com' } }] } },
    });
    const route = await client.routes.create(sampleRoute(child.id, 'child-app'));
    expect(route.enforcedPolicyIds).toEqual([enforced.id]);
    expect(route.extensions.zero?.enforcedPolicies?.map((policy) => policy.name)).toEqual(['corp']);
    const policy = await client.policies.get(enforced.id);
    expect(policy.routeIds).toEqual([]);
    expect(policy.extensions.zero?.enforcedRoutes?.map((entry) => entry.id)).toEqual([route.id]);
    const everywhere = await client.routes.list().toArray();
    expect(everywhere.map((entry) => entry.id)).toContain(route.id);
    expect(await client.routes.list({ namespaceId }).toArray()).toEqual([]);
  });
});

describe('read-modify-write', () => {
  it('keeps every other field, including keys the core model does not know, when one field changes', async () => {
    const fake = await startFake();
    const client = clientFor(fake);
    const namespaceId = clusterNamespaceId(fake);
    const policy = await client.policies.create({
      namespaceId,
      name: 'everyone',
      ppl: { allow: { or: [{ accept: true }] } },
    });
    const route = await client.routes.create({
      ...sampleRoute(namespaceId),
      policyIds: [policy.id],
      timeout: '30s',
      allowWebsockets: true,
      setRequestHeaders: { 'X-Test': '1' },
      healthChecks: [{ type: 'tcp', timeout: '1s', interval: '5s', healthyThreshold: 1, unhealthyThreshold: 2 }],
    });
    const stored = fake.state.routes.get(route.id)?.json as Record<string, unknown>;
    stored.futureSetting = { nested: ['kept'] };
    stored.bearerTokenFormat = '';
    (stored.healthCheck as Record<string, unknown>).futureHealthKey = 7;
    const before = structuredClone(stored);

    const updated = await client.routes.update(route.id, { name: 'renamed' });
    expect(updated.name).toBe('renamed');
    expect(updated.extensions.zero?.additionalFields).toEqual({ futureSetting: { nested: ['kept'] } });
    const after = fake.state.routes.get(route.id)?.json as Record<string, unknown>;
    expect({ ...after, name: before.name, updatedAt: before.updatedAt }).toEqual(before);

    const put = fake.stats.log.find((entry) => entry.method === 'PUT');
    for (const key of ['id', 'createdAt', 'updatedAt', 'policies', 'enforcedPolicies', 'enforcedPolicyIds']) {
      expect(put?.body).not.toHaveProperty(key);
    }
  });

  it('writes a route read from Zero back unchanged, field by field', async () => {
    const fake = await startFake();
    const client = clientFor(fake);
    const namespaceId = clusterNamespaceId(fake);
    const policy = await client.policies.create({
      namespaceId,
      name: 'p',
      ppl: [{ allow: { and: [{ email: { is: 'a@b.c' } }] } }],
    });
    const route = await client.routes.create({
      ...sampleRoute(namespaceId, 'full'),
      policyIds: [policy.id],
      description: 'd',
      bearerTokenFormat: 'jwt',
      rewriteResponseHeaders: [{ header: 'Location', value: '/x' }],
      redirect: { httpsRedirect: true, responseCode: 302 },
      mcp: {
        server: { upstreamOAuth2: { clientId: 'c', clientSecret: 's', oauth2Endpoint: { authStyle: 'in_header' } } },
      },
      jwtIssuerFormat: 'hostOnly',
      loadBalancingPolicy: 'maglev',
    });
    const stored = fake.state.routes.get(route.id)?.json as Record<string, unknown>;
    expect(stored.rewriteResponseHeaders).toEqual([{ header: 'Location', value: '/x', matcher: { prefix: '' } }]);
    expect(stored.mcp).toEqual({
      server: {
        upstreamOAuth2: {
          clientId: 'c',
          clientSecret: 's',
          oauth2Endpoint: { authStyle: 'OAUTH2_AUTH_STYLE_IN_HEADER' },
        },
      },
    });
    const before = structuredClone(stored);
    await client.routes.update(route.id, {});
    const after = fake.state.routes.get(route.id)?.json as Record<string, unknown>;
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const key of Object.keys(before)) {
      if (key !== 'updatedAt') expect(after[key], key).toEqual(before[key]);
    }
    const read = await client.routes.get(route.id);
    expect(read.mcp).toEqual({
      server: { upstreamOAuth2: { clientId: 'c', clientSecret: 's', oauth2Endpoint: { authStyle: 'in_header' } } },
    });
    expect(read.extensions.zero?.policies).toEqual([{ id: policy.id, name: 'p', updatedAt: policy.updatedAt }]);
  });

  it('keeps a PPL stored as one object in that form when another policy field changes', async () => {
    const fake = await startFake();
    const client = clientFor(fake);
    const namespaceId = clusterNamespaceId(fake);
    const policy = await client.policies.create({
      namespaceId,
      name: 'p',
      ppl: [{ allow: { or: [{ accept: true }] } }],
    });
    const stored = fake.state.policies.get(policy.id)?.json as Record<string, unknown>;
    stored.ppl = { allow: { or: [{ accept: true }] } };
    stored.futurePolicyKey = 'kept';
    expect((await client.policies.get(policy.id)).ppl).toEqual([{ allow: { or: [{ accept: true }] } }]);
    const updated = await client.policies.update(policy.id, { description: 'now described' });
    expect(updated.description).toBe('now described');
    const after = fake.state.policies.get(policy.id)?.json as Record<string, unknown>;
    expect(after.ppl).toEqual({ allow: { or: [{ accept: true }] } });
    expect(after.futurePolicyKey).toBe('kept');
    expect(after).toMatchObject({ explanation: '', remediation: '', enforced: false, name: 'p' });
  });
});

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

describe('errors', () => {
  it('reports get, update and delete of a deleted id as not_found (Zero answers 403)', async () => {
    const fake = await startFake();
    const client = clientFor(fake);
    const namespaceId = clusterNamespaceId(fake);
    const route = await client.routes.create(sampleRoute(namespaceId));
    const policy = await client.policies.create({ namespaceId, name: 'p', ppl: { allow: { or: [{ accept: true }] } } });
    await client.routes.delete(route.id);
    await client.policies.delete(policy.id);
    for (const error of [
      await rejection(client.routes.get(route.id)),
      await rejection(client.routes.update(route.id, { name: 'x' })),
      await rejection(client.routes.delete(route.id)),
      await rejection(client.policies.get(policy.id)),
      await rejection(client.policies.update(policy.id, { name: 'x' })),
      await rejection(client.policies.delete(policy.id)),
    ]) {
      expect(error.code).toBe('not_found');
      expect((error.cause as PomeriumError).code).toBe('permission_denied');
    }
    expect(fake.stats.log.filter((entry) => entry.status === 403).length).toBe(6);
  });

  it('keeps permission_denied for a 403 on an object that still exists', async () => {
    const fake = await startFake();
    const client = clientFor(fake);
    const route = await client.routes.create(sampleRoute(clusterNamespaceId(fake)));
    fake.state.injectFailure({
      status: 403,
      body: { error: 'viewer user required' },
      method: 'GET',
      route: 'GET /organizations/:organizationId/routes/:routeId',
    });
    const error = await rejection(client.routes.get(route.id));
    expect(error.code).toBe('permission_denied');
  });

  it('reports a never-existing id as not_found', async () => {
    const fake = await startFake();
    const error = await rejection(clientFor(fake).routes.get('neverExisted'));
    expect(error).toMatchObject({ code: 'not_found', backend: 'zero' });
  });

  it('refuses more than one health check before sending anything', async () => {
    const fake = await startFake();
    const client = clientFor(fake);
    const namespaceId = clusterNamespaceId(fake);
    const healthCheck: RouteHealthCheck = {
      type: 'tcp',
      timeout: '1s',
      interval: '5s',
      healthyThreshold: 1,
      unhealthyThreshold: 1,
    };
    const created = await rejection(
      client.routes.create({ ...sampleRoute(namespaceId), healthChecks: [healthCheck, healthCheck] }),
    );
    const updated = await rejection(client.routes.update('anything', { healthChecks: [healthCheck, healthCheck] }));
    for (const error of [created, updated])
      expect(error).toMatchObject({ code: 'invalid_argument', field: 'healthChecks' });
    expect(fake.stats.log).toEqual([]);
  });

  it('maps a policy still assigned to failed_precondition and unknown references to invalid_argument with a field', async () => {
    const fake = await startFake();
    const client = clientFor(fake);
    const namespaceId = clusterNamespaceId(fake);
    const policy = await client.policies.create({ namespaceId, name: 'p', ppl: { allow: { or: [{ accept: true }] } } });
    await client.routes.create({ ...sampleRoute(namespaceId), policyIds: [policy.id] });
    expect((await rejection(client.policies.delete(policy.id))).code).toBe('failed_precondition');
    const unknownPolicy = await rejection(
      client.routes.create({ ...sampleRoute(namespaceId, 'b'), policyIds: ['nope'] }),
    );
    expect(unknownPolicy).toMatchObject({ code: 'invalid_argument', field: 'policyIds[0]' });
    const unknownNamespace = await rejection(client.routes.create(sampleRoute('nope', 'c')));
    expect(unknownNamespace).toMatchObject({ code: 'invalid_argument', field: 'namespaceId' });
  });

  it('maps 429 and 503 from the server', async () => {
    const fake = await startFake();
    // Without the client's automatic retries, so each injected failure surfaces.
    const client = createPomeriumClient({ backend: clientFor(fake).backend, retry: false });
    const namespaceId = clusterNamespaceId(fake);
    await client.routes.list({ namespaceId }).toArray();
    fake.state.injectFailure({ status: 429, body: { error: 'slow down' } });
    expect(await rejection(client.routes.list({ namespaceId }).toArray())).toMatchObject({
      code: 'resource_exhausted',
      retryable: true,
    });
    fake.state.injectFailure({ status: 503 });
    expect((await rejection(client.routes.list({ namespaceId }).toArray())).code).toBe('unavailable');
    expect(fake.stats.requests['GET /organizations/:organizationId/routes']).toBe(3);
  });

  it('maps a timeout to deadline_exceeded and an unreachable console to unavailable', async () => {
    const fake = await startFake();
    const slowFetch: typeof fetch = async (input, init) => {
      const request = input instanceof Request ? input : new Request(input, init);
      if (!request.url.endsWith('/token')) await new Promise((resolve) => setTimeout(resolve, 500));
      return fetch(request);
    };
    const timedOut = await rejection(clientFor(fake, { fetch: slowFetch, timeoutMs: 100 }).namespaces.list().toArray());
    expect(timedOut.code).toBe('deadline_exceeded');
    const unreachable = createPomeriumClient({
      backend: createZeroBackend({ apiUrl: 'http://127.0.0.1:9', apiUserToken: 'zero_api_unreachable' }),
    });
    const error = await rejection(unreachable.namespaces.list().toArray());
    expect(error.code).toBe('unavailable');
    expect(everythingIn(error)).not.toContain('zero_api_unreachable');
  });

  it('maps a caller abort to deadline_exceeded that is not retryable', async () => {
    const fake = await startFake();
    const client = clientFor(fake);
    await client.namespaces.list().toArray();
    const controller = new AbortController();
    controller.abort();
    const error = await rejection(
      client.routes.list({ namespaceId: clusterNamespaceId(fake), signal: controller.signal }).toArray(),
    );
    expect(error).toMatchObject({ code: 'deadline_exceeded', retryable: false });
  });
});

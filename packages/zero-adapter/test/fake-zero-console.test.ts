import { type FakeZeroConsole, startFakeZeroConsole } from '@pomerium-unified/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Raw HTTP checks of the fake console itself: the adapter tests rely on it being wire-true.
let fake: FakeZeroConsole;
let idToken: string;
let organizationId: string;
let namespaceId: string;

async function call(method: string, path: string, body?: unknown, token = idToken) {
  const response = await fetch(`${fake.url}/api/v0/${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

const routeBody = (name: string, extra: Record<string, unknown> = {}) => ({
  namespaceId,
  name,
  from: `https://${name}.example.com`,
  to: ['http://upstream'],
  policyIds: [],
  allowSpdy: false,
  allowWebsockets: false,
  enableGoogleCloudServerlessAuthentication: false,
  preserveHostHeader: false,
  showErrorDetails: false,
  tlsSkipVerify: false,
  tlsUpstreamAllowRenegotiation: false,
  ...extra,
});

beforeAll(async () => {
  fake = await startFakeZeroConsole({ tokenTtlSeconds: 600 });
  const exchange = await call('POST', 'token', { refreshToken: fake.apiUserToken }, '');
  idToken = exchange.body.idToken;
  organizationId = [...fake.state.organizations.keys()][0] as string;
  namespaceId = String([...fake.state.clusters.values()][0]?.json.namespaceId);
});
afterAll(() => fake.close());

describe('fake Zero console', () => {
  it('exchanges tokens with expiresInSeconds as a string and refuses unknown tokens', async () => {
    const exchange = await call('POST', 'token', { refreshToken: fake.apiUserToken }, '');
    expect(exchange).toMatchObject({ status: 200, body: { expiresInSeconds: '600' } });
    expect((await call('POST', 'token', { refreshToken: 'nope' }, '')).status).toBe(401);
    expect((await call('GET', 'organizations', undefined, 'not-a-token')).status).toBe(401);
  });

  it('seeds an organization with a root namespace and a cluster namespace', async () => {
    const namespaces = await call('GET', `organizations/${organizationId}/namespaces`);
    expect(namespaces.body.map((namespace: { type: string }) => namespace.type).sort()).toEqual(['cluster', 'root']);
    const clusters = await call('GET', `organizations/${organizationId}/clusters`);
    expect(clusters.body[0]).toMatchObject({
      name: 'production',
      namespaceId,
      domain: expect.stringMatching(/pomerium\.app$/),
    });
    const cluster = await call('GET', `organizations/${organizationId}/clusters/${clusters.body[0].id}`);
    expect(cluster.body).toEqual(clusters.body[0]);
  });

  it('answers 400 with {"error"} for a missing or mistyped required key', async () => {
    const { allowSpdy, ...missing } = routeBody('missing');
    const missingKey = await call('POST', `organizations/${organizationId}/routes`, missing);
    expect(missingKey).toEqual({ status: 400, body: { error: 'allowSpdy: required field is missing' } });
    const wrongType = await call('POST', `organizations/${organizationId}/policies`, {
      namespaceId,
      name: 'p',
      enforced: 'yes',
      ppl: [],
      description: '',
      explanation: '',
      remediation: '',
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error).toMatch(/^enforced:/);
    expect((await call('GET', `organizations/${organizationId}/routes`)).status).toBe(400);
  });

  it('uses 201, 200 and 204, computes response-only fields, keeps unknown keys, and answers 403 once deleted', async () => {
    const policy = await call('POST', `organizations/${organizationId}/policies`, {
      namespaceId,
      name: 'corp',
      enforced: true,
      ppl: { allow: { or: [{ accept: true }] } },
      description: '',
      explanation: '',
      remediation: '',
    });
    expect(policy.status).toBe(201);
    expect(policy.body.id).toMatch(/^[A-Za-z0-9]{6,}$/);
    const created = await call('POST', `organizations/${organizationId}/routes`, routeBody('kept', { unknownKey: 1 }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ unknownKey: 1, enforcedPolicyIds: [policy.body.id], policies: [] });
    expect(created.body.enforcedPolicies).toEqual([
      { id: policy.body.id, name: 'corp', updatedAt: policy.body.updatedAt },
    ]);
    const readPolicy = await call('GET', `organizations/${organizationId}/policies/${policy.body.id}`);
    expect(readPolicy.body.enforcedRoutes.map((route: { id: string }) => route.id)).toEqual([created.body.id]);
    const put = await call('PUT', `organizations/${organizationId}/routes/${created.body.id}`, routeBody('renamed'));
    expect(put.status).toBe(200);
    expect(put.body).not.toHaveProperty('unknownKey');
    expect((await call('DELETE', `organizations/${organizationId}/routes/${created.body.id}`)).status).toBe(204);
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const gone = await call(
        method,
        `organizations/${organizationId}/routes/${created.body.id}`,
        method === 'PUT' ? routeBody('x') : undefined,
      );
      expect(gone).toEqual({ status: 403, body: { error: 'viewer user required' } });
    }
    expect((await call('GET', `organizations/${organizationId}/routes/neverExisted`)).status).toBe(404);
    expect((await call('DELETE', `organizations/${organizationId}/policies/${policy.body.id}`)).status).toBe(204);
  });

  it('refuses to delete a policy still assigned, with 409', async () => {
    const policy = await call('POST', `organizations/${organizationId}/policies`, {
      namespaceId,
      name: 'assigned',
      enforced: false,
      ppl: [{ allow: { or: [{ accept: true }] } }],
      description: '',
      explanation: '',
      remediation: '',
    });
    const route = await call(
      'POST',
      `organizations/${organizationId}/routes`,
      routeBody('uses', { policyIds: [policy.body.id] }),
    );
    expect(route.body.policies).toEqual([{ id: policy.body.id, name: 'assigned', updatedAt: policy.body.updatedAt }]);
    const refused = await call('DELETE', `organizations/${organizationId}/policies/${policy.body.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatch(/still assigned/);
    await call('DELETE', `organizations/${organizationId}/routes/${route.body.id}`);
    expect((await call('DELETE', `organizations/${organizationId}/policies/${policy.body.id}`)).status).toBe(204);
  });

  it('applies filter, orderBy, limit, offset and includeDescendants', async () => {
    const child = fake.state.addNamespace({ parentId: namespaceId, name: 'child' });
    for (const name of ['list-b', 'list-a', 'list-c'])
      await call('POST', `organizations/${organizationId}/routes`, routeBody(name));
    await call('POST', `organizations/${organizationId}/routes`, { ...routeBody('list-child'), namespaceId: child.id });
    const query = (params: Record<string, string>) =>
      call('GET', `organizations/${organizationId}/routes?${new URLSearchParams({ namespaceId, ...params })}`);
    const filter = JSON.stringify({ items: [{ field: 'name', operator: 'startsWith', value: 'LIST-' }] });
    const names = (body: { name: string }[]) => body.map((route) => route.name);
    expect(names((await query({ filter, orderBy: 'name' })).body)).toEqual(['list-a', 'list-b', 'list-c']);
    expect(names((await query({ filter, orderBy: '-name', limit: '1', offset: '1' })).body)).toEqual(['list-b']);
    expect(names((await query({ filter, includeDescendants: 'true', orderBy: 'name' })).body)).toContain('list-child');
    const badFilter = await query({ filter: '{not json' });
    expect(badFilter.status).toBe(400);
    expect(fake.stats.requests['GET /organizations/:organizationId/routes']).toBeGreaterThanOrEqual(4);
  });
});

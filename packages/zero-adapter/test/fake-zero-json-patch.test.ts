import { describe, expect, it } from 'vitest';
import { clientFor, clusterNamespaceId, sampleRoute, startFake } from './support/fake-zero-fixture.js';

/** Sends a raw JSON Patch to the fake (as Zero's generated client does: Content-Type application/json). */
async function patch(url: string, idToken: string, path: string, body: unknown) {
  const response = await fetch(`${url}/api/v0/${path}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${idToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function setup() {
  const fake = await startFake();
  const client = clientFor(fake);
  const namespaceId = clusterNamespaceId(fake);
  const route = await client.routes.create({
    ...sampleRoute(namespaceId),
    to: ['http://a:1', 'http://b:2'],
    setRequestHeaders: { 'X-A': '1' },
  });
  const policy = await client.policies.create({ namespaceId, name: 'p', ppl: { allow: { or: [{ accept: true }] } } });
  const { idToken } = (await fetch(`${fake.url}/api/v0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken: fake.apiUserToken }),
  }).then((response) => response.json())) as { idToken: string };
  const organizationId = [...fake.state.organizations.keys()][0] as string;
  return {
    fake,
    route,
    policy,
    routePath: `organizations/${organizationId}/routes/${route.id}`,
    policyPath: `organizations/${organizationId}/policies/${policy.id}`,
    send: (path: string, body: unknown) => patch(fake.url, idToken, path, body),
  };
}

describe('the fake Zero console serves JSON Patch (RFC 6902)', () => {
  it('applies add, remove, replace, move, copy and test on a route, in order', async () => {
    const { send, routePath, fake, route } = await setup();
    const answer = await send(routePath, [
      { op: 'test', path: '/name', value: 'app' },
      { op: 'add', path: '/to/-', value: 'http://c:3' },
      { op: 'remove', path: '/to/0' },
      { op: 'replace', path: '/name', value: 'patched' },
      { op: 'add', path: '/setRequestHeaders/X~1B', value: '2' },
      { op: 'copy', from: '/name', path: '/description' },
      { op: 'add', path: '/setResponseHeaders', value: {} },
      { op: 'move', from: '/setRequestHeaders/X-A', path: '/setResponseHeaders/X-A' },
    ]);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      id: route.id,
      name: 'patched',
      description: 'patched',
      to: ['http://b:2', 'http://c:3'],
      setRequestHeaders: { 'X/B': '2' },
      setResponseHeaders: { 'X-A': '1' },
    });
    expect(fake.state.routes.get(route.id)?.json.updatedAt).toBe(answer.body.updatedAt);
  });

  it('answers 409 for a failed test and changes nothing', async () => {
    const { send, routePath, fake, route } = await setup();
    const before = structuredClone(fake.state.routes.get(route.id)?.json);
    const answer = await send(routePath, [
      { op: 'replace', path: '/name', value: 'changed' },
      { op: 'test', path: '/from', value: 'https://other.example.com' },
    ]);
    expect(answer.status).toBe(409);
    expect(fake.state.routes.get(route.id)?.json).toEqual(before);
  });

  it.each([
    ['a body that is not an array', { op: 'replace', path: '/name', value: 'x' }],
    ['an unknown op', [{ op: 'merge', path: '/name', value: 'x' }]],
    ['a missing path', [{ op: 'remove', path: '/timeout' }]],
    ['a response-only key', [{ op: 'test', path: '/updatedAt', value: 'x' }]],
    ['a result that breaks the schema', [{ op: 'remove', path: '/allowSpdy' }]],
    ['replace without value', [{ op: 'replace', path: '/name' }]],
  ])('answers 400 for %s', async (_what, body) => {
    const { send, routePath } = await setup();
    expect((await send(routePath, body)).status).toBe(400);
  });

  it('patches policies and validates the result like a PUT', async () => {
    const { send, policyPath } = await setup();
    const ok = await send(policyPath, [{ op: 'replace', path: '/enforced', value: true }]);
    expect(ok).toMatchObject({ status: 200, body: { enforced: true, name: 'p' } });
    expect((await send(policyPath, [{ op: 'replace', path: '/description', value: 7 }])).status).toBe(400);
  });
});

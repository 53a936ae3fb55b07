import { type FakeZeroConsole, startFakeZeroConsole } from '@pomerium-unified/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateOne, certificateTwo, privateKeyOne } from './support/test-key-pairs.js';

// Raw HTTP checks of the fake console's key pairs, service accounts and settings (reference §2.2, §3.2, §4.2).
let fake: FakeZeroConsole;
let idToken: string;
let org: string;
let namespaceId: string;
let clusterId: string;

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${fake.url}/api/v0/${path}`, {
    method,
    headers: {
      authorization: `Bearer ${idToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

beforeAll(async () => {
  fake = await startFakeZeroConsole();
  const exchange = await fetch(`${fake.url}/api/v0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken: fake.apiUserToken }),
  });
  idToken = ((await exchange.json()) as { idToken: string }).idToken;
  const [cluster] = fake.state.clusters.values();
  org = `organizations/${cluster?.organizationId}`;
  namespaceId = String(cluster?.json.namespaceId);
  clusterId = String(cluster?.json.id);
});
afterAll(() => fake.close());

describe('fake Zero console: key pairs', () => {
  it('creates with 201, never returns the key, computes certificateInfo and refuses a key of another certificate', async () => {
    const created = await call('POST', `${org}/keyPairs`, {
      namespaceId,
      certificate: certificateOne,
      key: privateKeyOne,
      name: 'one',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ namespaceId, name: 'one', hasKey: true, origin: 'user', status: 'ready' });
    expect(created.body.key).toBeUndefined();
    expect(created.body.certificateInfo[0]).toMatchObject({
      subject: { commonName: 'zero-one.example.com' },
      extKeyUsage: { clientAuth: true, serverAuth: false, ocspSigning: false },
    });
    const wrong = await call('POST', `${org}/keyPairs`, {
      namespaceId,
      certificate: certificateTwo,
      key: privateKeyOne,
    });
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.body)).not.toContain('PRIVATE KEY');
    // PUT replaces the whole object (the key dropped when not sent), PATCH edits it.
    const put = await call('PUT', `${org}/keyPairs/${created.body.id}`, { namespaceId, certificate: certificateTwo });
    expect(put.body.hasKey).toBe(false);
    expect(put.body.name).toBeUndefined();
    const patched = await call('PATCH', `${org}/keyPairs/${created.body.id}`, [
      { op: 'add', path: '/name', value: 'two' },
    ]);
    expect(patched.body).toMatchObject({ name: 'two', certificate: certificateTwo });
    expect((await call('DELETE', `${org}/keyPairs/${created.body.id}`)).status).toBe(204);
    expect((await call('GET', `${org}/keyPairs/${created.body.id}`)).status).toBe(403);
  });

  it('lists a page from the namespace index, with filters on the reference fields', async () => {
    const child = fake.state.addNamespace({ parentId: namespaceId, name: 'many' });
    for (let index = 0; index < 30; index += 1) {
      fake.state.resources.addSystemKeyPair({
        organizationId: org.split('/')[1] as string,
        namespaceId: child.id,
        certificate: certificateOne,
        name: `kp-${index}`,
      });
    }
    const page = await call('GET', `${org}/keyPairs?namespaceId=${child.id}&limit=5&offset=10`);
    expect(page.body.map((item: { name: string }) => item.name)).toEqual(['kp-10', 'kp-11', 'kp-12', 'kp-13', 'kp-14']);
    const filter = encodeURIComponent(
      JSON.stringify({ items: [{ field: 'name', operator: 'equals', value: 'kp-7' }] }),
    );
    expect((await call('GET', `${org}/keyPairs?namespaceId=${child.id}&filter=${filter}`)).body).toHaveLength(1);
    const system = page.body[0];
    expect(system.origin).toBe('system');
    expect(
      (await call('PATCH', `${org}/keyPairs/${system.id}`, [{ op: 'add', path: '/name', value: 'x' }])).status,
    ).toBe(400);
    expect((await call('GET', `${org}/keyPairs`)).status).toBe(400);
  });
});

describe('fake Zero console: service accounts', () => {
  it('returns the token once at create and from the token endpoint, has no PUT, and patches', async () => {
    const base = `${org}/clusters/${clusterId}/serviceAccounts`;
    expect((await call('POST', base, { userId: 'bot' })).status).toBe(400);
    const created = await call('POST', base, { userId: 'bot', description: '' });
    expect(created.status).toBe(201);
    expect(typeof created.body.token).toBe('string');
    const read = await call('GET', `${base}/${created.body.id}`);
    expect(read.body.token).toBeUndefined();
    expect((await call('GET', base)).body.every((item: { token?: string }) => item.token === undefined)).toBe(true);
    expect((await call('GET', `${base}/${created.body.id}/token`)).body).toEqual({ token: created.body.token });
    expect((await call('PUT', `${base}/${created.body.id}`, { userId: 'bot', description: 'x' })).status).toBe(405);
    const patched = await call('PATCH', `${base}/${created.body.id}`, [
      { op: 'replace', path: '/description', value: 'deploys' },
    ]);
    expect(patched.body).toMatchObject({ userId: 'bot', description: 'deploys' });
    expect((await call('GET', `${org}/clusters/unknown/serviceAccounts`)).status).toBe(404);
  });
});

describe('fake Zero console: settings', () => {
  it('serves one settings object per cluster: PUT needs the 14 required keys, PATCH edits, secrets come back masked', async () => {
    const path = `${org}/clusters/${clusterId}/settings`;
    const settings = await call('GET', path);
    expect(settings.body).toMatchObject({ cookieName: '_pomerium', autoApplyChangesets: true, codecType: '' });
    const { id: _id, createdAt: _createdAt, updatedAt: _updatedAt, ...properties } = settings.body;
    const { logLevel: _logLevel, ...missing } = properties;
    expect((await call('PUT', path, missing)).status).toBe(400);
    expect((await call('PUT', path, { ...properties, dnsLookupFamily: 'v4' })).status).toBe(400);
    expect((await call('PUT', path, { ...properties, cookieSecret: 'c2VjcmV0' })).body.cookieSecret).toBe('********');
    expect((await call('PATCH', path, [{ op: 'remove', path: '/cookieName' }])).status).toBe(400);
    const patched = await call('PATCH', path, [{ op: 'add', path: '/blobStorage', value: { bucket_uri: 's3://b' } }]);
    expect(patched.body.blobStorage).toEqual({ bucket_uri: 's3://b' });
    expect(patched.body.cookieSecret).toBe('********');
  });
});

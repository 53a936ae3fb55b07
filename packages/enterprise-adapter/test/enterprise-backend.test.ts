import { clone, create, equals } from '@bufbuild/protobuf';
import { timestampDate, timestampFromDate } from '@bufbuild/protobuf/wkt';
import { createPomeriumClient, type PomeriumClient, PomeriumError } from '@pomerium-unified/core';
import {
  createTestCertificates,
  type FakeEnterpriseConsole,
  startFakeEnterpriseConsole,
} from '@pomerium-unified/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEnterpriseBackend, type EnterpriseBackend, type EnterpriseBackendOptions } from '../src/index.js';
import {
  HealthCheck_HttpHealthCheckSchema,
  HealthCheckSchema,
  JwtGroupsFilterSchema,
  RouteSchema,
} from '../src/protocol.js';

async function errorOf(promise: Promise<unknown>): Promise<PomeriumError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!PomeriumError.isInstance(error)) throw new Error(`expected a PomeriumError, got ${String(error)}`);
  return error;
}

const teamNamespaceId = '11111111-1111-4111-8111-111111111111';
const otherNamespaceId = '22222222-2222-4222-8222-222222222222';
const boundToken = 'namespace-bound-token';

let fake: FakeEnterpriseConsole;
const opened: EnterpriseBackend[] = [];

function connect(options: Partial<EnterpriseBackendOptions> = {}): {
  backend: EnterpriseBackend;
  client: PomeriumClient;
} {
  const backend = createEnterpriseBackend({
    url: fake.url,
    serviceAccountToken: fake.serviceAccountToken,
    tls: { ca: fake.ca },
    timeoutMs: 5_000,
    ...options,
  });
  opened.push(backend);
  return { backend, client: createPomeriumClient({ backend }) };
}

beforeAll(async () => {
  fake = await startFakeEnterpriseConsole({
    serviceAccounts: [{ token: 'global-token' }, { token: boundToken, namespaceId: teamNamespaceId }],
    seed: {
      namespaces: [
        { id: teamNamespaceId, name: 'team' },
        { id: otherNamespaceId, name: 'other' },
      ],
      routes: [{ name: 'other-route', from: 'https://other-route.example.com', namespaceId: otherNamespaceId }],
    },
  });
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((backend) => backend.close()));
});
afterAll(() => fake?.close());

function createRoute(client: PomeriumClient, name: string, namespaceId = teamNamespaceId) {
  return client.routes.create({ namespaceId, name, from: `https://${name}.example.com`, to: ['http://upstream:80'] });
}

describe('enterprise backend over gRPC', () => {
  it('sends authorization: Pomerium <token> as gRPC metadata', async () => {
    const { client } = connect();
    const before = fake.state.requests.length;
    await client.namespaces.list().toArray();
    const request = fake.state.requests.at(-1);
    expect(fake.state.requests.length).toBe(before + 1);
    expect(request?.procedure).toBe('/pomerium.dashboard.NamespaceService/ListNamespaces');
    expect(request?.authorization).toBe(`Pomerium ${fake.serviceAccountToken}`);
    expect(request?.contentType).toMatch(/^application\/grpc/);
  });

  it.each([
    ['another CA', 'other', 'certificate verification failed: certificate signature failure'],
    ['the system roots', 'system', 'certificate verification failed: self-signed certificate in certificate chain'],
  ])('fails with a clear TLS error when trusting %s', async (_label, which, expected) => {
    const ca = which === 'other' ? (await createTestCertificates()).ca : undefined;
    const { client } = connect({ tls: ca ? { ca } : {} });
    const error = await errorOf(client.namespaces.list().toArray());
    expect(error.code).toBe('unavailable');
    expect(error.backend).toBe('enterprise');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain(expected);
    expect(error.message).not.toContain(fake.serviceAccountToken);
  });

  it('connects with insecureSkipVerify', async () => {
    const { client } = connect({ tls: { insecureSkipVerify: true } });
    const namespaces = await client.namespaces.list().toArray();
    expect(namespaces.some((namespace) => namespace.kind === 'root')).toBe(true);
  });

  it('reports unauthenticated for a bad token without echoing it', async () => {
    const token = 'wrong-token-0123456789';
    const { client } = connect({ serviceAccountToken: token });
    const error = await errorOf(client.routes.get('anything'));
    expect(error.code).toBe('unauthenticated');
    expect(error.message).not.toContain(token);
    expect(fake.state.requests.at(-1)?.authorization).toBe(`Pomerium ${token}`);
  });

  it('reports unavailable when nothing listens', async () => {
    const { client } = connect({ url: 'https://127.0.0.1:1' });
    const error = await errorOf(client.namespaces.get('x'));
    expect(error.code).toBe('unavailable');
    expect(error.message).toContain('Cannot reach the Enterprise console');
  });

  it('talks h2c when plaintext is asked for', async () => {
    const plain = await startFakeEnterpriseConsole({ tls: false });
    try {
      expect(plain.url).toMatch(/^http:\/\//);
      const backend = createEnterpriseBackend({
        url: plain.url,
        serviceAccountToken: plain.serviceAccountToken,
        plaintext: true,
      });
      opened.push(backend);
      const client = createPomeriumClient({ backend });
      const namespace = await client.namespaces.create({ name: 'plain' });
      expect(namespace.parentId).toBe(plain.rootNamespaceId);
      expect(plain.state.requests.at(-1)?.authorization).toBe(`Pomerium ${plain.serviceAccountToken}`);
    } finally {
      await plain.close();
    }
  });

  it('presents a client certificate for mutual TLS', async () => {
    const mutual = await startFakeEnterpriseConsole({ requireClientCertificate: true });
    try {
      const options = { url: mutual.url, serviceAccountToken: mutual.serviceAccountToken, timeoutMs: 5_000 };
      const withoutCertificate = createEnterpriseBackend({ ...options, tls: { ca: mutual.ca } });
      const withCertificate = createEnterpriseBackend({
        ...options,
        tls: { ca: mutual.ca, ...mutual.clientCertificate },
      });
      opened.push(withoutCertificate, withCertificate);
      const refused = await errorOf(createPomeriumClient({ backend: withoutCertificate }).namespaces.get('x'));
      expect(refused.code).toBe('unavailable');
      const root = await createPomeriumClient({ backend: withCertificate }).namespaces.get(mutual.rootNamespaceId);
      expect(root.kind).toBe('root');
    } finally {
      await mutual.close();
    }
  });

  it('keeps every other field, including ones the core model does not know, on update', async () => {
    const { client } = connect();
    const route = await createRoute(client, 'keep-fields');
    const stored = fake.state.routes.get(route.id);
    if (!stored) throw new Error('route not stored');
    // Fields only the console knows, set directly on the stored message.
    stored.kubernetesServiceAccountTokenFile = '/var/run/secrets/token';
    stored.jwtGroupsFilter = create(JwtGroupsFilterSchema, { groups: ['admins'], inferFromPpl: true });
    stored.identityProviders = ['okta'];
    stored.deletedAt = timestampFromDate(new Date('2020-01-01T00:00:00Z'));
    stored.healthChecks = [
      create(HealthCheckSchema, {
        timeout: { seconds: 1n },
        interval: { seconds: 5n },
        healthyThreshold: 1,
        unhealthyThreshold: 1,
        intervalJitterPercent: 7,
        healthChecker: { case: 'httpHealthCheck', value: create(HealthCheck_HttpHealthCheckSchema, { path: '/' }) },
      }),
    ];
    stored.allowWebsockets = true;
    const before = clone(RouteSchema, stored);

    const updated = await client.routes.update(route.id, { description: 'only this changes' });
    expect(updated.description).toBe('only this changes');
    expect(updated.extensions.enterprise).toMatchObject({
      kubernetesServiceAccountTokenFile: '/var/run/secrets/token',
      jwtGroupsFilter: { groups: ['admins'], inferFromPpl: true },
      identityProviders: ['okta'],
      healthChecks: [{ intervalJitterPercent: 7 }],
    });
    const after = fake.state.routes.get(route.id);
    if (!after) throw new Error('route lost');
    const expected = clone(RouteSchema, before);
    expected.description = 'only this changes';
    expected.modifiedAt = after.modifiedAt;
    expect(equals(RouteSchema, after, expected)).toBe(true);
  });

  it('updates Enterprise-only fields through the extension bag, merging key by key', async () => {
    const { client } = connect();
    const route = await client.routes.create({
      namespaceId: teamNamespaceId,
      name: 'bag',
      from: 'https://bag.example.com',
      to: ['http://upstream:80'],
      extensions: { enterprise: { identityProviders: ['okta'], kubernetesServiceAccountTokenFile: '/token' } },
    });
    expect(fake.state.routes.get(route.id)?.identityProviders).toEqual(['okta']);
    const updated = await client.routes.update(route.id, {
      extensions: { enterprise: { identityProviders: ['okta', 'azure'] } },
    });
    expect(updated.extensions.enterprise?.identityProviders).toEqual(['okta', 'azure']);
    const stored = fake.state.routes.get(route.id);
    expect(stored?.identityProviders).toEqual(['okta', 'azure']);
    expect(stored?.kubernetesServiceAccountTokenFile).toBe('/token');
  });

  it('writes a route read back unchanged, field by field', async () => {
    const { client } = connect();
    const route = await client.routes.create({
      namespaceId: teamNamespaceId,
      name: 'round-trip',
      from: 'https://round-trip.example.com',
      to: ['http://upstream:80'],
      timeout: '30s',
      tlsSkipVerify: false,
      allowUpgrades: [],
      jwtIssuerFormat: 'hostOnly',
      redirect: { responseCode: 302, pathRedirect: '/x' },
      healthChecks: [
        { type: 'tcp', timeout: '1s', interval: '2s', healthyThreshold: 1, unhealthyThreshold: 1, send: 'ff' },
      ],
    });
    const before = clone(RouteSchema, fake.state.routes.get(route.id) ?? create(RouteSchema));
    const read = await client.routes.get(route.id);
    const { id, namespaceId, createdAt, updatedAt, enforcedPolicyIds, ...writable } = read;
    expect(namespaceId).toBe(teamNamespaceId);
    await client.routes.update(id, writable);
    const after = fake.state.routes.get(route.id);
    if (!after) throw new Error('route lost');
    const expected = clone(RouteSchema, before);
    expected.modifiedAt = after.modifiedAt;
    expect(equals(RouteSchema, after, expected)).toBe(true);
    // The read-only fields read back as the console stores them and are never written.
    if (!before.createdAt || !before.modifiedAt) throw new Error('timestamps not stored');
    expect(createdAt).toBe(timestampDate(before.createdAt).toISOString());
    expect(updatedAt).toBe(timestampDate(before.modifiedAt).toISOString());
    expect(after.createdAt).toEqual(before.createdAt);
    expect(enforcedPolicyIds).toEqual([]);
    expect(after.enforcedPolicyIds).toEqual([]);
  });

  it('creates and updates routes in bulk with setRoutes, and moves them with moveRoutes', async () => {
    const { backend, client } = connect();
    const existing = await createRoute(client, 'bulk-existing');
    const requestsBefore = fake.state.requests.length;
    const routes = await backend.setRoutes({
      routes: [
        { input: { namespaceId: teamNamespaceId, name: 'bulk-new', from: 'https://bulk-new.example.com' } },
        { id: existing.id, patch: { timeout: '1m' } },
      ],
    });
    const setCalls = fake.state.requests
      .slice(requestsBefore)
      .filter((request) => request.procedure.endsWith('/SetRoutes'));
    expect(setCalls).toHaveLength(1);
    expect(routes.map((route) => route.name)).toEqual(['bulk-new', 'bulk-existing']);
    expect(routes[1]).toMatchObject({ id: existing.id, timeout: '60s', from: existing.from });

    const destination = await client.namespaces.create({ name: 'bulk-destination', parentId: teamNamespaceId });
    const ids = routes.map((route) => route.id);
    await backend.moveRoutes({ routeIds: ids, namespaceId: destination.id });
    const moved = await client.routes.list({ namespaceId: destination.id }).toArray();
    expect(moved.map((route) => route.id).sort()).toEqual([...ids].sort());

    await expect(
      backend.setRoutes({ routes: [{ input: { namespaceId: teamNamespaceId, name: '', from: 'nope' } }] }),
    ).rejects.toMatchObject({ code: 'invalid_argument' });
    await backend.deleteRoutes({ routeIds: ids });
    expect(await client.routes.list({ namespaceId: destination.id }).toArray()).toEqual([]);
  });

  it('denies a namespace-bound service account outside its namespace', async () => {
    const { client } = connect({ serviceAccountToken: boundToken });
    const inside = await createRoute(client, 'bound-inside');
    expect(inside.namespaceId).toBe(teamNamespaceId);
    const denied = await errorOf(createRoute(client, 'bound-outside', otherNamespaceId));
    expect(denied.code).toBe('permission_denied');
    expect(denied.message).not.toContain(boundToken);
    expect((await errorOf(client.namespaces.get(otherNamespaceId))).code).toBe('permission_denied');
    expect((await errorOf(client.routes.list({ namespaceId: otherNamespaceId }).toArray())).code).toBe(
      'permission_denied',
    );
    const visible = await client.namespaces.list().toArray();
    expect(visible.map((namespace) => namespace.id)).not.toContain(otherNamespaceId);
    const all = await client.routes.list().toArray();
    expect(all.length).toBeGreaterThan(0);
    expect(all.some((route) => route.namespaceId === otherNamespaceId)).toBe(false);
    const seenByGlobal = await connect().client.routes.list({ query: 'other-route' }).toArray();
    expect(seenByGlobal.map((route) => route.namespaceId)).toEqual([otherNamespaceId]);
  });

  it('fills computed fields as the console does and keeps enforced policies apart', async () => {
    const { client } = connect();
    const enforced = await client.policies.create({
      namespaceId: teamNamespaceId,
      name: 'enforced-team',
      enforced: true,
      ppl: { allow: { and: [{ authenticated_user: true }] } },
    });
    const assigned = await client.policies.create({
      namespaceId: teamNamespaceId,
      name: 'assigned',
      ppl: { allow: { and: [{ accept: true }] } },
    });
    const child = await client.namespaces.create({ name: 'computed-child', parentId: teamNamespaceId });
    const route = await client.routes.create({
      namespaceId: child.id,
      name: 'computed',
      from: 'https://computed.example.com',
      policyIds: [assigned.id],
    });
    expect(route.policyIds).toEqual([assigned.id]);
    expect(route.enforcedPolicyIds).toContain(enforced.id);
    expect(route.extensions.enterprise).toMatchObject({
      policyNames: ['assigned'],
      namespaceName: 'computed-child',
      statName: 'computed-example-com',
    });
    expect(fake.state.routes.get(route.id)?.policyNames).toEqual([]);
    const policy = await client.policies.get(assigned.id);
    expect(policy.routeIds).toEqual([route.id]);
    expect(policy.extensions.enterprise?.routeNames).toEqual({ [route.id]: 'computed' });
    expect(typeof fake.state.policies.get(assigned.id)?.ppl).toBe('string');
    const namespace = await client.namespaces.get(child.id);
    expect(namespace.extensions.enterprise).toMatchObject({ routeCount: 1, policyCount: 0 });
  });
});

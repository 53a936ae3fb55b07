import { describe, expect, it } from 'vitest';
import { clientFor, clusterNamespaceId, rejection, sampleRoute, startFake } from './support/fake-zero-fixture.js';

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

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

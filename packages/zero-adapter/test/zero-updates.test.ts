import { revealRouteSecrets } from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';
import { clientFor, clusterNamespaceId, sampleRoute, startFake } from './support/fake-zero-fixture.js';

describe('field-level updates (JSON Patch)', () => {
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

    const patches = fake.stats.log.filter((entry) => entry.method === 'PATCH');
    expect(patches.map((entry) => [entry.contentType, entry.body])).toEqual([
      ['application/json', [{ op: 'add', path: '/name', value: 'renamed' }]],
    ]);
    expect(fake.stats.log.some((entry) => entry.method === 'PUT')).toBe(false);
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
    // The client secret reads back as a Secret holding the value written.
    expect(revealRouteSecrets(read).mcp).toEqual({
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

  it('keeps a nested key the core model does not know when the patch replaces its field', async () => {
    const fake = await startFake();
    const client = clientFor(fake);
    const route = await client.routes.create({
      ...sampleRoute(clusterNamespaceId(fake)),
      healthChecks: [{ type: 'tcp', timeout: '1s', interval: '5s', healthyThreshold: 1, unhealthyThreshold: 2 }],
    });
    const stored = fake.state.routes.get(route.id)?.json as Record<string, unknown>;
    (stored.healthCheck as Record<string, unknown>).futureHealthKey = 7;
    const read = await client.routes.get(route.id);
    const [check] = read.healthChecks ?? [];
    await client.routes.update(route.id, {
      healthChecks: [{ ...(check as NonNullable<typeof check>), interval: '9s' }],
      extensions: { zero: { nestedFields: read.extensions.zero?.nestedFields } },
    } as never);
    const after = fake.state.routes.get(route.id)?.json.healthCheck as Record<string, unknown>;
    expect(after).toMatchObject({ interval: '9s', futureHealthKey: 7 });
  });
});

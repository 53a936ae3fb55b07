import { createMemoryBackend, createPomeriumClient, type PomeriumClient, type Route } from '@pomerium-unified/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPlan, exportConfig, migrate, planSync, secretMarker } from '../src/index.js';
import { type Consoles, clusterName, startConsoles } from './fake-consoles.js';

// Route secrets are Secrets in the client and plain strings in documents: a migration carries the values (through
// Enterprise's bulk writes and Zero's JSON Patch updates), a marker keeps the target's value, a new value is written.

let consoles: Consoles;

beforeAll(async () => {
  consoles = await startConsoles();
});

afterAll(async () => {
  await consoles?.close();
});

function secretsOf(route: Route | undefined): (string | undefined)[] {
  const oauth2 = route?.mcp && 'server' in route.mcp ? route.mcp.server.upstreamOAuth2 : undefined;
  return [
    route?.identityProviderClientSecret?.reveal(),
    route?.kubernetesServiceAccountToken?.reveal(),
    oauth2?.clientSecret.reveal(),
  ];
}

async function routeNamed(client: PomeriumClient, name: string): Promise<Route | undefined> {
  return (await client.routes.list({ query: name }).toArray()).find((route) => route.name === name);
}

describe('route secrets in sync', () => {
  it('migrate memory → Enterprise → Zero carries the values; a marker keeps them; a new value is written', async () => {
    const memory = createPomeriumClient({ backend: createMemoryBackend() });
    const root = (await memory.namespaces.list().toArray()).find((namespace) => namespace.kind === 'root')!;
    const app = await memory.namespaces.create({ name: 'Apps', parentId: root.id });
    await memory.routes.create({
      namespaceId: app.id,
      name: 'secret-route',
      from: 'https://secret-route.example.com',
      to: ['http://secret-route.internal'],
      identityProviderClientId: 'client-id',
      identityProviderClientSecret: 'idp-secret-value-1',
      kubernetesServiceAccountToken: 'k8s-token-value-1',
      mcp: { server: { upstreamOAuth2: { clientId: 'oauth-id', clientSecret: 'oauth-secret-value-1' } } },
    });
    const wanted = ['idp-secret-value-1', 'k8s-token-value-1', 'oauth-secret-value-1'];

    const toEnterprise = await migrate({ from: memory, to: consoles.enterprise });
    expect(toEnterprise.result.failed).toEqual([]);
    expect(secretsOf(await routeNamed(consoles.enterprise, 'secret-route'))).toEqual(wanted);

    const toZero = await migrate({
      from: consoles.enterprise,
      to: consoles.zero,
      namespaces: ['Apps'],
      namespaceMap: { Apps: clusterName },
    });
    expect(toZero.result.failed).toEqual([]);
    expect(secretsOf(await routeNamed(consoles.zero, 'secret-route'))).toEqual(wanted);
    // Nothing left to do: the values compare equal (Secret against plain string).
    const again = await migrate({
      from: consoles.enterprise,
      to: consoles.zero,
      namespaces: ['Apps'],
      namespaceMap: { Apps: clusterName },
      dryRun: true,
    });
    expect(again.plan.changes).toEqual([]);

    // An export without secrets holds markers; planned back, it keeps the target's values.
    const exported = await exportConfig(consoles.zero);
    const entry = exported.routes.find((route) => route.name === 'secret-route')!;
    expect(entry.identityProviderClientSecret).toBe(secretMarker);
    entry.description = 'changed';
    const plan = await planSync({ desired: exported, target: consoles.zero });
    const change = plan.changes.find((item) => item.key.endsWith('/secret-route'));
    expect(change?.diff?.map((field) => field.field)).toEqual(['description']);
    await applyPlan(plan, consoles.zero);
    const kept = await routeNamed(consoles.zero, 'secret-route');
    expect(kept?.description).toBe('changed');
    expect(secretsOf(kept)).toEqual(wanted);

    // A new plain value in the document is written as that value; the plan shows only the marker.
    const withSecrets = await exportConfig(consoles.zero, { includeSecrets: true });
    const plain = withSecrets.routes.find((route) => route.name === 'secret-route')!;
    expect(plain.kubernetesServiceAccountToken).toBe('k8s-token-value-1');
    plain.kubernetesServiceAccountToken = 'k8s-token-value-2';
    const rotation = await planSync({ desired: withSecrets, target: consoles.zero });
    const rotated = rotation.changes.find((item) => item.key.endsWith('/secret-route'));
    expect(rotated?.diff).toEqual([
      { field: 'kubernetesServiceAccountToken', before: secretMarker, after: secretMarker },
    ]);
    await applyPlan(rotation, consoles.zero);
    expect(secretsOf(await routeNamed(consoles.zero, 'secret-route'))).toEqual([
      'idp-secret-value-1',
      'k8s-token-value-2',
      'oauth-secret-value-1',
    ]);
  });
});

import { inspect } from 'node:util';
import {
  createMemoryBackend,
  createPomeriumClient,
  type PomeriumBackend,
  type Route,
  type RouteCreateInput,
  revealRouteSecrets,
  Secret,
  toCreateInput,
  toUpdatePatch,
  wrapRouteSecrets,
} from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';

describe('route secret settings', () => {
  it('accept a string or a Secret, reach the backend as strings and come back as Secrets', async () => {
    const memory = createMemoryBackend();
    const received: RouteCreateInput[] = [];
    const backend: PomeriumBackend = {
      ...memory,
      routes: {
        ...memory.routes,
        create: (options) => {
          received.push(options.input);
          return memory.routes.create(options);
        },
      },
    };
    const client = createPomeriumClient({ backend });
    const root = (await client.namespaces.list().toArray()).find((namespace) => namespace.kind === 'root');
    const route = await client.routes.create({
      namespaceId: root?.id as string,
      name: 'app',
      from: 'https://app.example.com',
      to: ['http://app:80'],
      identityProviderClientSecret: 'canary-idp-client-secret-1',
      kubernetesServiceAccountToken: Secret.of('canary-k8s-token-2'),
      mcp: { server: { upstreamOAuth2: { clientId: 'id', clientSecret: 'canary-oauth-secret-3' } } },
    });
    expect(received[0]?.identityProviderClientSecret).toBe('canary-idp-client-secret-1');
    expect(received[0]?.kubernetesServiceAccountToken).toBe('canary-k8s-token-2');
    const read = await client.routes.get(route.id);
    expect(read.identityProviderClientSecret?.reveal()).toBe('canary-idp-client-secret-1');
    expect(read.kubernetesServiceAccountToken?.reveal()).toBe('canary-k8s-token-2');
    const mcp = read.mcp as { server: { upstreamOAuth2: { clientSecret: Secret } } };
    expect(mcp.server.upstreamOAuth2.clientSecret.reveal()).toBe('canary-oauth-secret-3');
    const shown = `${inspect(read, { depth: 10 })}${JSON.stringify(read)}`;
    for (const canary of ['canary-idp-client-secret-1', 'canary-k8s-token-2', 'canary-oauth-secret-3']) {
      expect(shown).not.toContain(canary);
    }
    const updated = await client.routes.update(route.id, { identityProviderClientSecret: null });
    expect(updated.identityProviderClientSecret).toBeUndefined();
    expect(updated.kubernetesServiceAccountToken?.reveal()).toBe('canary-k8s-token-2');
  });

  it('wrapRouteSecrets and revealRouteSecrets convert without touching other keys; a masked secret is left out', () => {
    const wrapped = wrapRouteSecrets({ name: 'x', identityProviderClientSecret: 'abcdef123' });
    expect(Secret.isSecret(wrapped.identityProviderClientSecret)).toBe(true);
    expect(revealRouteSecrets(wrapped)).toEqual({ name: 'x', identityProviderClientSecret: 'abcdef123' });
    expect(revealRouteSecrets({ name: 'x', identityProviderClientSecret: Secret.masked() })).toEqual({ name: 'x' });
  });

  it('toCreateInput keeps Secrets (a masked one left out); toUpdatePatch compares them by value', async () => {
    const client = createPomeriumClient({ backend: createMemoryBackend() });
    const root = (await client.namespaces.list().toArray()).find((namespace) => namespace.kind === 'root');
    const route = await client.routes.create({
      namespaceId: root?.id as string,
      name: 'app',
      from: 'https://app.example.com',
      to: ['http://app:80'],
      identityProviderClientSecret: 'first-secret-value',
      mcp: { server: { upstreamOAuth2: { clientId: 'id', clientSecret: 'oauth-secret-value' } } },
    });
    const input = toCreateInput(route);
    expect(Secret.isSecret(input.identityProviderClientSecret)).toBe(true);
    expect((input.identityProviderClientSecret as Secret).reveal()).toBe('first-secret-value');
    const mcp = input.mcp as { server: { upstreamOAuth2: { clientSecret: Secret } } };
    expect(mcp.server.upstreamOAuth2.clientSecret.reveal()).toBe('oauth-secret-value');
    expect(toCreateInput({ ...route, identityProviderClientSecret: Secret.masked() })).not.toHaveProperty(
      'identityProviderClientSecret',
    );

    // Same value as a string or a Secret: nothing to do. Another value: sent, as the same Secret.
    expect(toUpdatePatch({ ...input, identityProviderClientSecret: 'first-secret-value' }, route)).toEqual({});
    expect(toUpdatePatch(input, route)).toEqual({});
    const rotated = Secret.of('second-secret-value');
    const patch = toUpdatePatch({ ...input, identityProviderClientSecret: rotated }, route);
    expect(patch).toEqual({ identityProviderClientSecret: rotated });
    const rotatedMcp = { server: { upstreamOAuth2: { clientId: 'id', clientSecret: Secret.of('oauth-rotated') } } };
    const mcpPatch = toUpdatePatch({ ...input, mcp: rotatedMcp }, route);
    expect((mcpPatch.mcp as typeof rotatedMcp).server.upstreamOAuth2.clientSecret.reveal()).toBe('oauth-rotated');
    // A masked desired secret is unknown: what the route holds is kept.
    const masked: Route = { ...route, identityProviderClientSecret: Secret.masked() };
    expect(toUpdatePatch(masked, route)).toEqual({});
    const updated = await client.routes.update(route.id, patch);
    expect(updated.identityProviderClientSecret?.reveal()).toBe('second-secret-value');
  });
});

import { describe, expect, it } from 'vitest';
import {
  createMemoryBackend,
  createPomeriumClient,
  PomeriumError,
  toCreateInput,
  toUpdatePatch,
} from '../src/index.js';

async function setup() {
  const client = createPomeriumClient({ backend: createMemoryBackend() });
  const namespace = await client.namespaces.create({ name: 'Production' });
  const policy = await client.policies.create({
    namespaceId: namespace.id,
    name: 'admins',
    ppl: { allow: { or: [{ email: { is: 'a@example.com' } }] } },
    description: 'only admins',
    extensions: { memory: { note: 'kept' } },
  });
  const route = await client.routes.create({
    namespaceId: namespace.id,
    name: 'app',
    from: 'https://app.example.com',
    to: ['http://app:80'],
    policyIds: [policy.id],
    timeout: '1m',
    allowWebsockets: true,
    tlsClientKeyPairId: 'key-pair-1',
    upstreamTunnel: { sshPolicyId: 'ssh-1' },
    healthChecks: [{ type: 'tcp', timeout: '5s', interval: '10s', healthyThreshold: 1, unhealthyThreshold: 2 }],
  });
  return { client, namespace, policy, route };
}

describe('toCreateInput', () => {
  it('turns read objects into inputs create accepts on the same backend, ids kept', async () => {
    const { client, namespace, policy, route } = await setup();
    const routeInput = toCreateInput(route);
    expect(routeInput).not.toHaveProperty('id');
    expect(routeInput).not.toHaveProperty('enforcedPolicyIds');
    expect(routeInput).not.toHaveProperty('updatedAt');
    expect(routeInput).toMatchObject({
      policyIds: [policy.id],
      tlsClientKeyPairId: 'key-pair-1',
      upstreamTunnel: { sshPolicyId: 'ssh-1' },
    });
    const copy = await client.routes.create({ ...routeInput, name: 'app copy' });
    expect(toUpdatePatch({ ...toCreateInput(copy), name: 'app' }, route)).toEqual({});

    const policyCopy = await client.policies.create({ ...toCreateInput(policy), name: 'admins copy' });
    expect(policyCopy).toMatchObject({ description: 'only admins', extensions: { memory: { note: 'kept' } } });
    expect(toUpdatePatch({ ...toCreateInput(policyCopy), name: 'admins' }, policy)).toEqual({});

    const child = await client.namespaces.create({ name: 'child', parentId: namespace.id });
    const childCopy = await client.namespaces.create({ ...toCreateInput(child), name: 'child copy' });
    expect(childCopy.parentId).toBe(namespace.id);
  });

  it('refuses the root namespace', async () => {
    const { client } = await setup();
    const root = (await client.namespaces.list().toArray()).find((namespace) => namespace.kind === 'root')!;
    expect(() => toCreateInput(root)).toThrow(PomeriumError);
  });
});

describe('toUpdatePatch', () => {
  it('names only what differs and clears keys absent from desired', async () => {
    const { client, route } = await setup();
    const desired = toCreateInput(route);
    delete desired.timeout;
    desired.allowWebsockets = false;
    desired.to = ['http://app:8080'];
    desired.idleTimeout = '2m';
    const patch = toUpdatePatch(desired, route);
    expect(patch).toEqual({ to: ['http://app:8080'], timeout: null, idleTimeout: '120s', allowWebsockets: null });
    const updated = await client.routes.update(route.id, patch);
    expect(updated.timeout).toBeUndefined();
    expect(updated.allowWebsockets).toBe(false);
    expect(toUpdatePatch(desired, updated)).toEqual({});
  });

  it('compares PPL by meaning and resets policy strings left out', async () => {
    const { policy } = await setup();
    const desired = toCreateInput(policy);
    desired.ppl = [{ allow: { or: [{ email: { is: 'a@example.com' } }] } }];
    expect(toUpdatePatch(desired, policy)).toEqual({});
    delete desired.description;
    desired.extensions = { memory: {} };
    expect(toUpdatePatch(desired, policy)).toEqual({ description: '', extensions: { memory: { note: null } } });
  });
});

import { createMemoryBackend, createPomeriumClient, type PomeriumClient, PomeriumError } from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';
import {
  applyPlan,
  diffConfigs,
  diffDeployments,
  exportConfig,
  migrate,
  parseConfig,
  planSync,
  SyncFidelityError,
  secretMarker,
  stringifyConfig,
} from '../src/index.js';

function memoryClient(): PomeriumClient {
  return createPomeriumClient({ backend: createMemoryBackend() });
}

async function seed(client: PomeriumClient) {
  const production = await client.namespaces.create({ name: 'Production' });
  const team = await client.namespaces.create({ name: 'team/a', parentId: production.id });
  const everyone = await client.policies.create({
    namespaceId: production.id,
    name: 'everyone',
    ppl: { allow: { or: [{ authenticated_user: true }] } },
    enforced: false,
    description: 'all signed-in users',
  });
  const admins = await client.policies.create({
    namespaceId: team.id,
    name: 'admins',
    ppl: [{ allow: { and: [{ email: { is: 'admin@example.com' } }] } }],
  });
  await client.routes.create({
    namespaceId: team.id,
    name: 'app',
    from: 'https://app.example.com',
    to: ['http://app:80'],
    policyIds: [admins.id, everyone.id],
    timeout: '1m',
    allowWebsockets: true,
    identityProviderClientId: 'client',
    identityProviderClientSecret: 'hunter2',
    setRequestHeaders: { 'X-B': '2', 'X-A': '1' },
  });
  await client.routes.create({
    namespaceId: production.id,
    name: 'docs',
    from: 'https://docs.example.com',
    to: ['http://docs:80'],
  });
  return { production, team, everyone, admins };
}

describe('exportConfig', () => {
  it('keys namespaces by escaped path, refers to policies by name and hides secrets', async () => {
    const client = memoryClient();
    await seed(client);
    const config = await exportConfig(client);
    expect(config.apiVersion).toBe('pomerium-unified/v1');
    expect(config.kind).toBe('PomeriumConfig');
    expect(config.namespaces.map((namespace) => namespace.path)).toEqual(['Production', 'Production/team%2Fa']);
    const app = config.routes.find((route) => route.name === 'app')!;
    expect(app.namespace).toBe('Production/team%2Fa');
    expect(app.policies).toEqual(['admins', { namespace: 'Production', name: 'everyone' }]);
    expect(app.identityProviderClientSecret).toBe(secretMarker);
    expect(app.timeout).toBe('60s');
    expect(Object.keys(app).slice(0, 5)).toEqual(['namespace', 'name', 'from', 'to', 'policies']);
    expect(JSON.stringify(config)).not.toMatch(/"id"|createdAt|updatedAt|hunter2/);
    const withSecrets = await exportConfig(client, { includeSecrets: true });
    expect(withSecrets.routes.find((route) => route.name === 'app')!.identityProviderClientSecret).toBe('hunter2');
  });

  it('selects namespaces by path', async () => {
    const client = memoryClient();
    await seed(client);
    const config = await exportConfig(client, { namespaces: ['Production/team%2Fa'] });
    expect(config.routes.map((route) => route.name)).toEqual(['app']);
    expect(config.policies.map((policy) => policy.name)).toEqual(['admins']);
  });
});

describe('stringifyConfig / parseConfig', () => {
  it('round-trips YAML and JSON', async () => {
    const client = memoryClient();
    await seed(client);
    const config = await exportConfig(client);
    for (const format of ['yaml', 'json'] as const) {
      const text = stringifyConfig(config, { format });
      expect(diffConfigs(parseConfig(text, { format }), config).equal).toBe(true);
    }
  });

  it('names the line and the field of an invalid entry', () => {
    const text = [
      'apiVersion: pomerium-unified/v1',
      'kind: PomeriumConfig',
      'routes:',
      '  - namespace: Production',
      '    name: app',
      '    from: not a url',
      '    to: []',
    ].join('\n');
    try {
      parseConfig(text, { source: 'sync.yaml' });
      expect.unreachable();
    } catch (error) {
      expect(PomeriumError.hasCode(error, 'invalid_argument')).toBe(true);
      expect((error as PomeriumError).field).toBe('routes[0].from');
      expect((error as Error).message).toMatch(/^sync\.yaml:6: routes\[0\]\.from: /);
    }
  });

  it('names the line of a syntax error and rejects unknown keys', () => {
    expect(() => parseConfig('apiVersion: [', { source: 'x.yaml' })).toThrow(/x\.yaml:1/);
    expect(() =>
      parseConfig('apiVersion: pomerium-unified/v1\nkind: PomeriumConfig\nnamespaces:\n  - path: A\n    colour: red\n'),
    ).toThrow(/:4: namespaces\[0\]/);
  });
});

describe('planSync and applyPlan on memory backends', () => {
  it('migrates, then plans nothing; the deployments compare equal', async () => {
    const source = memoryClient();
    const target = memoryClient();
    const { admins } = await seed(source);
    const events: string[] = [];
    const { plan, result } = await migrate({
      from: source,
      to: target,
      onProgress: (event) => events.push(`${event.done}/${event.total} ${event.change.kind} ${event.status}`),
    });
    expect(plan.summary).toEqual({ create: 6, update: 0, delete: 0, unchanged: 0 });
    expect(result.failed).toEqual([]);
    expect(result.created).toBe(6);
    expect(events.at(-1)).toBe('6/6 route ok');
    expect(result.idMap[admins.id]).toBeDefined();
    expect(await target.policies.get(result.idMap[admins.id]!)).toMatchObject({ name: 'admins' });
    expect((await diffDeployments(source, target, { includeSecrets: true })).equal).toBe(true);
    const again = await planSync({ desired: await exportConfig(source, { includeSecrets: true }), target });
    expect(again.changes).toEqual([]);
    expect(again.summary.unchanged).toBe(6);
  });

  it('updates field by field, clears what the document leaves out, prunes only in scope', async () => {
    const client = memoryClient();
    await seed(client);
    const other = await client.namespaces.create({ name: 'Other' });
    await client.routes.create({
      namespaceId: other.id,
      name: 'keep',
      from: 'https://k.example.com',
      to: ['http://k'],
    });
    const config = await exportConfig(client, { includeSecrets: true });
    const app = config.routes.find((route) => route.name === 'app')!;
    app.to = ['http://app:8080'];
    delete app.timeout;
    config.routes = config.routes.filter((route) => route.name !== 'docs' && route.name !== 'keep');
    config.policies[0]!.ppl = [{ allow: { or: [{ authenticated_user: true }] } }];
    const plan = await planSync({ desired: config, target: client, prune: true, namespaces: ['Production'] });
    expect(plan.changes.map((change) => `${change.action} ${change.kind} ${change.key}`)).toEqual([
      'update route Production/team%2Fa/app',
      'delete route Production/docs',
    ]);
    expect(plan.changes[0]!.diff).toEqual([
      { field: 'to', before: ['http://app:80'], after: ['http://app:8080'] },
      { field: 'timeout', before: '60s' },
    ]);
    const planned = JSON.parse(JSON.stringify(plan));
    const result = await applyPlan(planned, client);
    expect(result).toMatchObject({ updated: 1, deleted: 1, failed: [] });
    const route = await client.routes.findByName({ name: 'app' });
    expect(route?.timeout).toBeUndefined();
    expect(route?.identityProviderClientSecret?.reveal()).toBe('hunter2');
    expect(await client.routes.findByName({ name: 'keep' })).toBeDefined();
    await expect(applyPlan(planned, client)).rejects.toThrow(/changed since the plan/);
  });

  it('an update of an object edited since planning fails with aborted, even without the digest check', async () => {
    const client = memoryClient();
    await seed(client);
    const config = await exportConfig(client, { includeSecrets: true });
    config.routes.find((route) => route.name === 'docs')!.to = ['http://docs:8080'];
    const plan = await planSync({ desired: config, target: client });
    expect(plan.changes[0]?.expectedUpdatedAt).toBeDefined();
    const docs = (await client.routes.findByName({ name: 'docs' }))!;
    await client.routes.update(docs.id, { description: 'edited meanwhile' });
    const result = await applyPlan(plan, client, { checkTarget: false });
    expect(result.failed.map((failure) => [failure.key, failure.error.code])).toEqual([['Production/docs', 'aborted']]);
    expect((await client.routes.get(docs.id)).to).toEqual(['http://docs:80']);
  });

  it('stops on ambiguous names on either side, naming them', async () => {
    const client = memoryClient();
    const { production } = await seed(client);
    const config = await exportConfig(client);
    config.routes.push({ ...config.routes[0]! });
    await expect(planSync({ desired: config, target: memoryClient() })).rejects.toThrow(/two routes named "docs"/);
    config.routes.pop();
    config.namespaces.push({ path: 'Production' });
    await expect(planSync({ desired: config, target: memoryClient() })).rejects.toThrow(
      /two sibling namespaces at Production/,
    );
    await client.routes.create({ namespaceId: production.id, name: 'docs', from: 'https://d2.example.com', to: [] });
    await expect(planSync({ desired: await exportConfig(memoryClient()), target: client })).rejects.toMatchObject({
      code: 'failed_precondition',
      message: expect.stringMatching(/2 routes at Production\/docs/),
    });
  });

  it('keeps secrets marked in the document on update, refuses them on create', async () => {
    const source = memoryClient();
    await seed(source);
    const config = await exportConfig(source);
    const plan = await planSync({ desired: config, target: memoryClient() });
    expect(plan.fidelity).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        rule: 'secret-not-exported',
        field: 'identityProviderClientSecret',
      }),
    );
    await expect(applyPlan(plan, memoryClient())).rejects.toThrow();
    const same = await planSync({ desired: config, target: source });
    expect(same.changes).toEqual([]);
    const rotated = await exportConfig(source, { includeSecrets: true });
    rotated.routes.find((route) => route.name === 'app')!.identityProviderClientSecret = 'rotated';
    const rotation = await planSync({ desired: rotated, target: source });
    expect(rotation.changes[0]!.diff).toEqual([
      { field: 'identityProviderClientSecret', before: secretMarker, after: secretMarker },
    ]);
    expect(JSON.stringify(rotation)).not.toContain('hunter2');
    await applyPlan(rotation, source);
    expect((await source.routes.findByName({ name: 'app' }))?.identityProviderClientSecret?.reveal()).toBe('rotated');
    expect(same.fidelity).toEqual([]);
    await expect(applyPlan(plan, createPomeriumClient({ backend: createMemoryBackend() }))).rejects.toBeInstanceOf(
      PomeriumError,
    );
    const fresh = memoryClient();
    const refused = await planSync({ desired: config, target: fresh });
    await expect(applyPlan(refused, fresh)).rejects.toBeInstanceOf(SyncFidelityError);
    const lossy = await applyPlan(refused, fresh, { allowLossy: true });
    expect(lossy.dropped.map((issue) => issue.field)).toContain('identityProviderClientSecret');
    expect(lossy.failed).toEqual([]);
  });
});

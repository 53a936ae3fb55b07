import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createMemoryBackend, createPomeriumClient, type PomeriumClient, pplEquals } from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';
import {
  collectInventory,
  compareSnapshots,
  createRouteForExistingPolicy,
  formatInventory,
  provisionHttpbin,
  snapshotBackend,
} from '../src/index.js';

async function seededMemoryClient(rootName: string): Promise<PomeriumClient> {
  const client = createPomeriumClient({
    backend: createMemoryBackend({ rootNamespaceName: rootName, clusterNamespaces: ['trusted-dog-1049'] }),
  });
  const cluster = await client.namespaces.findByName({ name: 'trusted-dog-1049' });
  const production = await client.namespaces.create({ name: 'Production', parentId: cluster!.id });
  await client.policies.create({
    namespaceId: production.id,
    name: 'My Policy for the API walkthrough',
    ppl: { allow: { or: [{ domain: { is: 'example.com' } }] } },
  });
  return client;
}

describe('scenarios on the memory backend', () => {
  it('provisions httpbin as the Zero guide does, and is idempotent', async () => {
    const client = await seededMemoryClient('personal');
    const first = await provisionHttpbin(client, { clusterDomain: 'trusted-dog-1049.pomerium.app' });
    expect(first.namespace).toMatchObject({ kind: 'cluster', name: 'trusted-dog-1049' });
    expect(first.policy).toMatchObject({ name: 'Allow only matching email', enforced: false });
    expect(pplEquals(first.policy.ppl, { allow: { and: [{ email: { is: 'user@example.com' } }] } })).toBe(true);
    expect(first.route).toMatchObject({
      name: 'HTTP Bin',
      from: 'https://httpbin.trusted-dog-1049.pomerium.app',
      to: ['http://httpbin:80'],
      policyIds: [first.policy.id],
      allowWebsockets: false,
      showErrorDetails: false,
    });
    const second = await provisionHttpbin(client, { clusterDomain: 'trusted-dog-1049.pomerium.app' });
    expect(second.route.id).toBe(first.route.id);
    expect(await client.routes.list().toArray()).toHaveLength(1);
  });

  it('refuses to guess between several clusters', async () => {
    const client = createPomeriumClient({ backend: createMemoryBackend({ clusterNamespaces: ['a', 'b'] }) });
    await expect(provisionHttpbin(client, { clusterDomain: 'x.example.com' })).rejects.toMatchObject({
      code: 'failed_precondition',
      message: expect.stringContaining('a, b'),
    });
    const result = await provisionHttpbin(client, { clusterDomain: 'x.example.com', clusterName: 'b' });
    expect(result.namespace.name).toBe('b');
  });

  it('creates a route for an existing policy as the Enterprise page does', async () => {
    const client = await seededMemoryClient('Global');
    const result = await createRouteForExistingPolicy(client);
    expect(result.namespace.name).toBe('Production');
    expect(result.policy.name).toBe('My Policy for the API walkthrough');
    expect(result.route).toMatchObject({
      name: 'my route',
      from: 'https://test.localhost.pomerium.io',
      to: ['https://verify.pomerium.com'],
      policyIds: [result.policy.id],
      passIdentityHeaders: true,
    });
  });

  it('reports a missing namespace or policy as not_found', async () => {
    const client = createPomeriumClient({ backend: createMemoryBackend() });
    await expect(createRouteForExistingPolicy(client)).rejects.toMatchObject({ code: 'not_found' });
    await client.namespaces.create({ name: 'Production' });
    await expect(createRouteForExistingPolicy(client)).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('my policy'),
    });
  });

  it('builds an inventory table of every namespace', async () => {
    const client = await seededMemoryClient('Global');
    await provisionHttpbin(client, { clusterDomain: 'trusted-dog-1049.pomerium.app' });
    const entries = await collectInventory(client);
    expect(entries.map((entry) => entry.path)).toEqual(['/', 'trusted-dog-1049', 'trusted-dog-1049/Production']);
    expect(entries[1]?.routes).toEqual([
      'HTTP Bin (https://httpbin.trusted-dog-1049.pomerium.app → http://httpbin:80)',
    ]);
    const table = formatInventory('memory', entries);
    expect(table).toContain('trusted-dog-1049/Production');
    expect(table).toContain('My Policy for the API walkthrough');
  });

  it('compares two backends by names: equal after the same scenarios, different otherwise', async () => {
    const left = await seededMemoryClient('personal');
    const right = await seededMemoryClient('Global');
    for (const client of [left, right]) {
      await provisionHttpbin(client, { clusterDomain: 'trusted-dog-1049.pomerium.app' });
      await createRouteForExistingPolicy(client);
    }
    const rows = compareSnapshots(await snapshotBackend(left), await snapshotBackend(right));
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.filter((row) => !row.equal)).toEqual([]);

    const route = await left.routes.findByName({ name: 'my route' });
    await left.routes.update(route!.id, { passIdentityHeaders: false });
    const changed = compareSnapshots(await snapshotBackend(left), await snapshotBackend(right));
    expect(changed.filter((row) => !row.equal)).toEqual([
      {
        key: 'route trusted-dog-1049/Production/my route › passIdentityHeaders',
        left: 'false',
        right: 'true',
        equal: false,
      },
    ]);
  });

  it('keeps scenarios free of backend-specific branches', async () => {
    const directory = join(import.meta.dirname, '../src/scenarios');
    for (const file of await readdir(directory)) {
      const source = await readFile(join(directory, file), 'utf8');
      expect(source, file).not.toMatch(/['"`](zero|enterprise)['"`]|\.backend\b|capabilities|adapter/i);
    }
  });
});

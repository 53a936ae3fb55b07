import { Secret } from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';
import { clientFor, rejection, startFake } from './support/fake-zero-fixture.js';

describe('Zero settings', () => {
  it('reads the cluster settings and updates only the named keys by JSON Patch', async () => {
    const fake = await startFake();
    const client = clientFor(fake, { cluster: 'production' });
    const [cluster] = fake.state.clusters.values();
    const clusterId = String(cluster?.json.id);
    const settings = await client.settings.get();
    expect(settings).toMatchObject({
      clusterId,
      cookieName: '_pomerium',
      dnsLookupFamily: 'V4_PREFERRED',
      autoApplyChangesets: true,
      passIdentityHeaders: false,
    });
    // Zero's "" codec reads as unset.
    expect(settings.codecType).toBeUndefined();

    const updated = await client.settings.update({
      passIdentityHeaders: true,
      identityProviderClientSecret: 'canary-idp-secret',
      blobStorage: { bucketUri: 's3://bucket', managedPrefix: 'recordings/' },
    });
    expect(updated.passIdentityHeaders).toBe(true);
    expect(updated.blobStorage).toEqual({ bucketUri: 's3://bucket', managedPrefix: 'recordings/' });
    const patch = fake.stats.log.findLast((record) => record.method === 'PATCH');
    expect(patch?.path).toBe(`/organizations/${cluster?.organizationId}/clusters/${clusterId}/settings`);
    expect(patch?.body).toHaveLength(3);
    expect(patch?.body).toEqual(
      expect.arrayContaining([
        { op: 'add', path: '/passIdentityHeaders', value: true },
        { op: 'add', path: '/identityProviderClientSecret', value: 'canary-idp-secret' },
        { op: 'add', path: '/blobStorage', value: { bucket_uri: 's3://bucket', managed_prefix: 'recordings/' } },
      ]),
    );
    // The fake masks secret settings: the model marks them masked.
    expect(Secret.isSecret(updated.identityProviderClientSecret)).toBe(true);
    expect(updated.identityProviderClientSecret?.masked).toBe(true);
    expect(JSON.stringify(updated)).not.toContain('canary-idp-secret');

    fake.state.resources.maskSecretSettings = false;
    const plain = await client.settings.get({ clusterId });
    expect(plain.identityProviderClientSecret?.reveal()).toBe('canary-idp-secret');
    expect(JSON.stringify(plain)).not.toContain('canary-idp-secret');

    const unset = await client.settings.update({ blobStorage: null, identityProviderClientSecret: null });
    expect(unset.blobStorage).toBeUndefined();
    expect(unset.identityProviderClientSecret).toBeUndefined();
  });

  it('writes the Zero-only settings from extensions.zero, the storage connection as a secret', async () => {
    const fake = await startFake();
    fake.state.resources.maskSecretSettings = false;
    const client = clientFor(fake, { cluster: 'production' });
    const updated = await client.settings.update({
      extensions: { zero: { databrokerStorageConnection: 'postgres://canary@db', mcpDynamicClientRegistration: true } },
    });
    expect(updated.extensions.zero?.mcpDynamicClientRegistration).toBe(true);
    const connection = updated.extensions.zero?.databrokerStorageConnection;
    expect(Secret.isSecret(connection) && connection.reveal()).toBe('postgres://canary@db');
    expect(JSON.stringify(updated)).not.toContain('canary@db');
    const patch = fake.stats.log.findLast((record) => record.method === 'PATCH');
    expect(patch?.body).toEqual([
      { op: 'add', path: '/databrokerStorageConnection', value: 'postgres://canary@db' },
      { op: 'add', path: '/mcpDynamicClientRegistration', value: true },
    ]);
    const unknown = await rejection(client.settings.update({ extensions: { zero: { somethingElse: 1 } } } as never));
    expect(unknown).toMatchObject({ code: 'invalid_argument', field: 'extensions.zero.somethingElse' });
  });

  it('refuses what Zero cannot take before any network call', async () => {
    const fake = await startFake();
    const client = clientFor(fake, { cluster: 'production' });
    await client.settings.get();
    fake.stats.reset();
    const required = await rejection(client.settings.update({ cookieName: null }));
    expect(required).toMatchObject({ code: 'invalid_argument', field: 'cookieName' });
    const family = await rejection(client.settings.update({ dnsLookupFamily: 'v4only' }));
    expect(family).toMatchObject({ code: 'invalid_argument', field: 'dnsLookupFamily' });
    const masked = await rejection(client.settings.update({ cookieSecret: Secret.masked() }));
    expect(masked).toMatchObject({ code: 'invalid_argument', field: 'cookieSecret' });
    expect(fake.stats.log.filter((record) => record.method !== 'GET')).toEqual([]);
  });

  it('fails with aborted when the settings changed since they were read', async () => {
    const fake = await startFake();
    const client = clientFor(fake, { cluster: 'production' });
    const read = await client.settings.get();
    fake.state.advanceTime(1000);
    await client.settings.update({ logLevel: 'debug' });
    const error = await rejection(
      client.settings.update({ logLevel: 'warn' }, { expectedUpdatedAt: read.updatedAt ?? '' }),
    );
    expect(error.code).toBe('aborted');
  });
});

describe('Zero clusters', () => {
  it('lists and gets clusters with their namespaces and Zero-only fields', async () => {
    const fake = await startFake();
    const client = clientFor(fake);
    const [cluster] = fake.state.clusters.values();
    const clusters = await client.clusters.list().toArray();
    expect(clusters).toHaveLength(1);
    const root = fake.state.rootNamespace(String(cluster?.organizationId));
    expect(clusters[0]).toMatchObject({
      id: cluster?.json.id,
      name: 'production',
      namespaceId: cluster?.json.namespaceId,
      parentNamespaceId: root?.json.id,
      extensions: { zero: { domain: cluster?.json.domain, flavor: 'hosted', hasFailingHealthChecks: false } },
    });
    expect(await client.clusters.get(String(cluster?.json.id))).toEqual(clusters[0]);
    expect(await client.clusters.findByName({ name: 'production' })).toMatchObject({ id: cluster?.json.id });
    expect((await rejection(client.clusters.get('missing'))).code).toBe('not_found');
  });
});

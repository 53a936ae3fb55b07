import { certificateFingerprint } from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';
import { clientFor, clusterNamespaceId, rejection, startFake } from './support/fake-zero-fixture.js';
import { certificateOne, certificateTwo, privateKeyOne, privateKeyTwo } from './support/test-key-pairs.js';

describe('Zero key pairs', () => {
  it('creates with a write-only key, maps the certificate info and lists by namespace', async () => {
    const fake = await startFake();
    const client = clientFor(fake, { cluster: 'production' });
    const namespaceId = clusterNamespaceId(fake);
    const created = await client.keyPairs.create({
      namespaceId,
      certificate: certificateOne,
      privateKey: privateKeyOne,
      name: 'client cert',
      originatorId: 'pomerium-unified',
    });
    expect(created).toMatchObject({
      namespaceId,
      name: 'client cert',
      origin: 'user',
      originatorId: 'pomerium-unified',
      hasPrivateKey: true,
      fingerprint: certificateFingerprint(certificateOne),
      extensions: { zero: { status: 'ready' } },
    });
    expect(created.certificateInfo).toHaveLength(1);
    expect(created.certificateInfo[0]?.subject.commonName).toBe('zero-one.example.com');
    expect(created.certificateInfo[0]?.dnsNames).toEqual(['zero-one.example.com']);
    expect(created.certificateInfo[0]?.extKeyUsage.clientAuth).toBe(true);

    // Wire format: the POST body is KeyPairWithKeyProperties, the key in `key`.
    const post = fake.stats.log.find((record) => record.method === 'POST' && record.path.endsWith('/keyPairs'));
    expect(post?.body).toEqual({
      namespaceId,
      certificate: certificateOne,
      key: privateKeyOne,
      name: 'client cert',
      originatorId: 'pomerium-unified',
    });
    // The key is never returned.
    expect(JSON.stringify(await client.keyPairs.get(created.id))).not.toContain('PRIVATE KEY');

    const listed = await client.keyPairs.list().toArray();
    expect(listed.map((keyPair) => keyPair.id)).toEqual([created.id]);
    const listRequest = fake.stats.log.findLast(
      (record) => record.route === 'GET /organizations/:organizationId/keyPairs',
    );
    expect(listRequest?.searchParams.get('namespaceId')).toBe(namespaceId);
    expect(listRequest?.searchParams.get('includeDescendants')).toBe('true');
    expect(
      await client.keyPairs.findByFingerprint({ fingerprint: certificateFingerprint(certificateOne) ?? '' }),
    ).toMatchObject({
      id: created.id,
    });
  });

  it('updates by JSON Patch only the named keys and deletes', async () => {
    const fake = await startFake();
    const client = clientFor(fake, { cluster: 'production' });
    const created = await client.keyPairs.create({
      namespaceId: clusterNamespaceId(fake),
      certificate: certificateOne,
      privateKey: privateKeyOne,
      name: 'first',
    });
    const renamed = await client.keyPairs.update(created.id, { name: 'renamed' });
    expect(renamed).toMatchObject({ name: 'renamed', fingerprint: created.fingerprint, hasPrivateKey: true });
    const patch = fake.stats.log.findLast((record) => record.method === 'PATCH');
    expect(patch?.contentType).toMatch(/^application\/json/);
    expect(patch?.body).toEqual([{ op: 'add', path: '/name', value: 'renamed' }]);

    const replaced = await client.keyPairs.update(created.id, {
      certificate: certificateTwo,
      privateKey: privateKeyTwo,
    });
    expect(replaced.fingerprint).toBe(certificateFingerprint(certificateTwo));
    expect(replaced.name).toBe('renamed');

    // A key that does not match is refused by the console with a field, never echoing the key.
    const mismatch = await rejection(client.keyPairs.update(created.id, { privateKey: privateKeyOne }));
    expect(mismatch.code).toBe('invalid_argument');

    await client.keyPairs.delete(created.id);
    expect((await rejection(client.keyPairs.get(created.id))).code).toBe('not_found');
    expect((await rejection(client.keyPairs.delete(created.id))).code).toBe('not_found');
  });

  it('refuses writes to system key pairs before sending anything', async () => {
    const fake = await startFake();
    const client = clientFor(fake, { cluster: 'production' });
    const [cluster] = fake.state.clusters.values();
    const system = fake.state.resources.addSystemKeyPair({
      organizationId: String(cluster?.organizationId),
      namespaceId: clusterNamespaceId(fake),
      certificate: certificateTwo,
      name: 'managed',
    });
    const read = await client.keyPairs.get(system.id);
    expect(read).toMatchObject({ origin: 'system', hasPrivateKey: true, name: 'managed' });
    fake.stats.reset();
    const update = await rejection(client.keyPairs.update(system.id, { name: 'mine' }));
    expect(update.code).toBe('failed_precondition');
    expect(update.message).toMatch(/origin: system/);
    const remove = await rejection(client.keyPairs.delete(system.id));
    expect(remove.code).toBe('failed_precondition');
    expect(fake.stats.log.filter((record) => record.method !== 'GET')).toEqual([]);
  });

  it('fails with aborted when the key pair changed since it was read', async () => {
    const fake = await startFake();
    const client = clientFor(fake, { cluster: 'production' });
    const created = await client.keyPairs.create({
      namespaceId: clusterNamespaceId(fake),
      certificate: certificateOne,
    });
    fake.state.advanceTime(1000);
    await client.keyPairs.update(created.id, { name: 'other edit' });
    const error = await rejection(
      client.keyPairs.update(created.id, { name: 'mine' }, { expectedUpdatedAt: created.updatedAt ?? '' }),
    );
    expect(error.code).toBe('aborted');
  });
});

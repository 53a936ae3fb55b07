import { certificateFingerprint, Secret } from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';
import { createKeyPairFixture, pemBody } from './conformance-certificates.js';
import { expectCode } from './conformance-helpers.js';
import type { ConformanceSuite } from './conformance-suite.js';
import { trackResources } from './conformance-tracking.js';

/** Registers the conformance tests of key pairs (gated on `capabilities.keyPairs`). */
export function registerKeyPairConformance(suite: ConformanceSuite): void {
  describe('key pairs', () => {
    const track = trackResources(suite);
    const skipUnlessKeyPairs = (test: { skip: (note: string) => void }) => {
      if (!suite.capabilities().keyPairs) {
        test.skip('the backend does not declare keyPairs');
        return true;
      }
      return false;
    };

    it('creates a key pair, reads it back with its fingerprint and never returns the private key', async (test) => {
      if (skipUnlessKeyPairs(test)) return;
      const { client, namespaceId, uniqueName } = suite.context();
      const fixture = await createKeyPairFixture(`${uniqueName('kp')}.example.com`);
      const created = await client.keyPairs.create({
        namespaceId,
        name: uniqueName('key-pair'),
        certificate: fixture.certificate,
        privateKey: Secret.of(fixture.privateKey),
      });
      track.keyPair(created.id);
      const fingerprint = certificateFingerprint(fixture.certificate);
      expect(created).toMatchObject({ namespaceId, name: uniqueName('key-pair'), fingerprint, hasPrivateKey: true });
      expect(created.origin).toBe('user');
      const read = await client.keyPairs.get(created.id);
      expect(read).toMatchObject({ id: created.id, fingerprint, hasPrivateKey: true });
      expect(certificateFingerprint(read.certificate)).toBe(fingerprint);
      expect(read.certificateInfo.length).toBeGreaterThan(0);
      expect(JSON.stringify([created, read])).not.toContain(pemBody(fixture.privateKey));
    });

    it('lists key pairs of a namespace and finds one by fingerprint', async (test) => {
      if (skipUnlessKeyPairs(test)) return;
      const { client, smallPageClient, namespaceId, uniqueName } = suite.context();
      const ids: string[] = [];
      for (const label of ['one', 'two', 'three']) {
        const fixture = await createKeyPairFixture(`${uniqueName(label)}.example.com`);
        const created = await client.keyPairs.create({
          namespaceId,
          name: uniqueName(label),
          certificate: fixture.certificate,
        });
        track.keyPair(created.id);
        expect(created.hasPrivateKey).toBe(false);
        ids.push(created.id);
      }
      const listed = await smallPageClient.keyPairs.list({ namespaceId }).toArray();
      expect(listed.map((keyPair) => keyPair.id).sort()).toEqual([...ids].sort());
      const second = await client.keyPairs.get(ids[1] as string);
      const found = await client.keyPairs.findByFingerprint({
        fingerprint: second.fingerprint as string,
        namespaceId,
      });
      expect(found?.id).toBe(second.id);
    });

    it('updates only what the patch names, and replaces the certificate with its key', async (test) => {
      if (skipUnlessKeyPairs(test)) return;
      const { client, namespaceId, uniqueName } = suite.context();
      const first = await createKeyPairFixture(`${uniqueName('first')}.example.com`);
      const second = await createKeyPairFixture(`${uniqueName('second')}.example.com`);
      const created = await client.keyPairs.create({
        namespaceId,
        name: uniqueName('before'),
        certificate: first.certificate,
        privateKey: first.privateKey,
      });
      track.keyPair(created.id);
      const renamed = await client.keyPairs.update(created.id, { name: uniqueName('after') });
      expect(renamed).toMatchObject({
        name: uniqueName('after'),
        fingerprint: created.fingerprint,
        hasPrivateKey: true,
      });
      const replaced = await client.keyPairs.update(created.id, {
        certificate: second.certificate,
        privateKey: second.privateKey,
      });
      expect(replaced).toMatchObject({
        name: uniqueName('after'),
        fingerprint: certificateFingerprint(second.certificate),
        hasPrivateKey: true,
      });
    });

    it('deletes a key pair; reading it then gives not_found', async (test) => {
      if (skipUnlessKeyPairs(test)) return;
      const { client, namespaceId, uniqueName } = suite.context();
      const fixture = await createKeyPairFixture(`${uniqueName('gone')}.example.com`);
      const created = await client.keyPairs.create({ namespaceId, certificate: fixture.certificate });
      track.keyPair(created.id);
      await client.keyPairs.delete(created.id);
      await expectCode(client.keyPairs.get(created.id), 'not_found');
      await expectCode(client.keyPairs.delete(created.id), 'not_found');
    });

    it('refuses a bad certificate and a key of another certificate before any call', async (test) => {
      if (skipUnlessKeyPairs(test)) return;
      const { client, namespaceId, uniqueName, calls } = suite.context();
      const first = await createKeyPairFixture(`${uniqueName('a')}.example.com`);
      const second = await createKeyPairFixture(`${uniqueName('b')}.example.com`);
      const before = calls.count;
      const bad = await expectCode(
        client.keyPairs.create({ namespaceId, certificate: 'not a pem' }),
        'invalid_argument',
      );
      expect(bad.field).toBe('certificate');
      const mismatch = await expectCode(
        client.keyPairs.create({ namespaceId, certificate: first.certificate, privateKey: second.privateKey }),
        'invalid_argument',
      );
      expect(mismatch.field).toBe('privateKey');
      expect(mismatch.message).not.toContain(pemBody(second.privateKey));
      await expectCode(client.keyPairs.findByFingerprint({ fingerprint: 'abc' }), 'invalid_argument');
      expect(calls.count).toBe(before);
    });

    it('keeps system-made key pairs read-only', async (test) => {
      if (skipUnlessKeyPairs(test)) return;
      const { client } = suite.context();
      const system = (await client.keyPairs.list().toArray()).find((keyPair) => keyPair.origin === 'system');
      if (system === undefined) return test.skip('the backend holds no system key pair');
      await expectCode(client.keyPairs.update(system.id, { name: 'renamed by conformance' }), 'failed_precondition');
      await expectCode(client.keyPairs.delete(system.id), 'failed_precondition');
      expect((await client.keyPairs.get(system.id)).name).toBe(system.name);
    });

    it('answers unimplemented, with advice, when the backend has no key pairs', async (test) => {
      if (suite.capabilities().keyPairs) return test.skip('the backend declares keyPairs');
      const error = await expectCode(suite.context().client.keyPairs.get('some-key-pair'), 'unimplemented');
      expect(error.message).toContain('key pairs');
    });
  });
}

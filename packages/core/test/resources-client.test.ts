import { inspect } from 'node:util';
import {
  bareServiceAccountUserId,
  certificateFingerprint,
  createMemoryBackend,
  createPomeriumClient,
  normalizeFingerprint,
  type PomeriumBackend,
  PomeriumError,
  Secret,
} from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';
import { firstCertificate, firstPrivateKey, secondCertificate, secondPrivateKey } from './support/test-certificates.js';

async function failure(promise: Promise<unknown>): Promise<PomeriumError> {
  const reason = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(PomeriumError.isInstance(reason), `expected a PomeriumError, got ${String(reason)}`).toBe(true);
  return reason as PomeriumError;
}

function memoryClient(options: Parameters<typeof createMemoryBackend>[0] = {}) {
  const client = createPomeriumClient({ backend: createMemoryBackend(options) });
  return client;
}

async function rootNamespaceId(client: ReturnType<typeof memoryClient>): Promise<string> {
  const all = await client.namespaces.list().toArray();
  const root = all.find((namespace) => namespace.kind === 'root');
  if (!root) throw new Error('no root namespace');
  return root.id;
}

describe('Secret', () => {
  it('shows a marker in every rendering and the value only through reveal()', () => {
    const value = 'canary-secret-value-123456';
    const secret = Secret.of(value);
    const views = [
      String(secret),
      `${secret}`,
      JSON.stringify({ secret }),
      inspect(secret),
      inspect({ nested: { secret } }, { depth: 5, showHidden: true }),
      JSON.stringify({ ...secret }),
      JSON.stringify(structuredClone({ secret })),
    ];
    for (const view of views) expect(view).not.toContain(value);
    expect(secret.reveal()).toBe(value);
    expect(Secret.isSecret(secret)).toBe(true);
    expect(Secret.isSecret({ ...secret })).toBe(false);
    expect(secret.equals(value)).toBe(true);
    expect(secret.masked).toBe(false);
  });

  it('registers the value: errors mentioning it are redacted', () => {
    const value = 'canary-registered-secret-789';
    Secret.of(value);
    const error = new PomeriumError(`server echoed ${value}`, { code: 'internal' });
    expect(error.message).not.toContain(value);
    expect(inspect(error)).not.toContain(value);
  });

  it('a masked secret is set but unknown: reveal() fails with failed_precondition', () => {
    const masked = Secret.masked();
    expect(masked.masked).toBe(true);
    expect(String(masked)).toBe('[MASKED]');
    expect(() => masked.reveal()).toThrow(PomeriumError);
  });
});

describe('helpers', () => {
  it('fingerprints the DER of the first certificate', () => {
    const fingerprint = certificateFingerprint(firstCertificate);
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(certificateFingerprint(`${firstCertificate}${secondCertificate}`)).toBe(fingerprint);
    expect(certificateFingerprint(secondCertificate)).not.toBe(fingerprint);
    expect(certificateFingerprint('not a certificate')).toBeUndefined();
    const colons = (fingerprint as string).toUpperCase().match(/../g)?.join(':') ?? '';
    expect(normalizeFingerprint(colons)).toBe(fingerprint);
  });

  it('strips the Enterprise namespace suffix of a service account user id', () => {
    expect(bareServiceAccountUserId('ci@ns-1.pomerium')).toBe('ci');
    expect(bareServiceAccountUserId('ci@ns-1.pomerium', 'ns-1')).toBe('ci');
    expect(bareServiceAccountUserId('ci@ns-1.pomerium', 'ns-2')).toBe('ci@ns-1.pomerium');
    expect(bareServiceAccountUserId('ci')).toBe('ci');
    expect(bareServiceAccountUserId('someone@example.com')).toBe('someone@example.com');
  });
});

describe('client.keyPairs on memory', () => {
  it('creates, reads, lists, finds by fingerprint, updates and deletes; the private key never comes back', async () => {
    const client = memoryClient();
    const namespaceId = await rootNamespaceId(client);
    const created = await client.keyPairs.create({
      namespaceId,
      name: 'client cert',
      certificate: firstCertificate,
      privateKey: firstPrivateKey,
    });
    expect(created.fingerprint).toBe(certificateFingerprint(firstCertificate));
    expect(created.hasPrivateKey).toBe(true);
    expect(created.origin).toBe('user');
    expect(created.certificateInfo[0]?.subject.commonName).toBe('keypair-one.example.com');
    expect(created.certificateInfo[0]?.extKeyUsage.clientAuth).toBe(true);
    expect(JSON.stringify(created)).not.toContain('PRIVATE KEY');
    const found = await client.keyPairs.findByFingerprint({ fingerprint: created.fingerprint as string });
    expect(found?.id).toBe(created.id);
    const updated = await client.keyPairs.update(created.id, {
      certificate: secondCertificate,
      privateKey: Secret.of(secondPrivateKey),
    });
    expect(updated.fingerprint).toBe(certificateFingerprint(secondCertificate));
    expect(updated.name).toBe('client cert');
    await client.keyPairs.delete(created.id);
    expect((await failure(client.keyPairs.get(created.id))).code).toBe('not_found');
  });

  it('refuses a bad certificate, a bad key and a key of another certificate, naming the field and never the key', async () => {
    const client = memoryClient();
    const namespaceId = await rootNamespaceId(client);
    const bad = await failure(client.keyPairs.create({ namespaceId, certificate: 'nope' }));
    expect(bad.code).toBe('invalid_argument');
    expect(bad.field).toBe('certificate');
    const badKey = await failure(
      client.keyPairs.create({ namespaceId, certificate: firstCertificate, privateKey: 'not-a-key-canary-1234' }),
    );
    expect(badKey.field).toBe('privateKey');
    expect(inspect(badKey, { depth: 10 })).not.toContain('not-a-key-canary-1234');
    const mismatch = await failure(
      client.keyPairs.create({ namespaceId, certificate: firstCertificate, privateKey: secondPrivateKey }),
    );
    expect(mismatch.field).toBe('privateKey');
    expect(`${mismatch.message}${inspect(mismatch, { depth: 10 })}`).not.toContain(secondPrivateKey.slice(40, 80));
  });

  it('keeps system key pairs read-only', async () => {
    const client = memoryClient({ systemKeyPairs: [{ certificate: firstCertificate, name: 'managed' }] });
    const [system] = await client.keyPairs.list().toArray();
    expect(system?.origin).toBe('system');
    expect((await failure(client.keyPairs.update(system?.id as string, { name: 'x' }))).code).toBe(
      'failed_precondition',
    );
    expect((await failure(client.keyPairs.delete(system?.id as string))).code).toBe('failed_precondition');
  });
});

describe('client.serviceAccounts on memory', () => {
  it('returns the token only from create and getToken, as a Secret', async () => {
    const client = memoryClient();
    const { serviceAccount, token } = await client.serviceAccounts.create({ userId: 'ci-bot', description: 'CI' });
    expect(Secret.isSecret(token)).toBe(true);
    expect(JSON.stringify(serviceAccount)).not.toContain(token?.reveal() as string);
    expect(inspect({ serviceAccount, token })).not.toContain(token?.reveal() as string);
    expect((await client.serviceAccounts.getToken(serviceAccount.id)).equals(token as Secret)).toBe(true);
    const found = await client.serviceAccounts.findByUserId({ userId: 'ci-bot' });
    expect(found?.id).toBe(serviceAccount.id);
    const updated = await client.serviceAccounts.update(serviceAccount.id, {
      description: 'changed',
      expiresAt: '2030-01-01T00:00:00Z',
    });
    expect(updated.serviceAccount.description).toBe('changed');
    expect(updated.serviceAccount.expiresAt).toBe('2030-01-01T00:00:00Z');
    const cleared = await client.serviceAccounts.update(serviceAccount.id, { expiresAt: null });
    expect(cleared.serviceAccount.expiresAt).toBeUndefined();
    await client.serviceAccounts.delete(serviceAccount.id);
    expect((await failure(client.serviceAccounts.get(serviceAccount.id))).code).toBe('not_found');
  });

  it('validates input before any call', async () => {
    const client = memoryClient();
    const error = await failure(client.serviceAccounts.create({ userId: '' }));
    expect(error.code).toBe('invalid_argument');
    expect(error.field).toBe('userId');
    const expiry = await failure(client.serviceAccounts.create({ userId: 'x', expiresAt: 'tomorrow' }));
    expect(expiry.field).toBe('expiresAt');
  });
});

describe('client.settings and client.clusters on memory', () => {
  it('lists clusters, finds one by name, and reads and patches its settings with secrets as Secrets', async () => {
    const client = memoryClient({ clusterNamespaces: ['alpha', 'beta'] });
    const clusters = await client.clusters.list().toArray();
    expect(clusters.map((cluster) => cluster.name)).toEqual(['alpha', 'beta']);
    const beta = await client.clusters.findByName({ name: 'beta' });
    expect(beta?.id).toBe(clusters[1]?.id);
    const before = await client.settings.get({ clusterId: beta?.id as string });
    const updated = await client.settings.update(
      { passIdentityHeaders: true, cookieSecret: 'canary-cookie-secret-123', timeoutRead: '30s' },
      { clusterId: beta?.id as string, expectedUpdatedAt: before.updatedAt as string },
    );
    expect(updated.passIdentityHeaders).toBe(true);
    expect(Secret.isSecret(updated.cookieSecret)).toBe(true);
    expect(updated.cookieSecret?.reveal()).toBe('canary-cookie-secret-123');
    expect(JSON.stringify(updated)).not.toContain('canary-cookie-secret-123');
    const alpha = await client.settings.get();
    expect(alpha.passIdentityHeaders).toBeUndefined();
    const stale = await failure(
      client.settings.update(
        { passIdentityHeaders: false },
        { clusterId: beta?.id as string, expectedUpdatedAt: before.updatedAt as string },
      ),
    );
    expect(stale.code).toBe('aborted');
    const unset = await client.settings.update({ passIdentityHeaders: null }, { clusterId: beta?.id as string });
    expect(unset.passIdentityHeaders).toBeUndefined();
    expect(unset.cookieSecret?.reveal()).toBe('canary-cookie-secret-123');
  });

  it('marks secrets a console returns masked', async () => {
    const client = memoryClient({ maskSecretSettings: true });
    const updated = await client.settings.update({ identityProviderClientSecret: 'canary-idp-secret-456' });
    expect(updated.identityProviderClientSecret?.masked).toBe(true);
    const refused = await failure(client.settings.update({ identityProviderClientSecret: Secret.masked() }));
    expect(refused.field).toBe('identityProviderClientSecret');
  });
});

describe('a backend without the new members', () => {
  it('answers unimplemented with advice', async () => {
    const memory = createMemoryBackend();
    const { keyPairs: _k, serviceAccounts: _s, settings: _t, clusters: _c, ...rest } = memory;
    const backend: PomeriumBackend = { ...rest, name: 'third-party' };
    const client = createPomeriumClient({ backend });
    const error = await failure(client.keyPairs.get('some-id'));
    expect(error.code).toBe('unimplemented');
    expect(error.message).toContain('key pairs');
    expect(error.message).toContain('capabilities');
    expect((await failure(client.settings.get())).code).toBe('unimplemented');
    expect((await failure(client.clusters.list().toArray())).code).toBe('unimplemented');
    expect((await failure(client.serviceAccounts.create({ userId: 'x' }))).code).toBe('unimplemented');
  });
});

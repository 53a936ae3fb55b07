import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import {
  certificateFingerprint,
  createMemoryBackend,
  createPomeriumClient,
  type KeyPair,
  type PomeriumClient,
} from '@pomerium-unified/core';
import { createKeyPairFixture, type KeyPairFixture, pemBody } from '@pomerium-unified/testkit/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffDeployments, exportConfig, migrate, planSync, readKeyPairKeys, resolveKeyPairKeys } from '../src/index.js';
import { type Consoles, clusterName, startConsoles } from './fake-consoles.js';

let consoles: Consoles;
let keyDir: string;
let client: KeyPairFixture;
let ca: KeyPairFixture;
let clientPair: KeyPair;
let caPair: KeyPair;

const migration = { namespaces: ['Certs'], namespaceMap: { Certs: clusterName } };

/** On Enterprise: a client certificate (with its key) and a custom CA (certificate only), and two routes using them. */
async function seedEnterprise(enterprise: PomeriumClient): Promise<void> {
  const namespace = await enterprise.namespaces.create({ name: 'Certs' });
  client = await createKeyPairFixture('client.certs.example.com');
  ca = await createKeyPairFixture('ca.certs.example.com');
  clientPair = await enterprise.keyPairs.create({
    namespaceId: namespace.id,
    name: 'upstream client',
    certificate: client.certificate,
    privateKey: client.privateKey,
  });
  caPair = await enterprise.keyPairs.create({ namespaceId: namespace.id, certificate: ca.certificate });
  await enterprise.routes.create({
    namespaceId: namespace.id,
    name: 'mtls-upstream',
    from: 'https://mtls.certs.example.com',
    to: ['https://backend.internal:8443'],
    tlsClientKeyPairId: clientPair.id,
    tlsCustomCaKeyPairId: caPair.id,
  });
  await enterprise.routes.create({
    namespaceId: namespace.id,
    name: 'ca-only',
    from: 'https://ca.certs.example.com',
    to: ['https://other.internal:8443'],
    tlsCustomCaKeyPairId: caPair.id,
  });
}

beforeAll(async () => {
  consoles = await startConsoles();
  await seedEnterprise(consoles.enterprise);
  keyDir = await mkdtemp(join(tmpdir(), 'pu-keys-'));
  // The user's key file, not named after any fingerprint, beside files that hold no key.
  await writeFile(join(keyDir, 'upstream-client.key'), client.privateKey, { mode: 0o600 });
  await writeFile(join(keyDir, 'upstream-client.crt'), client.certificate);
  await writeFile(join(keyDir, 'notes.txt'), 'not a key');
}, 60_000);

afterAll(async () => {
  await consoles?.close();
  if (keyDir) await rm(keyDir, { recursive: true, force: true });
});

describe('key pairs in the config document', () => {
  it('exports certificates by fingerprint, never private keys, and routes refer to them by fingerprint', async () => {
    const config = await exportConfig(consoles.enterprise, { namespaces: ['Certs'], includeSecrets: true });
    const clientFingerprint = certificateFingerprint(client.certificate)!;
    const caFingerprint = certificateFingerprint(ca.certificate)!;
    expect(config.keyPairs).toEqual([
      { fingerprint: caFingerprint, namespace: 'Certs', certificate: ca.certificate },
      { fingerprint: clientFingerprint, namespace: 'Certs', name: 'upstream client', certificate: client.certificate },
    ]);
    const route = config.routes.find((entry) => entry.name === 'mtls-upstream')!;
    expect(route).toMatchObject({ tlsClientKeyPair: clientFingerprint, tlsCustomCaKeyPair: caFingerprint });
    expect(route).not.toHaveProperty('tlsClientKeyPairId');
    expect(route).not.toHaveProperty('tlsCustomCaKeyPairId');
    expect(JSON.stringify(config)).not.toContain(pemBody(client.privateKey));
  });
});

describe('Enterprise → Zero: routes with a client certificate and a custom CA', () => {
  it('refuses a client certificate without its private key, naming the route and the field', async () => {
    const { plan } = await migrate({
      from: consoles.enterprise,
      to: consoles.zero,
      ...migration,
      dryRun: true,
      allowLossy: true,
    });
    const errors = plan.fidelity
      .filter((issue) => issue.severity === 'error')
      .map((issue) => `${issue.rule} ${issue.kind} ${issue.key} ${issue.field}`);
    expect(errors).toEqual([`key-pair-key-missing route ${clusterName}/mtls-upstream tlsClientKeyPair`]);
    // The route keeps its CA; its client certificate is dropped from what would be written, never pointed at nothing.
    const route = plan.changes.find((change) => change.key === `${clusterName}/mtls-upstream`)!;
    expect(route.desired).not.toHaveProperty('tlsClientKeyPair');
    expect(route.desired).toHaveProperty('tlsCustomCaKeyPair');
    expect(plan.fidelity.map((issue) => issue.rule)).toContain('key-pair-key-not-supplied');
    expect(await consoles.zero.keyPairs.list().toArray()).toEqual([]);
  });

  it('migrates both key pairs with the private key from a user file, and the routes point at them', async () => {
    const files = await readKeyPairKeys(keyDir);
    expect(files.keys).toHaveLength(1);
    expect(files.skipped.map((skipped) => skipped.file)).toEqual(['notes.txt', 'upstream-client.crt']);
    const { plan, result } = await migrate({
      from: consoles.enterprise,
      to: consoles.zero,
      ...migration,
      keyPairKeys: files.keys,
    });
    expect(plan.fidelity.filter((issue) => issue.severity === 'error')).toEqual([]);
    expect(result.failed).toEqual([]);
    expect(result.created).toBe(4); // two key pairs, two routes
    const created = plan.changes.filter((change) => change.kind === 'keyPair');
    expect(created.map((change) => [change.action, change.withPrivateKey === true])).toEqual(
      expect.arrayContaining([
        ['create', true],
        ['create', false],
      ]),
    );
    // Neither the plan nor the result nor their inspection holds the key.
    for (const text of [JSON.stringify(plan), JSON.stringify(result), inspect(files, { depth: 5 })]) {
      expect(text).not.toContain(pemBody(client.privateKey));
    }

    const zeroPairs = await consoles.zero.keyPairs.list().toArray();
    const byFingerprint = new Map(zeroPairs.map((keyPair) => [keyPair.fingerprint, keyPair]));
    const zeroClient = byFingerprint.get(clientPair.fingerprint)!;
    const zeroCa = byFingerprint.get(caPair.fingerprint)!;
    expect(zeroClient).toMatchObject({ name: 'upstream client', hasPrivateKey: true });
    expect(zeroCa).toMatchObject({ hasPrivateKey: false });
    expect(result.idMap[clientPair.id]).toBe(zeroClient.id);
    expect(result.idMap[caPair.id]).toBe(zeroCa.id);

    const routes = await consoles.zero.routes.list().toArray();
    const mtls = routes.find((route) => route.name === 'mtls-upstream')!;
    const caOnly = routes.find((route) => route.name === 'ca-only')!;
    expect(mtls).toMatchObject({ tlsClientKeyPairId: zeroClient.id, tlsCustomCaKeyPairId: zeroCa.id });
    expect(caOnly).toMatchObject({ tlsCustomCaKeyPairId: zeroCa.id });
    expect(caOnly.tlsClientKeyPairId).toBeUndefined();
    const diff = await diffDeployments(consoles.enterprise, consoles.zero, migration);
    expect(diff.differences).toEqual([]);
  });

  it('plans nothing on a re-run, with or without the key files', async () => {
    const again = await migrate({
      from: consoles.enterprise,
      to: consoles.zero,
      ...migration,
      keyPairKeys: (await readKeyPairKeys(keyDir)).keys,
      dryRun: true,
    });
    expect(again.plan.changes).toEqual([]);
    expect(again.plan.fidelity.filter((issue) => issue.severity === 'error')).toEqual([]);
    const withoutKeys = await planSync({
      desired: await exportConfig(consoles.enterprise, { namespaces: ['Certs'], includeSecrets: true }),
      target: consoles.zero,
      namespaceMap: migration.namespaceMap,
    });
    expect(withoutKeys.changes).toEqual([]);
    expect(withoutKeys.summary.unchanged).toBeGreaterThanOrEqual(4);
  });

  it('re-points a route at another key pair by fingerprint on update', async () => {
    const config = await exportConfig(consoles.enterprise, { namespaces: ['Certs'], includeSecrets: true });
    const caOnly = config.routes.find((route) => route.name === 'ca-only')!;
    caOnly.tlsCustomCaKeyPair = clientPair.fingerprint!;
    const plan = await planSync({ desired: config, target: consoles.zero, namespaceMap: migration.namespaceMap });
    const update = plan.changes.find((change) => change.key === `${clusterName}/ca-only`)!;
    expect(update.diff).toEqual([
      { field: 'tlsCustomCaKeyPair', before: caPair.fingerprint, after: clientPair.fingerprint },
    ]);
    const unknown = structuredClone(config);
    unknown.routes.find((route) => route.name === 'ca-only')!.tlsCustomCaKeyPair = 'ab'.repeat(32);
    const refused = await planSync({ desired: unknown, target: consoles.zero, namespaceMap: migration.namespaceMap });
    expect(refused.fidelity.map((issue) => `${issue.rule} ${issue.key} ${issue.field}`)).toContain(
      `key-pair-not-found ${clusterName}/ca-only tlsCustomCaKeyPair`,
    );
  });
});

describe('the user key list', () => {
  it('refuses a key that does not belong to the named certificate, without showing it', async () => {
    const certificates = new Map([[clientPair.fingerprint!, client.certificate]]);
    let caught: unknown;
    try {
      resolveKeyPairKeys({ [clientPair.fingerprint!]: ca.privateKey }, certificates);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'invalid_argument', field: `keyPairKeys.${clientPair.fingerprint}` });
    expect(inspect(caught, { depth: 5 })).not.toContain(pemBody(ca.privateKey));
    expect(resolveKeyPairKeys([ca.privateKey, client.privateKey], certificates)).toMatchObject({ unmatched: 1 });
  });
});

describe('system key pairs and documents', () => {
  it('never exports a system key pair; a route using one is an error naming the route and field', async () => {
    const managed = await createKeyPairFixture('managed.example.com');
    const source = createPomeriumClient({
      backend: createMemoryBackend({ systemKeyPairs: [{ certificate: managed.certificate, name: 'managed' }] }),
    });
    const [system] = await source.keyPairs.list().toArray();
    expect(system?.origin).toBe('system');
    const namespace = await source.namespaces.create({ name: 'apps' });
    await source.routes.create({
      namespaceId: namespace.id,
      name: 'downstream-mtls',
      from: 'https://mtls.example.com',
      to: ['http://app'],
      tlsDownstreamClientCaKeyPairId: system!.id,
    });
    const config = await exportConfig(source);
    expect(config.keyPairs).toBeUndefined();
    expect(config.routes[0]).toMatchObject({ tlsDownstreamClientCaKeyPair: system!.fingerprint });
    const target = createPomeriumClient({ backend: createMemoryBackend() });
    const { plan } = await migrate({ from: source, to: target, dryRun: true, allowLossy: true });
    expect(plan.fidelity.map((issue) => `${issue.severity} ${issue.rule} ${issue.key} ${issue.field}`)).toEqual([
      'error key-pair-system apps/downstream-mtls tlsDownstreamClientCaKeyPair',
    ]);
    const route = plan.changes.find((change) => change.kind === 'route')!;
    expect(route.desired).not.toHaveProperty('tlsDownstreamClientCaKeyPair');
  });

  it('refuses a document whose fingerprint is not that of its certificate, naming the field', async () => {
    const fixture = await createKeyPairFixture('wrong.example.com');
    const target = createPomeriumClient({ backend: createMemoryBackend() });
    const desired = {
      apiVersion: 'pomerium-unified/v1' as const,
      kind: 'PomeriumConfig' as const,
      namespaces: [],
      policies: [],
      routes: [],
      keyPairs: [{ fingerprint: 'cd'.repeat(32), namespace: '/', certificate: fixture.certificate }],
    };
    await expect(planSync({ desired, target })).rejects.toMatchObject({
      code: 'invalid_argument',
      field: 'desired.keyPairs[0].fingerprint',
    });
  });
});

describe('private keys supplied later', () => {
  it('adds the key to a target key pair that lacks it, then plans nothing', async () => {
    const fixture = await createKeyPairFixture('later.example.com');
    const source = createPomeriumClient({ backend: createMemoryBackend() });
    const target = createPomeriumClient({ backend: createMemoryBackend() });
    const root = (await source.namespaces.list().toArray())[0]!;
    const sourcePair = await source.keyPairs.create({
      namespaceId: root.id,
      certificate: fixture.certificate,
      privateKey: fixture.privateKey,
      name: 'later',
    });
    await source.routes.create({
      namespaceId: root.id,
      name: 'client-cert',
      from: 'https://later.example.com',
      to: ['https://upstream.internal'],
      tlsClientKeyPairId: sourcePair.id,
    });
    const targetRoot = (await target.namespaces.list().toArray())[0]!;
    const keyless = await target.keyPairs.create({
      namespaceId: targetRoot.id,
      certificate: fixture.certificate,
      name: 'renamed',
    });
    const { plan, result } = await migrate({ from: source, to: target, keyPairKeys: [fixture.privateKey] });
    const update = plan.changes.find((change) => change.kind === 'keyPair')!;
    expect(update).toMatchObject({ action: 'update', id: keyless.id });
    expect(update.diff).toEqual([
      { field: 'name', before: 'renamed', after: 'later' },
      { field: 'privateKey', after: '<secret omitted>' },
    ]);
    expect(result.failed).toEqual([]);
    expect(await target.keyPairs.get(keyless.id)).toMatchObject({ hasPrivateKey: true, name: 'later' });
    const [route] = await target.routes.list().toArray();
    expect(route?.tlsClientKeyPairId).toBe(keyless.id);
    const again = await migrate({ from: source, to: target, dryRun: true });
    expect(again.plan.changes).toEqual([]);
  });

  it('reads a key file that also holds its certificate, and skips an encrypted key', async () => {
    const fixture = await createKeyPairFixture('bundle.example.com');
    const dir = await mkdtemp(join(tmpdir(), 'pu-keys-'));
    try {
      await writeFile(join(dir, 'bundle.pem'), `${fixture.certificate}\n${fixture.privateKey}`);
      const encrypted = generateKeyPairSync('ec', {
        namedCurve: 'P-256',
        privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret-pass' },
        publicKeyEncoding: { type: 'spki', format: 'pem' },
      });
      await writeFile(join(dir, 'locked.key'), encrypted.privateKey);
      const files = await readKeyPairKeys(dir);
      expect(files.skipped).toEqual([{ file: 'locked.key', reason: 'the private key is encrypted or does not parse' }]);
      const fingerprint = certificateFingerprint(fixture.certificate)!;
      const resolved = resolveKeyPairKeys(files.keys, new Map([[fingerprint, fixture.certificate]]));
      expect([...resolved.keys.keys()]).toEqual([fingerprint]);
      expect(`${resolved.keys.get(fingerprint)}`).toBe('[REDACTED]');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('key pairs outside the mapped namespaces', () => {
  it('moves a used one into the namespace of its route and leaves an unused one out, with warnings', async () => {
    const [used, unused] = await Promise.all([
      createKeyPairFixture('used.example.com'),
      createKeyPairFixture('unused.example.com'),
    ]);
    const source = createPomeriumClient({ backend: createMemoryBackend() });
    const root = (await source.namespaces.list().toArray())[0]!;
    const apps = await source.namespaces.create({ name: 'A' });
    const usedPair = await source.keyPairs.create({ namespaceId: root.id, certificate: used.certificate });
    const unusedPair = await source.keyPairs.create({ namespaceId: root.id, certificate: unused.certificate });
    await source.routes.create({
      namespaceId: apps.id,
      name: 'r',
      from: 'https://r.example.com',
      to: ['https://upstream.internal'],
      tlsCustomCaKeyPairId: usedPair.id,
    });
    const target = createPomeriumClient({ backend: createMemoryBackend() });
    const { plan, result } = await migrate({ from: source, to: target, namespaceMap: { A: 'X' } });
    const found = plan.fidelity.map((issue) => `${issue.severity} ${issue.rule} ${issue.key}`);
    expect(found.sort()).toEqual([
      `warning key-pair-namespace-moved ${usedPair.fingerprint}`,
      `warning key-pair-out-of-scope ${unusedPair.fingerprint}`,
    ]);
    expect(result.failed).toEqual([]);
    const [moved, ...others] = await target.keyPairs.list().toArray();
    expect(others).toEqual([]);
    const paths = new Map(
      (await target.namespaces.list().toArray()).map((namespace) => [namespace.id, namespace.name]),
    );
    expect(moved).toMatchObject({ fingerprint: usedPair.fingerprint });
    expect(paths.get(moved!.namespaceId)).toBe('X');
    expect((await target.routes.list().toArray())[0]?.tlsCustomCaKeyPairId).toBe(moved!.id);
  });
});

describe('documents written before key pairs were synced', () => {
  it('keep their key-pair ids on the same backend: nothing to change, nothing reported', async () => {
    const fixture = await createKeyPairFixture('old.example.com');
    const client = createPomeriumClient({ backend: createMemoryBackend() });
    const root = (await client.namespaces.list().toArray())[0]!;
    const keyPair = await client.keyPairs.create({
      namespaceId: root.id,
      certificate: fixture.certificate,
      privateKey: fixture.privateKey,
    });
    await client.routes.create({
      namespaceId: root.id,
      name: 'old',
      from: 'https://old.example.com',
      to: ['https://upstream.internal'],
      tlsClientKeyPairId: keyPair.id,
    });
    const config = await exportConfig(client, { includeSecrets: true });
    const { tlsClientKeyPair: _fingerprint, ...route } = config.routes[0]!;
    const old = { ...config, routes: [{ ...route, tlsClientKeyPairId: keyPair.id }] };
    delete old.keyPairs;
    const plan = await planSync({ desired: old, target: client });
    expect(plan.fidelity).toEqual([]);
    expect(plan.changes).toEqual([]);
    // A document that names the fingerprint but not the key pair resolves to the target's key pair too.
    const withoutSection = { ...config };
    delete withoutSection.keyPairs;
    const again = await planSync({ desired: withoutSection, target: client });
    expect(again.fidelity).toEqual([]);
    expect(again.changes).toEqual([]);
  });
});

import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { createPomeriumClient, PomeriumError, Secret } from '@pomerium-unified/core';
import { type FakeEnterpriseConsole, startFakeEnterpriseConsole } from '@pomerium-unified/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnterpriseBackend, type EnterpriseBackend } from '../src/index.js';

let fake: FakeEnterpriseConsole;
let backend: EnterpriseBackend;
beforeAll(async () => {
  fake = await startFakeEnterpriseConsole({ tls: true, seed: { clusters: [{ id: 'cluster-east', name: 'east' }] } });
  backend = createEnterpriseBackend({
    url: fake.url,
    serviceAccountToken: fake.serviceAccountToken,
    tls: { ca: fake.ca },
  });
});
afterAll(async () => {
  await backend?.close();
  await fake?.close();
});

describe('Enterprise settings', () => {
  it('marks masked secrets, keeps them across an update of other fields, and writes a new one', async () => {
    const client = createPomeriumClient({ backend });
    const before = await client.settings.get();
    expect(before.cookieSecret?.masked).toBe(true);
    const storedSecret = fake.state.settings.byCluster.get('')?.cookieSecret;
    const updated = await client.settings.update({ logLevel: 'debug', timeoutRead: '45s', codecType: 'http2' });
    expect(updated).toMatchObject({ logLevel: 'debug', timeoutRead: '45s', codecType: 'http2', address: ':443' });
    expect(fake.state.settings.byCluster.get('')?.cookieSecret).toBe(storedSecret);
    const canary = `canary-cookie-secret-${randomBytes(12).toString('hex')}`;
    const written = await client.settings.update({ cookieSecret: Secret.of(canary), timeoutRead: null });
    expect(fake.state.settings.byCluster.get('')?.cookieSecret).toBe(canary);
    expect(written.timeoutRead).toBeUndefined();
    expect(`${JSON.stringify(written)}${inspect(written, { depth: 10, showHidden: true })}`).not.toContain(canary);
  });

  it('addresses a cluster by id, and answers not_found for an unknown one', async () => {
    const client = createPomeriumClient({ backend });
    await client.settings.update({ passIdentityHeaders: true }, { clusterId: 'cluster-east' });
    expect((await client.settings.get({ clusterId: 'cluster-east' })).passIdentityHeaders).toBe(true);
    expect((await client.settings.get()).passIdentityHeaders).toBe(false);
    const error = await client.settings.get({ clusterId: 'no-such-cluster' }).catch((reason: unknown) => reason);
    expect(PomeriumError.isInstance(error) && error.code).toBe('not_found');
  });
});

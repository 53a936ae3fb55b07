import { inspect } from 'node:util';
import { Secret } from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';
import { clientFor, everythingIn, rejection, startFake } from './support/fake-zero-fixture.js';

describe('Zero service accounts', () => {
  it('creates in the cluster with the token once, reads it from the token endpoint, patches and deletes', async () => {
    const fake = await startFake();
    const client = clientFor(fake, { cluster: 'production' });
    const [cluster] = fake.state.clusters.values();
    const clusterId = String(cluster?.json.id);
    const issued = await client.serviceAccounts.create({ userId: 'ci-bot', expiresAt: '2031-01-01T00:00:00.000Z' });
    expect(Secret.isSecret(issued.token)).toBe(true);
    const token = fake.state.resources.tokenOf(issued.serviceAccount.id);
    expect(issued.token?.reveal()).toBe(token);
    expect(`${issued.token}`).toBe('[REDACTED]');
    expect(inspect(issued)).not.toContain(String(token));
    expect(JSON.stringify(issued)).not.toContain(String(token));
    expect(issued.serviceAccount).toMatchObject({
      userId: 'ci-bot',
      description: '',
      expiresAt: '2031-01-01T00:00:00.000Z',
      namespaceId: undefined,
      extensions: { zero: { clusterId } },
    });
    const post = fake.stats.log.find((record) => record.method === 'POST' && record.path.endsWith('/serviceAccounts'));
    expect(post?.path).toBe(`/organizations/${cluster?.organizationId}/clusters/${clusterId}/serviceAccounts`);
    expect(post?.body).toEqual({ userId: 'ci-bot', description: '', expiresAt: '2031-01-01T00:00:00.000Z' });

    const read = await client.serviceAccounts.getToken(issued.serviceAccount.id);
    expect(read.reveal()).toBe(token);

    const updated = await client.serviceAccounts.update(issued.serviceAccount.id, {
      description: 'deploys',
      expiresAt: null,
    });
    expect(updated.token).toBeUndefined();
    expect(updated.serviceAccount).toMatchObject({ description: 'deploys', expiresAt: undefined, userId: 'ci-bot' });
    const patch = fake.stats.log.findLast((record) => record.method === 'PATCH');
    expect(patch?.body).toEqual([
      { op: 'add', path: '/description', value: 'deploys' },
      { op: 'remove', path: '/expiresAt' },
    ]);

    expect((await client.serviceAccounts.list().toArray()).map((account) => account.id)).toEqual([
      issued.serviceAccount.id,
    ]);
    expect(await client.serviceAccounts.findByUserId({ userId: 'ci-bot' })).toMatchObject({
      id: issued.serviceAccount.id,
    });
    await client.serviceAccounts.delete(issued.serviceAccount.id);
    expect((await rejection(client.serviceAccounts.get(issued.serviceAccount.id))).code).toBe('not_found');
    expect((await rejection(client.serviceAccounts.getToken(issued.serviceAccount.id))).code).toBe('not_found');
  });

  it('asks for a cluster when the backend has none', async () => {
    const fake = await startFake();
    const client = clientFor(fake);
    const error = await rejection(client.serviceAccounts.list().toArray());
    expect(error.code).toBe('failed_precondition');
    expect(error.field).toBe('cluster');
    expect(error.message).toContain('"production"');
    const settings = await rejection(client.settings.get());
    expect(settings.code).toBe('failed_precondition');
    expect(settings.message).toMatch(/cluster option/);
  });

  it('keeps a canary token out of errors when the server echoes it', async () => {
    const fake = await startFake();
    const client = clientFor(fake, { cluster: 'production' });
    const issued = await client.serviceAccounts.create({ userId: 'canary' });
    const token = issued.token?.reveal() ?? '';
    fake.state.injectFailure({ status: 500, body: { error: `internal: token ${token} rejected` }, times: 1 });
    const error = await rejection(client.serviceAccounts.get(issued.serviceAccount.id));
    expect(everythingIn(error)).not.toContain(token);
  });
});

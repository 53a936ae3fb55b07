import { randomBytes } from 'node:crypto';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { Code, ConnectError, type ConnectRouter } from '@connectrpc/connect';
import { connectNodeAdapter } from '@connectrpc/connect-node';
import { createPomeriumClient, PomeriumError } from '@pomerium-unified/core';
import { PomeriumServiceAccountService } from '@pomerium-unified/enterprise-protos';
import { type FakeEnterpriseConsole, startFakeEnterpriseConsole } from '@pomerium-unified/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnterpriseBackend, type EnterpriseBackend } from '../src/index.js';

async function errorOf(promise: Promise<unknown>): Promise<PomeriumError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!PomeriumError.isInstance(error)) throw new Error(`expected a PomeriumError, got ${String(error)}`);
  return error;
}

const teamNamespaceId = '33333333-3333-4333-8333-333333333333';
const opened: EnterpriseBackend[] = [];
let fake: FakeEnterpriseConsole;

beforeAll(async () => {
  fake = await startFakeEnterpriseConsole({ tls: true, seed: { namespaces: [{ id: teamNamespaceId, name: 'team' }] } });
});
afterAll(async () => {
  await Promise.all(opened.map((backend) => backend.close()));
  await fake?.close();
});

function connect(serviceAccountToken = fake.serviceAccountToken) {
  const backend = createEnterpriseBackend({ url: fake.url, serviceAccountToken, tls: { ca: fake.ca } });
  opened.push(backend);
  return createPomeriumClient({ backend });
}

describe('Enterprise service accounts', () => {
  it('sends the bare name, strips the @<namespace>.pomerium suffix on read, and issues working tokens', async () => {
    const client = connect();
    const issued = await client.serviceAccounts.create({ userId: 'ci-bot', namespaceId: teamNamespaceId });
    const stored = fake.state.pomeriumServiceAccounts.accounts.get(issued.serviceAccount.id);
    expect(stored?.userId).toBe(`ci-bot@${teamNamespaceId}.pomerium`);
    expect(issued.serviceAccount).toMatchObject({ userId: 'ci-bot', namespaceId: teamNamespaceId });
    expect(issued.serviceAccount.extensions.enterprise?.fullUserId).toBe(`ci-bot@${teamNamespaceId}.pomerium`);
    expect(issued.serviceAccount.issuedAt).toBeDefined();
    // The issued token authenticates to the console, bound to the account's namespace.
    const first = issued.token?.reveal() as string;
    const asBot = connect(first);
    expect((await asBot.namespaces.get(teamNamespaceId)).name).toBe('team');
    expect((await errorOf(asBot.namespaces.get(fake.rootNamespaceId))).code).toBe('permission_denied');
    // Set issues a fresh token; only the patched field changes.
    const updated = await client.serviceAccounts.update(issued.serviceAccount.id, { description: 'deploys' });
    expect(updated.serviceAccount).toMatchObject({ userId: 'ci-bot', description: 'deploys' });
    expect(updated.token?.reveal()).not.toBe(first);
    expect((await errorOf(asBot.namespaces.get(teamNamespaceId))).code).toBe('unauthenticated');
    const found = await client.serviceAccounts.findByUserId({ userId: 'ci-bot', namespaceId: teamNamespaceId });
    expect(found?.id).toBe(issued.serviceAccount.id);
  });

  it('never shows a canary token, even when a server echoes it in an error', async () => {
    const canary = `canary-sa-token-${randomBytes(12).toString('hex')}`;
    const account = { id: 'sa-1', userId: 'echo', namespaceId: 'ns-1' };
    const server = http2.createServer(
      connectNodeAdapter({
        routes: (router: ConnectRouter) =>
          router.service(PomeriumServiceAccountService, {
            addPomeriumServiceAccount: () => ({ serviceAccount: account, JWT: canary }),
            getPomeriumServiceAccount: () => {
              throw new ConnectError(`token ${canary} is not valid here`, Code.FailedPrecondition);
            },
          }),
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const backend = createEnterpriseBackend({
      url: `http://127.0.0.1:${port}`,
      serviceAccountToken: 'echo-test-token',
      plaintext: true,
    });
    try {
      const client = createPomeriumClient({ backend });
      const issued = await client.serviceAccounts.create({ userId: 'echo' });
      expect(issued.token?.reveal()).toBe(canary);
      expect(`${JSON.stringify(issued)}${inspect(issued, { depth: 10, showHidden: true })}`).not.toContain(canary);
      const error = await errorOf(client.serviceAccounts.get('sa-1'));
      expect(error.message).toContain('is not valid here');
      const shown = [
        error.message,
        error.stack,
        JSON.stringify(error),
        inspect(error, { depth: 10, showHidden: true }),
      ];
      expect(shown.join('\n')).not.toContain(canary);
    } finally {
      await backend.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { Code, ConnectError, type ConnectRouter } from '@connectrpc/connect';
import { connectNodeAdapter } from '@connectrpc/connect-node';
import { createPomeriumClient, PomeriumError, Secret } from '@pomerium-unified/core';
import { KeyChainService } from '@pomerium-unified/enterprise-protos';
import { type FakeEnterpriseConsole, startFakeEnterpriseConsole } from '@pomerium-unified/testkit';
import { createKeyPairFixture, type KeyPairFixture, pemBody } from '@pomerium-unified/testkit/vitest';
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

/** Every rendering of an error a program might print or ship. */
function renderings(error: PomeriumError): string {
  return [
    error.message,
    error.stack ?? '',
    JSON.stringify(error),
    inspect(error, { depth: 10, showHidden: true }),
    inspect(error.cause, { depth: 10, showHidden: true }),
  ].join('\n');
}

const opened: EnterpriseBackend[] = [];
let fake: FakeEnterpriseConsole;
let first: KeyPairFixture;
let second: KeyPairFixture;

beforeAll(async () => {
  fake = await startFakeEnterpriseConsole({ tls: true });
  first = await createKeyPairFixture('first.example.com');
  second = await createKeyPairFixture('second.example.com');
});
afterAll(async () => {
  await Promise.all(opened.map((backend) => backend.close()));
  await fake?.close();
});

function connect(url = fake.url, plaintext = false) {
  const backend = createEnterpriseBackend(
    plaintext
      ? { url, serviceAccountToken: 'echo-test-token', plaintext: true }
      : { url, serviceAccountToken: fake.serviceAccountToken, tls: { ca: fake.ca } },
  );
  opened.push(backend);
  return { backend, client: createPomeriumClient({ backend }) };
}

describe('Enterprise key pairs', () => {
  it('writes the private key as bytes, never reads it back, and reports key_sha256 and cert_info', async () => {
    const { client } = connect();
    const created = await client.keyPairs.create({
      namespaceId: fake.rootNamespaceId,
      name: 'with-key',
      certificate: first.certificate,
      privateKey: Secret.of(first.privateKey),
      originatorId: 'unit-test',
    });
    const stored = fake.state.keyChain.privateKeys.get(created.id);
    expect(new TextDecoder().decode(stored)).toBe(first.privateKey);
    expect(created.hasPrivateKey).toBe(true);
    expect(created.extensions.enterprise?.keySha256).toMatch(/^[0-9a-f]{64}$/);
    expect(created.originatorId).toBe('unit-test');
    expect(created.certificateInfo).toHaveLength(1);
    expect(created.certificateInfo[0]?.subject.commonName).toBe('first.example.com');
    expect(created.certificateInfo[0]?.dnsNames).toEqual(['first.example.com']);
    expect(created.certificateInfo[0]?.extKeyUsage.clientAuth).toBe(true);
    const read = await client.keyPairs.get(created.id);
    const shown = `${JSON.stringify(read)}\n${inspect(read, { depth: 10, showHidden: true })}`;
    expect(shown).not.toContain(pemBody(first.privateKey));
    // A rename sends only the name: the stored key and the originator survive.
    const renamed = await client.keyPairs.update(created.id, { name: 'renamed' });
    expect(renamed).toMatchObject({ name: 'renamed', hasPrivateKey: true, originatorId: 'unit-test' });
    expect(fake.state.keyChain.privateKeys.get(created.id)).toEqual(stored);
  });

  it('refuses a new certificate the stored key does not belong to, without showing the key', async () => {
    const { client } = connect();
    const created = await client.keyPairs.create({
      namespaceId: fake.rootNamespaceId,
      certificate: first.certificate,
      privateKey: first.privateKey,
    });
    const error = await errorOf(client.keyPairs.update(created.id, { certificate: second.certificate }));
    expect(error.code).toBe('invalid_argument');
    expect(renderings(error)).not.toContain(pemBody(first.privateKey));
    expect((await client.keyPairs.get(created.id)).fingerprint).toBe(created.fingerprint);
  });

  it('fails with aborted when the key pair changed since expectedUpdatedAt', async () => {
    const { client } = connect();
    const created = await client.keyPairs.create({ namespaceId: fake.rootNamespaceId, certificate: first.certificate });
    await client.keyPairs.update(created.id, { name: 'moved on' });
    const error = await errorOf(
      client.keyPairs.update(created.id, { name: 'stale' }, { expectedUpdatedAt: '2001-01-01T00:00:00.000Z' }),
    );
    expect(error.code).toBe('aborted');
  });

  it('never shows a canary private key that a server echoes in its error', async () => {
    const decoder = new TextDecoder();
    const echo = (request: { key?: Uint8Array }) => {
      throw new ConnectError(`bad key ${decoder.decode(request.key)}`, Code.InvalidArgument);
    };
    const server = http2.createServer(
      connectNodeAdapter({
        routes: (router: ConnectRouter) =>
          router.service(KeyChainService, { createKeyPair: echo, updateKeyPair: echo }),
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const { backend, client } = connect(`http://127.0.0.1:${port}`, true);
    try {
      const canary = await createKeyPairFixture('canary.example.com');
      const create = await errorOf(
        client.keyPairs.create({ namespaceId: 'ns', certificate: canary.certificate, privateKey: canary.privateKey }),
      );
      expect(create.code).toBe('invalid_argument');
      expect(create.message).toContain('bad key');
      expect(renderings(create)).not.toContain(pemBody(canary.privateKey));
      const update = await errorOf(
        client.keyPairs.update('kp', { certificate: canary.certificate, privateKey: Secret.of(canary.privateKey) }),
      );
      expect(renderings(update)).not.toContain(pemBody(canary.privateKey));
    } finally {
      await backend.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

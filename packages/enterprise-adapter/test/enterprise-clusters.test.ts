import { inspect } from 'node:util';
import { timestampNow } from '@bufbuild/protobuf/wkt';
import { createPomeriumClient, PomeriumError, Secret } from '@pomerium-unified/core';
import { type FakeEnterpriseConsole, startFakeEnterpriseConsole } from '@pomerium-unified/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnterpriseBackend, type EnterpriseBackend } from '../src/index.js';

const sharedSecret = new TextEncoder().encode('canary-cluster-shared-secret-0123456789');
const sharedSecretBase64 = Buffer.from(sharedSecret).toString('base64');

let fake: FakeEnterpriseConsole;
let backend: EnterpriseBackend;
beforeAll(async () => {
  fake = await startFakeEnterpriseConsole({
    tls: true,
    seed: {
      clusters: [
        { name: 'east', databrokerServiceUrl: 'https://east.example.com', sharedSecret, originatorId: 'test' },
        { name: 'gone', deletedAt: timestampNow() },
      ],
    },
  });
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

describe('Enterprise clusters', () => {
  it('lists live clusters, gets one with its own namespace, and keeps the shared secret a Secret', async () => {
    const client = createPomeriumClient({ backend });
    const listed = await client.clusters.list().toArray();
    expect(listed.map((cluster) => cluster.name)).toEqual(['east']);
    expect(listed[0]?.namespaceId).toBeUndefined();
    const east = await client.clusters.get(listed[0]?.id as string);
    const namespace = await client.namespaces.get(east.namespaceId as string);
    expect(namespace).toMatchObject({ kind: 'cluster', name: 'east', parentId: fake.rootNamespaceId });
    expect(east.parentNamespaceId).toBe(fake.rootNamespaceId);
    const enterprise = east.extensions.enterprise;
    expect(enterprise).toMatchObject({ databrokerServiceUrl: 'https://east.example.com', originatorId: 'test' });
    expect(Secret.isSecret(enterprise?.sharedSecret)).toBe(true);
    expect(enterprise?.sharedSecret?.reveal()).toBe(sharedSecretBase64);
    const shown = `${JSON.stringify(east)}\n${inspect(east, { depth: 10, showHidden: true })}`;
    expect(shown).not.toContain(sharedSecretBase64);
    expect(shown).toContain('[REDACTED]');
  });

  it('answers not_found for an unknown cluster', async () => {
    const client = createPomeriumClient({ backend });
    const error = await client.clusters.get('no-such-cluster').catch((reason: unknown) => reason);
    expect(PomeriumError.isInstance(error) && error.code).toBe('not_found');
  });
});

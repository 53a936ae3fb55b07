import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPomeriumClient, PomeriumError } from '@pomerium-unified/core';
import { startFakeEnterpriseConsole, startFakeZeroConsole } from '@pomerium-unified/testkit';
import { describe, expect, it } from 'vitest';
import {
  createBackendFromEnv,
  isConfiguredInEnv,
  readEnterpriseOptionsFromEnv,
  readZeroOptionsFromEnv,
} from '../src/index.js';

const secret = 'super-secret-token-value';

function captureError(run: () => unknown): PomeriumError {
  try {
    run();
  } catch (error) {
    if (error instanceof PomeriumError) return error;
    throw error;
  }
  throw new Error('expected a PomeriumError');
}

function expectInvalid(run: () => unknown, field: string): PomeriumError {
  const error = captureError(run);
  expect(error.code).toBe('invalid_argument');
  expect(error.field).toBe(field);
  expect(error.message).toContain(field);
  expect(error.message).not.toContain(secret);
  return error;
}

describe('createBackendFromEnv: Zero', () => {
  it('reads the Zero variables into the adapter options', () => {
    expect(
      readZeroOptionsFromEnv({
        POMERIUM_ZERO_API_TOKEN: secret,
        POMERIUM_ZERO_URL: 'https://console.example.com',
        POMERIUM_ZERO_ORGANIZATION: 'Acme',
        POMERIUM_ZERO_CLUSTER: 'production',
        POMERIUM_TIMEOUT_MS: '5000',
      }),
    ).toEqual({
      apiUserToken: secret,
      apiUrl: 'https://console.example.com',
      organizationName: 'Acme',
      cluster: 'production',
      timeoutMs: 5000,
    });
  });

  it('names the missing token and bad values without echoing the token', () => {
    expectInvalid(() => createBackendFromEnv('zero', {}), 'POMERIUM_ZERO_API_TOKEN');
    expectInvalid(
      () => createBackendFromEnv('zero', { POMERIUM_ZERO_API_TOKEN: secret, POMERIUM_TIMEOUT_MS: '5s' }),
      'POMERIUM_TIMEOUT_MS',
    );
    expectInvalid(
      () => createBackendFromEnv('zero', { POMERIUM_ZERO_API_TOKEN: secret, POMERIUM_ZERO_URL: 'ftp://x' }),
      'POMERIUM_ZERO_URL',
    );
  });

  it('talks to the fake Zero console', async () => {
    const fake = await startFakeZeroConsole();
    const client = createPomeriumClient({
      backend: createBackendFromEnv('zero', {
        POMERIUM_ZERO_API_TOKEN: fake.apiUserToken,
        POMERIUM_ZERO_URL: fake.url,
      }),
    });
    try {
      const namespaces = await client.namespaces.list().toArray();
      expect(namespaces.some((namespace) => namespace.kind === 'root')).toBe(true);
    } finally {
      await client.close();
      await fake.close();
    }
  });
});

describe('createBackendFromEnv: Enterprise', () => {
  it('needs the URL and the service account, naming each', () => {
    expectInvalid(
      () => createBackendFromEnv('enterprise', { POMERIUM_SERVICE_ACCOUNT: secret }),
      'POMERIUM_ENTERPRISE_URL',
    );
    expectInvalid(
      () => createBackendFromEnv('enterprise', { POMERIUM_ENTERPRISE_URL: 'https://h:1' }),
      'POMERIUM_SERVICE_ACCOUNT',
    );
  });

  it('needs the certificate and key files together and reports unreadable files', () => {
    const base = { POMERIUM_ENTERPRISE_URL: 'https://h:1', POMERIUM_SERVICE_ACCOUNT: secret };
    expectInvalid(
      () => createBackendFromEnv('enterprise', { ...base, POMERIUM_ENTERPRISE_CERT_FILE: '/c.pem' }),
      'POMERIUM_ENTERPRISE_KEY_FILE',
    );
    expectInvalid(
      () => createBackendFromEnv('enterprise', { ...base, POMERIUM_ENTERPRISE_CA_FILE: '/does/not/exist.pem' }),
      'POMERIUM_ENTERPRISE_CA_FILE',
    );
    expectInvalid(
      () => createBackendFromEnv('enterprise', { ...base, POMERIUM_ENTERPRISE_PLAINTEXT: 'maybe' }),
      'POMERIUM_ENTERPRISE_PLAINTEXT',
    );
    expectInvalid(
      () => createBackendFromEnv('enterprise', { ...base, POMERIUM_ENTERPRISE_URL: 'http://h:1' }),
      'POMERIUM_ENTERPRISE_URL',
    );
  });

  it('reads the mTLS files, the server name and plaintext', () => {
    const directory = mkdtempSync(join(tmpdir(), 'pu-config-'));
    for (const name of ['ca', 'cert', 'key']) writeFileSync(join(directory, `${name}.pem`), `${name} pem`);
    expect(
      readEnterpriseOptionsFromEnv({
        POMERIUM_ENTERPRISE_URL: 'https://console-api.example.com',
        POMERIUM_SERVICE_ACCOUNT: secret,
        POMERIUM_ENTERPRISE_CA_FILE: join(directory, 'ca.pem'),
        POMERIUM_ENTERPRISE_CERT_FILE: join(directory, 'cert.pem'),
        POMERIUM_ENTERPRISE_KEY_FILE: join(directory, 'key.pem'),
        POMERIUM_ENTERPRISE_SERVER_NAME: 'console-api.internal',
      }),
    ).toEqual({
      url: 'https://console-api.example.com',
      serviceAccountToken: secret,
      tls: { ca: 'ca pem', cert: 'cert pem', key: 'key pem', serverName: 'console-api.internal' },
    });
    expect(
      readEnterpriseOptionsFromEnv({
        POMERIUM_ENTERPRISE_URL: 'http://127.0.0.1:8080',
        POMERIUM_SERVICE_ACCOUNT: secret,
        POMERIUM_ENTERPRISE_PLAINTEXT: 'true',
      }),
    ).toMatchObject({ plaintext: true });
  });

  it('talks to the fake Enterprise console over mutual TLS and over h2c', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'pu-config-'));
    const tlsConsole = await startFakeEnterpriseConsole({ requireClientCertificate: true });
    const h2cConsole = await startFakeEnterpriseConsole({ tls: false });
    writeFileSync(join(directory, 'ca.pem'), tlsConsole.ca ?? '');
    writeFileSync(join(directory, 'cert.pem'), tlsConsole.clientCertificate?.cert ?? '');
    writeFileSync(join(directory, 'key.pem'), tlsConsole.clientCertificate?.key ?? '');
    const clients = [
      createPomeriumClient({
        backend: createBackendFromEnv('enterprise', {
          POMERIUM_ENTERPRISE_URL: tlsConsole.url,
          POMERIUM_SERVICE_ACCOUNT: tlsConsole.serviceAccountToken,
          POMERIUM_ENTERPRISE_CA_FILE: join(directory, 'ca.pem'),
          POMERIUM_ENTERPRISE_CERT_FILE: join(directory, 'cert.pem'),
          POMERIUM_ENTERPRISE_KEY_FILE: join(directory, 'key.pem'),
        }),
      }),
      createPomeriumClient({
        backend: createBackendFromEnv('enterprise', {
          POMERIUM_ENTERPRISE_URL: h2cConsole.url,
          POMERIUM_SERVICE_ACCOUNT: h2cConsole.serviceAccountToken,
          POMERIUM_ENTERPRISE_PLAINTEXT: 'true',
        }),
      }),
    ];
    try {
      for (const client of clients) {
        const namespaces = await client.namespaces.list().toArray();
        expect(namespaces.map((namespace) => namespace.name)).toContain('Global');
      }
    } finally {
      await Promise.all(clients.map((client) => client.close()));
      await Promise.all([tlsConsole.close(), h2cConsole.close()]);
    }
  });
});

describe('isConfiguredInEnv', () => {
  it('says which deployments the environment names', () => {
    expect(isConfiguredInEnv('zero', {})).toBe(false);
    expect(isConfiguredInEnv('zero', { POMERIUM_ZERO_API_TOKEN: 't' })).toBe(true);
    expect(isConfiguredInEnv('enterprise', { POMERIUM_SERVICE_ACCOUNT: 't' })).toBe(true);
    expect(isConfiguredInEnv('enterprise', { POMERIUM_ZERO_API_TOKEN: 't' })).toBe(false);
  });
});

// The live tier: the conformance suite and the scenarios' read-only parts against real deployments.
// It runs only when the environment names them (see readLiveConfiguration) and is reported as skipped otherwise.
import { createPomeriumClient } from '@pomerium-unified/core';
import { createEnterpriseBackend } from '@pomerium-unified/enterprise-adapter';
import { runBackendConformance } from '@pomerium-unified/testkit';
import { createZeroBackend } from '@pomerium-unified/zero-adapter';
import { describe, expect, it } from 'vitest';
import { collectInventory } from '../src/index.js';
import { readLiveConfiguration } from '../src/live-clients.js';

const configuration = readLiveConfiguration();
const zero = configuration.zero;
const enterprise = configuration.enterprise;

describe.skipIf(!zero)('live Pomerium Zero (POMERIUM_ZERO_API_TOKEN)', () => {
  runBackendConformance({
    name: 'live zero',
    createBackend: async () => {
      const backend = createZeroBackend(zero!);
      const namespaces = await createPomeriumClient({ backend }).namespaces.list().toArray();
      const clusters = namespaces.filter(
        (namespace) => namespace.kind === 'cluster' && (!zero!.cluster || namespace.name === zero!.cluster),
      );
      if (clusters.length !== 1) throw new Error('Set POMERIUM_ZERO_CLUSTER to the cluster the live tests may use');
      return { backend, namespaceId: clusters[0]!.id, dispose: () => backend.close?.() ?? Promise.resolve() };
    },
  });

  it('reads an inventory', async () => {
    const client = createPomeriumClient({ backend: createZeroBackend(zero!) });
    expect((await collectInventory(client)).length).toBeGreaterThan(0);
  });
});

describe.skipIf(!enterprise)('live Pomerium Enterprise (POMERIUM_ENTERPRISE_URL, POMERIUM_SERVICE_ACCOUNT)', () => {
  runBackendConformance({
    name: 'live enterprise',
    createBackend: () => {
      const backend = createEnterpriseBackend(enterprise!);
      return { backend, dispose: () => backend.close?.() ?? Promise.resolve() };
    },
  });

  it('reads an inventory', async () => {
    const client = createPomeriumClient({ backend: createEnterpriseBackend(enterprise!) });
    expect((await collectInventory(client)).length).toBeGreaterThan(0);
  });
});

describe('live configuration', () => {
  it('reads nothing from an empty environment', () => {
    expect(readLiveConfiguration({})).toEqual({});
  });

  it('reads Zero and Enterprise settings', () => {
    expect(
      readLiveConfiguration({
        POMERIUM_ZERO_API_TOKEN: 'zero-token',
        POMERIUM_ZERO_ORGANIZATION: 'Acme',
        POMERIUM_ZERO_CLUSTER: 'production',
        POMERIUM_ENTERPRISE_URL: 'console-api.example.com:443',
        POMERIUM_SERVICE_ACCOUNT: 'service-account-jwt',
      }),
    ).toEqual({
      zero: { apiUserToken: 'zero-token', organizationName: 'Acme', cluster: 'production' },
      enterprise: { url: 'console-api.example.com:443', serviceAccountToken: 'service-account-jwt' },
    });
  });

  it('refuses half an Enterprise configuration without echoing the token', () => {
    expect(() => readLiveConfiguration({ POMERIUM_SERVICE_ACCOUNT: 'secret-jwt-value' })).toThrow(
      expect.objectContaining({ code: 'invalid_argument', field: 'POMERIUM_ENTERPRISE_URL' }),
    );
    try {
      readLiveConfiguration({ POMERIUM_SERVICE_ACCOUNT: 'secret-jwt-value' });
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('secret-jwt-value');
    }
  });

  it('reads the CA file and reports a missing one', () => {
    expect(() =>
      readLiveConfiguration({
        POMERIUM_ENTERPRISE_URL: 'h:1',
        POMERIUM_SERVICE_ACCOUNT: 't',
        POMERIUM_ENTERPRISE_CA_FILE: '/does/not/exist.pem',
      }),
    ).toThrow(expect.objectContaining({ code: 'invalid_argument', field: 'POMERIUM_ENTERPRISE_CA_FILE' }));
  });
});

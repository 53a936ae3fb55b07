// The live tier: the conformance suite and the scenarios' read-only parts against real deployments.
// It runs only when the environment names them (see readLiveConfiguration) and is reported as skipped otherwise.
// A second copy of the tier runs, always, against the fake consoles started in this process (configured through the
// same environment variables), so the tier itself is exercised in CI.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPomeriumClient } from '@pomerium-unified/core';
import { createEnterpriseBackend } from '@pomerium-unified/enterprise-adapter';
import { startFakeEnterpriseConsole, startFakeZeroConsole } from '@pomerium-unified/testkit';
import { runBackendConformance } from '@pomerium-unified/testkit/vitest';
import { createZeroBackend } from '@pomerium-unified/zero-adapter';
import { afterAll, describe, expect, it } from 'vitest';
import { collectInventory } from '../src/index.js';
import { type LiveConfiguration, readLiveConfiguration } from '../src/live-clients.js';

/**
 * Registers the live tier for one configuration: the conformance suite (gated only by what each backend declares)
 * and a read-only inventory, per deployment the configuration names.
 */
function registerLiveTier(label: string, configuration: LiveConfiguration): void {
  const { zero, enterprise } = configuration;
  // One line per skipped tier, saying why (vitest alone only counts skipped tests).
  if (!zero) console.info(`${label} Zero tier skipped: set POMERIUM_ZERO_API_TOKEN to run it against a deployment`);
  if (!enterprise) {
    console.info(
      `${label} Enterprise tier skipped: set POMERIUM_ENTERPRISE_URL and POMERIUM_SERVICE_ACCOUNT to run it against a console`,
    );
  }
  describe.skipIf(!zero)(`${label} Pomerium Zero (POMERIUM_ZERO_API_TOKEN)`, () => {
    runBackendConformance({
      name: `${label} zero`,
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

  describe.skipIf(!enterprise)(
    `${label} Pomerium Enterprise (POMERIUM_ENTERPRISE_URL, POMERIUM_SERVICE_ACCOUNT)`,
    () => {
      runBackendConformance({
        name: `${label} enterprise`,
        createBackend: () => {
          const backend = createEnterpriseBackend(enterprise!);
          return { backend, dispose: () => backend.close?.() ?? Promise.resolve() };
        },
      });

      it('reads an inventory', async () => {
        const client = createPomeriumClient({ backend: createEnterpriseBackend(enterprise!) });
        expect((await collectInventory(client)).length).toBeGreaterThan(0);
      });
    },
  );
}

// The live tier against real deployments, when the environment names them.
registerLiveTier('live', readLiveConfiguration());

// The same tier, configured through the same environment variables, against the fake consoles in this process:
// it runs in CI, so the live tier cannot go stale.
const zeroFake = await startFakeZeroConsole();
const enterpriseFake = await startFakeEnterpriseConsole();
const caDirectory = await mkdtemp(join(tmpdir(), 'live-tier-'));
const caFile = join(caDirectory, 'ca.pem');
await writeFile(caFile, enterpriseFake.ca);
afterAll(async () => {
  await Promise.all([zeroFake.close(), enterpriseFake.close(), rm(caDirectory, { recursive: true, force: true })]);
});
registerLiveTier(
  'fake-console',
  readLiveConfiguration({
    POMERIUM_ZERO_API_TOKEN: zeroFake.apiUserToken,
    POMERIUM_ZERO_URL: zeroFake.url,
    // Service accounts and settings belong to a Zero cluster: the backend needs one named.
    POMERIUM_ZERO_CLUSTER: 'production',
    POMERIUM_ENTERPRISE_URL: enterpriseFake.url,
    POMERIUM_SERVICE_ACCOUNT: enterpriseFake.serviceAccountToken,
    POMERIUM_ENTERPRISE_CA_FILE: caFile,
  }),
);

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

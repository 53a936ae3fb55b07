// Compiled by ../exact-optional-types.test.ts with exactOptionalPropertyTypes: a user passes the fake's CA to an
// adapter option shaped like the Enterprise adapter's `tls` (declared here: the testkit depends on no adapter).
import { createMemoryBackend } from '@pomerium-unified/core';
import { startEnterpriseFixture, startFakeEnterpriseConsole } from '../../src/index.js';

interface AdapterTlsOptions {
  ca?: string | Buffer | Array<string | Buffer>;
  cert?: string | Buffer;
  key?: string | Buffer;
}

export async function passesTheCa(): Promise<AdapterTlsOptions[]> {
  const fake = await startFakeEnterpriseConsole();
  const explicit = await startFakeEnterpriseConsole({ tls: true, requireClientCertificate: true });
  const passed: AdapterTlsOptions[] = [];
  const fixture = await startEnterpriseFixture({
    createBackend: (options) => {
      passed.push(options.tls);
      return createMemoryBackend();
    },
  });
  return [
    { ca: fake.ca },
    { ca: explicit.ca, cert: explicit.clientCertificate.cert, key: explicit.clientCertificate.key },
    { ca: fixture.console.ca },
    ...passed,
  ];
}

import { createEnterpriseBackend } from '@pomerium-unified/enterprise-adapter';
import { type FakeEnterpriseConsole, startFakeEnterpriseConsole } from '@pomerium-unified/testkit';
import { runBackendConformance } from '@pomerium-unified/testkit/vitest';
import { afterAll, beforeAll } from 'vitest';

let fake: FakeEnterpriseConsole;
beforeAll(async () => {
  fake = await startFakeEnterpriseConsole({
    tls: true,
    seed: { clusters: [{ name: 'conformance-cluster', databrokerServiceUrl: 'https://databroker.example.com' }] },
  });
});
afterAll(() => fake?.close());

runBackendConformance({
  name: 'enterprise',
  capabilities: {
    writeNamespaces: true,
    listTotalCount: true,
    multipleHealthChecks: true,
    keyPairs: true,
    clusters: true,
    serviceAccounts: true,
    serviceAccountUpdates: true,
    settings: true,
  },
  createBackend: () => {
    const backend = createEnterpriseBackend({
      url: fake.url,
      serviceAccountToken: fake.serviceAccountToken,
      tls: { ca: fake.ca },
    });
    return { backend, dispose: () => backend.close() };
  },
});

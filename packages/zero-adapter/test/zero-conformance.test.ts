import { type FakeZeroConsole, startFakeZeroConsole } from '@pomerium-unified/testkit';
import { runBackendConformance } from '@pomerium-unified/testkit/vitest';
import { afterAll, beforeAll } from 'vitest';
import { createZeroBackend } from '../src/index.js';
import { certificateTwo } from './support/test-key-pairs.js';

let fake: FakeZeroConsole;
beforeAll(async () => {
  fake = await startFakeZeroConsole();
  // A key pair Zero made itself (origin: system), so the read-only rule is exercised.
  // It lives in a namespace below the cluster's, so the suite's own namespace stays empty.
  const [cluster] = fake.state.clusters.values();
  const managed = fake.state.addNamespace({ parentId: String(cluster?.json.namespaceId), name: 'managed' });
  fake.state.resources.addSystemKeyPair({
    organizationId: String(cluster?.organizationId),
    namespaceId: managed.id,
    certificate: certificateTwo,
    name: 'managed by zero',
  });
});
afterAll(() => fake.close());

runBackendConformance({
  name: 'zero',
  capabilities: {
    writeNamespaces: false,
    listTotalCount: false,
    multipleHealthChecks: false,
    keyPairs: true,
    serviceAccounts: true,
    serviceAccountUpdates: true,
    serviceAccountTokenRead: true,
    settings: true,
    clusters: true,
  },
  createBackend: () => {
    const backend = createZeroBackend({ apiUrl: fake.url, apiUserToken: fake.apiUserToken, cluster: 'production' });
    const [cluster] = fake.state.clusters.values();
    return {
      backend,
      namespaceId: String(cluster?.json.namespaceId),
      dispose: () => backend.close?.() ?? Promise.resolve(),
    };
  },
});

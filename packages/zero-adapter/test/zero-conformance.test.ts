import { type FakeZeroConsole, startFakeZeroConsole } from '@pomerium-unified/testkit';
import { runBackendConformance } from '@pomerium-unified/testkit/vitest';
import { afterAll, beforeAll } from 'vitest';
import { createZeroBackend } from '../src/index.js';

let fake: FakeZeroConsole;
beforeAll(async () => {
  fake = await startFakeZeroConsole();
});
afterAll(() => fake.close());

runBackendConformance({
  name: 'zero',
  capabilities: { writeNamespaces: false, listTotalCount: false, multipleHealthChecks: false },
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

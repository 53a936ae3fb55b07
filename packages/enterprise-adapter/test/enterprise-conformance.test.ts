import { createEnterpriseBackend } from '@pomerium-unified/enterprise-adapter';
import {
  type FakeEnterpriseConsole,
  runBackendConformance,
  startFakeEnterpriseConsole,
} from '@pomerium-unified/testkit';
import { afterAll, beforeAll } from 'vitest';

let fake: FakeEnterpriseConsole;
beforeAll(async () => {
  fake = await startFakeEnterpriseConsole({ tls: true });
});
afterAll(() => fake?.close());

runBackendConformance({
  name: 'enterprise',
  capabilities: { writeNamespaces: true, listTotalCount: true, multipleHealthChecks: true },
  createBackend: () => {
    const backend = createEnterpriseBackend({
      url: fake.url,
      serviceAccountToken: fake.serviceAccountToken,
      tls: { ca: fake.ca },
    });
    return { backend, dispose: () => backend.close() };
  },
});

import { createMemoryBackend } from '@pomerium-unified/core';
import { runBackendConformance } from '@pomerium-unified/testkit';

runBackendConformance({
  name: 'memory',
  createBackend: () => ({ backend: createMemoryBackend() }),
  capabilities: { writeNamespaces: true, listTotalCount: true, multipleHealthChecks: true },
});

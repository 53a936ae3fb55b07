import { createMemoryBackend } from '@pomerium-unified/core';
import { runBackendConformance } from '@pomerium-unified/testkit/vitest';

runBackendConformance({
  name: 'memory',
  createBackend: () => ({ backend: createMemoryBackend() }),
  capabilities: { writeNamespaces: true, listTotalCount: true, multipleHealthChecks: true },
});

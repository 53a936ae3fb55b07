import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryBackend, createPomeriumClient, type PomeriumClient } from '@pomerium-unified/core';
import { createEnterpriseBackend } from '@pomerium-unified/enterprise-adapter';
import { startFakeEnterpriseConsole, startFakeZeroConsole } from '@pomerium-unified/testkit';
import { createZeroBackend } from '@pomerium-unified/zero-adapter';

/** The cluster of the fake Zero organization, which the Zero client addresses. */
export const clusterName = 'calm-river-4821';

export interface Deployments {
  zero: PomeriumClient;
  enterprise: PomeriumClient;
  close(): Promise<void>;
}

/** A fake Zero console (the client addresses cluster `calm-river-4821`) and a fake Enterprise console. */
export async function startDeployments(): Promise<Deployments> {
  const zeroConsole = await startFakeZeroConsole({
    seed: {
      organizations: [{ name: 'personal', clusters: [{ name: clusterName, domain: `${clusterName}.example` }] }],
    },
  });
  const enterpriseConsole = await startFakeEnterpriseConsole({});
  const zero = createPomeriumClient({
    backend: createZeroBackend({
      apiUrl: zeroConsole.url,
      apiUserToken: zeroConsole.apiUserToken,
      cluster: clusterName,
    }),
  });
  const enterprise = createPomeriumClient({
    backend: createEnterpriseBackend({
      url: enterpriseConsole.url,
      serviceAccountToken: enterpriseConsole.serviceAccountToken,
      tls: { ca: enterpriseConsole.ca ?? '' },
    }),
  });
  return {
    zero,
    enterprise,
    async close() {
      await Promise.allSettled([zero.close(), enterprise.close()]);
      await Promise.allSettled([zeroConsole.close(), enterpriseConsole.close()]);
    },
  };
}

/** A path in a fresh temporary directory. */
export function tempFile(name: string): string {
  return join(mkdtempSync(join(tmpdir(), 'pu-sync-')), name);
}

/** A client of a fresh memory backend. */
export function memory(options: Parameters<typeof createMemoryBackend>[0] = {}): PomeriumClient {
  return createPomeriumClient({ backend: createMemoryBackend(options) });
}

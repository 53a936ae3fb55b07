import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPomeriumClient, type PomeriumClient } from '@pomerium-unified/core';
import { createEnterpriseBackend } from '@pomerium-unified/enterprise-adapter';
import { startFakeEnterpriseConsole, startFakeZeroConsole } from '@pomerium-unified/testkit';
import { createZeroBackend } from '@pomerium-unified/zero-adapter';

/** The cluster both fake consoles hold, as a Zero organization would after onboarding. */
export const demoCluster = { name: 'calm-river-4821', domain: 'calm-river-4821.pomerium.app' } as const;

/** Both fake consoles, started in this process, and a client for each. */
export interface DemoEnvironment {
  /** Client over the fake Zero console (REST over HTTP, token exchange included). */
  zero: PomeriumClient;
  /** Client over the fake Enterprise console (gRPC over HTTP/2 with TLS and a generated CA). */
  enterprise: PomeriumClient;
  /** Where the consoles listen. */
  urls: { zero: string; enterprise: string };
  /**
   * The `POMERIUM_*` variables that name both consoles (as `@pomerium-unified/config` reads them), for the CLI;
   * the Enterprise CA is in a temporary file removed on close.
   */
  cliEnv: Record<string, string>;
  /** Closes the clients and stops both consoles. */
  close(): Promise<void>;
}

/**
 * Starts a fake Zero and a fake Enterprise console on 127.0.0.1 holding the
 * same starting point (a cluster namespace with a "Production" namespace
 * below it) and returns one client for each.
 */
export async function startDemoEnvironment(): Promise<DemoEnvironment> {
  const zeroConsole = await startFakeZeroConsole({
    seed: { organizations: [{ name: 'personal', clusters: [{ name: demoCluster.name, domain: demoCluster.domain }] }] },
  });
  const [cluster] = zeroConsole.state.clusters.values();
  zeroConsole.state.addNamespace({ parentId: String(cluster?.json.namespaceId), name: 'Production' });

  const enterpriseConsole = await startFakeEnterpriseConsole({
    seed: {
      namespaces: [
        { id: 'namespace-cluster', name: demoCluster.name, clusterId: 'cluster-1' },
        { name: 'Production', parentId: 'namespace-cluster' },
      ],
    },
  });

  const zero = createPomeriumClient({
    backend: createZeroBackend({ apiUrl: zeroConsole.url, apiUserToken: zeroConsole.apiUserToken }),
  });
  const enterprise = createPomeriumClient({
    backend: createEnterpriseBackend({
      url: enterpriseConsole.url,
      serviceAccountToken: enterpriseConsole.serviceAccountToken,
      tls: { ca: enterpriseConsole.ca ?? '' },
    }),
  });
  const directory = await mkdtemp(join(tmpdir(), 'pomerium-unified-demo-'));
  await writeFile(join(directory, 'enterprise-ca.pem'), enterpriseConsole.ca ?? '');
  return {
    zero,
    enterprise,
    urls: { zero: zeroConsole.url, enterprise: enterpriseConsole.url },
    cliEnv: {
      POMERIUM_ZERO_API_TOKEN: zeroConsole.apiUserToken,
      POMERIUM_ZERO_URL: zeroConsole.url,
      POMERIUM_ENTERPRISE_URL: enterpriseConsole.url,
      POMERIUM_SERVICE_ACCOUNT: enterpriseConsole.serviceAccountToken,
      POMERIUM_ENTERPRISE_CA_FILE: join(directory, 'enterprise-ca.pem'),
    },
    async close() {
      await Promise.allSettled([zero.close(), enterprise.close()]);
      await Promise.allSettled([zeroConsole.close(), enterpriseConsole.close()]);
      await rm(directory, { recursive: true, force: true });
    },
  };
}

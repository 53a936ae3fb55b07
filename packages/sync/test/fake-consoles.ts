import { createPomeriumClient, type PomeriumClient } from '@pomerium-unified/core';
import { createEnterpriseBackend } from '@pomerium-unified/enterprise-adapter';
import { startFakeEnterpriseConsole, startFakeZeroConsole } from '@pomerium-unified/testkit';
import { createZeroBackend } from '@pomerium-unified/zero-adapter';

/** The cluster of the fake Zero organization. */
export const clusterName = 'calm-river-4821';

/** A second cluster of the fake Zero organization. */
export const spareClusterName = 'quiet-lake-1234';

/** Both fake consoles on 127.0.0.1 and a client for each. */
export interface Consoles {
  zero: PomeriumClient;
  enterprise: PomeriumClient;
  /** Procedures the fake Enterprise console received, in order. */
  enterpriseProcedures(): string[];
  /** Adds a namespace below a cluster namespace on the fake Zero console (Zero's API cannot); path starts with the cluster name. Call before the Zero client lists namespaces. */
  addZeroNamespace(path: string[]): void;
  close(): Promise<void>;
}

/** Starts both fake consoles in this process. */
export async function startConsoles(): Promise<Consoles> {
  const zeroConsole = await startFakeZeroConsole({
    seed: {
      organizations: [
        {
          name: 'personal',
          clusters: [
            { name: clusterName, domain: `${clusterName}.pomerium.app` },
            { name: spareClusterName, domain: `${spareClusterName}.pomerium.app` },
          ],
        },
      ],
    },
  });
  const enterpriseConsole = await startFakeEnterpriseConsole({});
  const zeroIds = new Map<string, string>(
    [...zeroConsole.state.clusters.values()].map((cluster) => [
      String(cluster.json.name),
      String(cluster.json.namespaceId),
    ]),
  );
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
  return {
    zero,
    enterprise,
    enterpriseProcedures: () => enterpriseConsole.state.requests.map((request) => request.procedure),
    addZeroNamespace(path) {
      const parentId = zeroIds.get(path.slice(0, -1).join('/'))!;
      const record = zeroConsole.state.addNamespace({ parentId, name: path.at(-1)! });
      zeroIds.set(path.join('/'), record.id);
    },
    async close() {
      await Promise.allSettled([zero.close(), enterprise.close()]);
      await Promise.allSettled([zeroConsole.close(), enterpriseConsole.close()]);
    },
  };
}

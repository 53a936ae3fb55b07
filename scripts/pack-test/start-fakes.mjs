// Copied into the pack-test projects and run there: starts a fake Zero and a fake
// Enterprise console from the INSTALLED @pomerium-unified/testkit, each holding a
// "Production" namespace (what the README quickstart looks up), prints one JSON line
// describing them, and stops both when its standard input closes.
import { startFakeEnterpriseConsole, startFakeZeroConsole } from '@pomerium-unified/testkit';

const cluster = { name: 'pack-test', domain: 'pack-test.pomerium.app' };
const zero = await startFakeZeroConsole({ seed: { organizations: [{ name: 'personal', clusters: [cluster] }] } });
const [zeroCluster] = zero.state.clusters.values();
zero.state.addNamespace({ parentId: String(zeroCluster?.json.namespaceId), name: 'Production' });

const enterprise = await startFakeEnterpriseConsole({
  seed: {
    namespaces: [
      { id: 'namespace-cluster', name: cluster.name, clusterId: 'cluster-1' },
      { name: 'Production', parentId: 'namespace-cluster' },
    ],
  },
});

console.log(
  JSON.stringify({
    zero: { url: zero.url, apiUserToken: zero.apiUserToken },
    enterprise: { url: enterprise.url, serviceAccountToken: enterprise.serviceAccountToken, ca: enterprise.ca },
  }),
);

process.stdin.resume();
process.stdin.on('end', async () => {
  await Promise.allSettled([zero.close(), enterprise.close()]);
  process.exit(0);
});

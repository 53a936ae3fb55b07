// Starts a fake Zero console in its own process for the measurements, seeds
// `--routes N` routes straight into its state, and prints one JSON line:
// { url, apiUserToken, namespaceId, routeId }.
import { parseArgs } from 'node:util';
import { startFakeZeroConsole } from '@pomerium-unified/testkit';

const { values } = parseArgs({ options: { routes: { type: 'string', default: '0' } } });
const fake = await startFakeZeroConsole();
const [cluster] = fake.state.clusters.values();
const namespaceId = String(cluster?.json.namespaceId);
const organizationId = String(cluster?.organizationId);
const timestamp = fake.state.timestamp();
let routeId = '';
for (let index = 0; index < Number(values.routes); index += 1) {
  const id = `seeded-${index}`;
  routeId ||= id;
  fake.state.routes.set(id, {
    organizationId,
    json: {
      id,
      namespaceId,
      name: `route-${index}`,
      from: `https://route-${index}.example.com`,
      to: ['http://upstream:8080'],
      policyIds: [],
      allowSpdy: false,
      allowWebsockets: false,
      enableGoogleCloudServerlessAuthentication: false,
      preserveHostHeader: false,
      showErrorDetails: false,
      tlsSkipVerify: false,
      tlsUpstreamAllowRenegotiation: false,
      timeout: '30s',
      setRequestHeaders: { 'X-Index': String(index) },
      createdAt: timestamp,
      updatedAt: timestamp,
    },
  });
}
console.log(JSON.stringify({ url: fake.url, apiUserToken: fake.apiUserToken, namespaceId, routeId }));
process.once('SIGTERM', () => fake.close().then(() => process.exit(0)));

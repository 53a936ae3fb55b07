// Child process of measure-listing-cpu.ts: starts one fake console seeded with many routes and policies,
// prints its connection details as JSON, and answers "cpu" messages with its process.cpuUsage().
import { create } from '@bufbuild/protobuf';
import { timestampNow } from '@bufbuild/protobuf/wkt';
import { PolicySchema, RouteSchema } from '@pomerium-unified/enterprise-protos';
import { startFakeEnterpriseConsole, startFakeZeroConsole } from '../src/index.js';

const [kind = 'zero', routeCountText = '10000', policyCountText = '1000'] = process.argv.slice(2);
const routeCount = Number(routeCountText);
const policyCount = Number(policyCountText);

async function startZero() {
  const fake = await startFakeZeroConsole();
  const [organizationId] = fake.state.organizations.keys();
  const [cluster] = fake.state.clusters.values();
  const namespaceId = String(cluster?.json.namespaceId);
  const root = fake.state.rootNamespace(String(organizationId));
  const timestamp = fake.state.timestamp();
  for (let index = 0; index < policyCount; index++) {
    const id = `policy-${index}`;
    fake.state.policies.set(id, {
      organizationId: String(organizationId),
      json: {
        id,
        namespaceId,
        name: `policy ${index}`,
        enforced: index % 100 === 0,
        ppl: [{ allow: { and: [{ email: { is: `user${index}@example.com` } }] } }],
        createdAt: timestamp,
        updatedAt: timestamp,
      },
    });
  }
  for (let index = 0; index < routeCount; index++) {
    const id = `route-${index}`;
    fake.state.routes.set(id, {
      organizationId: String(organizationId),
      json: {
        id,
        namespaceId,
        name: `route ${index}`,
        from: `https://app-${index}.example.com`,
        to: ['http://upstream.internal:8080'],
        policyIds: policyCount > 0 ? [`policy-${index % policyCount}`] : [],
        allowSpdy: false,
        allowWebsockets: false,
        enableGoogleCloudServerlessAuthentication: false,
        preserveHostHeader: false,
        showErrorDetails: false,
        tlsSkipVerify: false,
        tlsUpstreamAllowRenegotiation: false,
        createdAt: timestamp,
        updatedAt: timestamp,
      },
    });
  }
  return {
    url: fake.url,
    apiUserToken: fake.apiUserToken,
    organizationId: String(organizationId),
    rootNamespaceId: String(root?.json.id),
    namespaceId,
  };
}

async function startEnterprise() {
  const fake = await startFakeEnterpriseConsole({ tls: false });
  const now = timestampNow();
  for (let index = 0; index < policyCount; index++) {
    const policy = create(PolicySchema, {
      id: `policy-${index}`,
      namespaceId: fake.rootNamespaceId,
      name: `policy ${index}`,
      enforced: index % 100 === 0,
      ppl: JSON.stringify([{ allow: { and: [{ email: { is: `user${index}@example.com` } }] } }]),
      createdAt: now,
      modifiedAt: now,
    });
    fake.state.policies.set(policy.id, policy);
  }
  for (let index = 0; index < routeCount; index++) {
    const route = create(RouteSchema, {
      id: `route-${index}`,
      namespaceId: fake.rootNamespaceId,
      name: `route ${index}`,
      from: `https://app-${index}.example.com`,
      to: ['http://upstream.internal:8080'],
      policyIds: policyCount > 0 ? [`policy-${index % policyCount}`] : [],
      createdAt: now,
      modifiedAt: now,
    });
    fake.state.routes.set(route.id, route);
  }
  return { url: fake.url, serviceAccountToken: fake.serviceAccountToken, rootNamespaceId: fake.rootNamespaceId };
}

const details = kind === 'enterprise' ? await startEnterprise() : await startZero();
process.on('message', (message) => {
  if (message === 'cpu') process.send?.(process.cpuUsage());
  if (message === 'exit') process.exit(0);
});
process.send?.({ ready: details });

import type { PomeriumBackend } from '@pomerium-unified/core';
import { createZeroClusters } from './zero-clusters.js';
import { ZeroHttpClient } from './zero-http-client.js';
import { zeroIdSegment } from './zero-id-segment.js';
import { createZeroKeyPairs } from './zero-key-pairs.js';
import { createZeroNamespaces } from './zero-namespaces.js';
import { createZeroObjectRequests } from './zero-object-requests.js';
import { resolveZeroBackendOptions, type ZeroBackendOptions } from './zero-options.js';
import { createZeroOrganizationScope } from './zero-organization-scope.js';
import { createZeroPolicies } from './zero-policies.js';
import { createZeroClusterResolver, type ZeroResourceRuntime } from './zero-resource-runtime.js';
import { createZeroRoutes } from './zero-routes.js';
import { createZeroServiceAccounts } from './zero-service-accounts.js';
import { createZeroSettings } from './zero-settings.js';
import { zeroSyncRules } from './zero-sync-rules.js';
import { createZeroValidatedCall } from './zero-validated-call.js';

/**
 * Creates the Pomerium Zero backend: the Zero console REST API (`/api/v0`)
 * behind the backend-neutral contract, with token exchange and id token
 * renewal, bounded connections, per-attempt timeouts, validated answers and
 * field-level updates (JSON Patch). Options are validated at once; the
 * organization is resolved on the first call.
 *
 * @example
 * const client = createPomeriumClient({
 *   backend: createZeroBackend({ apiUserToken: process.env.POMERIUM_ZERO_API_TOKEN! }),
 * });
 */
export function createZeroBackend(options: ZeroBackendOptions): PomeriumBackend {
  const resolved = resolveZeroBackendOptions(options);
  const http = new ZeroHttpClient(resolved);
  const call = createZeroValidatedCall(http);
  const organization = createZeroOrganizationScope(resolved, call);
  const requests = createZeroObjectRequests(http, call, organization);
  const runtime: ZeroResourceRuntime = {
    call,
    scope: organization.get,
    idSegment: zeroIdSegment,
    cluster: resolved.cluster,
  };
  const clusterOf = createZeroClusterResolver(runtime);

  return {
    specificationVersion: 'v1',
    name: 'zero',
    syncRules: zeroSyncRules,
    capabilities: {
      writeNamespaces: false,
      listTotalCount: false,
      multipleHealthChecks: false,
      fieldLevelUpdates: true,
      keyPairs: true,
      serviceAccounts: true,
      serviceAccountUpdates: true,
      serviceAccountTokenRead: true,
      settings: true,
      clusters: true,
    },
    namespaces: createZeroNamespaces(organization),
    policies: createZeroPolicies(requests),
    routes: createZeroRoutes(requests),
    keyPairs: createZeroKeyPairs(runtime),
    serviceAccounts: createZeroServiceAccounts(runtime, clusterOf),
    settings: createZeroSettings(runtime, clusterOf),
    clusters: createZeroClusters(runtime),

    async close() {
      await http.close();
    },
  };
}

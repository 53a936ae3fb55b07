import type { BackendSyncRules } from '@pomerium-unified/core';

/**
 * What `@pomerium-unified/sync` needs to know about Pomerium Enterprise: the
 * extension keys the console computes, what the keys of `extensions.enterprise`
 * mean on another backend, and the redirect codes the console accepts.
 */
export const enterpriseSyncRules: BackendSyncRules = {
  readOnlyExtensionKeys: {
    namespace: '*',
    // The adapter reads and writes no Enterprise-only setting.
    settings: '*',
    policy: ['namespaceName', 'routeNames', 'unparsedPpl'],
    route: ['statName', 'policyNames', 'enforcedPolicyNames', 'namespaceName'],
    // `keySha256` is computed from the stored key.
    keyPair: '*',
    // The full user id with its namespace suffix: computed by the console.
    serviceAccount: '*',
  },
  foreignExtensionKeys: {
    policy: {
      rego: { severity: 'error', reason: 'custom Rego policies exist only in Pomerium Enterprise' },
      allowedUsers: { severity: 'error', reason: 'the legacy allowed-users list exists only in Pomerium Enterprise' },
      allowedDomains: {
        severity: 'error',
        reason: 'the legacy allowed-domains list exists only in Pomerium Enterprise',
      },
      allowedIdpClaims: {
        severity: 'error',
        reason: 'the legacy allowed-IdP-claims map exists only in Pomerium Enterprise',
      },
      originatorId: { severity: 'warning', reason: 'the originator id is kept by Pomerium Enterprise only' },
    },
    route: {
      jwtGroupsFilter: { severity: 'error', reason: 'the JWT groups filter exists only in Pomerium Enterprise' },
      identityProviders: {
        severity: 'error',
        reason: 'per-route identity providers exist only in Pomerium Enterprise',
      },
      kubernetesServiceAccountTokenFile: {
        severity: 'error',
        reason: 'a token file path exists only in Pomerium Enterprise',
      },
      redirectRegexRewrite: { severity: 'error', reason: 'redirect regex rewrites exist only in Pomerium Enterprise' },
      healthChecks: {
        severity: 'error',
        reason: 'health-check jitter and retriable statuses exist only in Pomerium Enterprise',
      },
    },
  },
  redirectResponseCodes: [301, 302, 303, 307, 308],
};

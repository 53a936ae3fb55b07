import { type BackendSyncRules, dnsLookupFamilies, identityProviderTypes } from '@pomerium-unified/core';

const newerConsoleFields = 'fields of a newer Zero console that the target cannot take';

/**
 * What `@pomerium-unified/sync` needs to know about Pomerium Zero: the
 * extension keys the console computes, and what the keys of `extensions.zero`
 * mean on another backend.
 */
export const zeroSyncRules: BackendSyncRules = {
  readOnlyExtensionKeys: {
    namespace: '*',
    // Unknown settings of a newer console: the adapter writes only its typed Zero-only settings.
    settings: ['additionalFields'],
    policy: ['routes', 'enforcedRoutes'],
    route: ['policies', 'enforcedPolicies'],
    // `status` is computed, and a key-pair create takes no extension fields.
    keyPair: '*',
    // The cluster an account belongs to: where it lives, not something to write elsewhere.
    serviceAccount: '*',
  },
  foreignExtensionKeys: {
    settings: {
      databrokerStorageConnection: {
        severity: 'error',
        reason: 'the databroker storage connection is a setting of Pomerium Zero only',
      },
      mcpDynamicClientRegistration: {
        severity: 'error',
        reason: 'MCP dynamic client registration is a setting of Pomerium Zero only',
      },
      additionalFields: {
        severity: 'error',
        reason: 'settings of a newer Zero console that this library does not know',
      },
    },
    policy: {
      originatorId: { severity: 'warning', reason: 'the originator id is kept by Pomerium Zero only' },
      additionalFields: { severity: 'error', reason: newerConsoleFields },
    },
    route: {
      additionalFields: { severity: 'error', reason: newerConsoleFields },
      nestedFields: {
        severity: 'error',
        reason: 'keys a newer Zero console sent inside shared settings, which the target cannot take',
      },
    },
  },
  settingsValueSets: { dnsLookupFamily: dnsLookupFamilies, identityProvider: identityProviderTypes },
  serviceAccountScope: 'cluster',
};

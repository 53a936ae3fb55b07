import type { BackendSyncRules } from '@pomerium-unified/core';

const newerConsoleFields = 'fields of a newer Zero console that the target cannot take';

/**
 * What `@pomerium-unified/sync` needs to know about Pomerium Zero: the
 * extension keys the console computes, and what the keys of `extensions.zero`
 * mean on another backend.
 */
export const zeroSyncRules: BackendSyncRules = {
  readOnlyExtensionKeys: {
    namespace: '*',
    policy: ['routes', 'enforcedRoutes'],
    route: ['policies', 'enforcedPolicies'],
    // `status` is computed, and a key-pair create takes no extension fields.
    keyPair: '*',
  },
  foreignExtensionKeys: {
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
};

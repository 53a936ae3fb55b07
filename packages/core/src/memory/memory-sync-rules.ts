import type { BackendSyncRules } from '../backend-sync-rules.js';

/**
 * The sync rules of the memory backend: every extension key it stores is
 * writable (it computes none), it accepts every redirect code of the model,
 * and its bag holds only what callers put there, which no other backend
 * knows (so another target reports those keys as fields it cannot take).
 */
export const memorySyncRules: BackendSyncRules = {
  readOnlyExtensionKeys: {},
  foreignExtensionKeys: {},
};

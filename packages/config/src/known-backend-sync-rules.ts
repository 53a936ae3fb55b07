import type { BackendSyncRules } from '@pomerium-unified/core';
import { enterpriseSyncRules } from '@pomerium-unified/enterprise-adapter';
import { zeroSyncRules } from '@pomerium-unified/zero-adapter';
import type { BackendKind } from './backend-settings.js';

const rulesByKind: Readonly<Record<BackendKind, BackendSyncRules>> = {
  zero: zeroSyncRules,
  enterprise: enterpriseSyncRules,
};

/**
 * The sync rules a backend kind this package configures declares, for a
 * document whose `source.backend` names it (a document read from a file has
 * no client to ask). Undefined for other names.
 */
export function knownBackendSyncRules(name: string | undefined): BackendSyncRules | undefined {
  return name !== undefined && Object.hasOwn(rulesByKind, name) ? rulesByKind[name as BackendKind] : undefined;
}

import type { ServiceAccount, ServiceAccountCreateInput, ServiceAccountUpdatePatch } from '@pomerium-unified/core';
import type { JsonPatchOperation } from './convert-json-patch.js';
import type { ZeroServiceAccount } from './zero-resource-wire-types.js';

/** Zero keys of a service account the neutral model carries outside `extensions.zero`. */
const modelKeys = new Set(['id', 'userId', 'description', 'expiresAt', 'originatorId', 'createdAt', 'updatedAt']);

/**
 * A Zero `ServiceAccount` in the neutral model (cluster-scoped: `namespaceId`
 * undefined; `clusterId` in `extensions.zero`). A `token` key, if the server
 * sent one, never reaches the model.
 */
export function zeroServiceAccountToServiceAccount(account: ZeroServiceAccount, clusterId: string): ServiceAccount {
  const additionalFields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(account)) {
    if (!modelKeys.has(key) && key !== 'token' && value !== undefined) additionalFields[key] = structuredClone(value);
  }
  return {
    id: account.id,
    userId: account.userId,
    description: account.description ?? '',
    expiresAt: account.expiresAt,
    namespaceId: undefined,
    originatorId: account.originatorId,
    createdAt: account.createdAt,
    updatedAt: account.updatedAt,
    issuedAt: undefined,
    accessedAt: undefined,
    extensions: {
      zero: { clusterId, ...(Object.keys(additionalFields).length > 0 ? { additionalFields } : {}) },
    },
  };
}

/** The body of `POST …/serviceAccounts` (`ServiceAccountProperties`): `description` is required, `""` when none. */
export function serviceAccountToZeroProperties(input: ServiceAccountCreateInput): Record<string, unknown> {
  return {
    userId: input.userId,
    description: input.description ?? '',
    ...(input.expiresAt !== undefined ? { expiresAt: input.expiresAt } : {}),
    ...(input.originatorId !== undefined ? { originatorId: input.originatorId } : {}),
  };
}

/**
 * The JSON Patch of a service-account update (Zero has no PUT for them):
 * `add` sets a key (replacing it when present), `expiresAt: null` removes the
 * expiry when the account has one (`previous` is the account as read).
 */
export function serviceAccountPatchToJsonPatch(
  patch: ServiceAccountUpdatePatch,
  previous: ZeroServiceAccount | undefined,
): JsonPatchOperation[] {
  const operations: JsonPatchOperation[] = [];
  if (patch.description !== undefined) operations.push({ op: 'add', path: '/description', value: patch.description });
  if (patch.expiresAt === null) {
    if (previous?.expiresAt !== undefined) operations.push({ op: 'remove', path: '/expiresAt' });
  } else if (patch.expiresAt !== undefined) {
    operations.push({ op: 'add', path: '/expiresAt', value: patch.expiresAt });
  }
  if (patch.originatorId !== undefined)
    operations.push({ op: 'add', path: '/originatorId', value: patch.originatorId });
  return operations;
}

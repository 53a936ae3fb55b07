import type { MessageInitShape } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  bareServiceAccountUserId,
  type ServiceAccount,
  type ServiceAccountCreateInput,
  type ServiceAccountUpdatePatch,
} from '@pomerium-unified/core';
import type {
  PomeriumServiceAccount,
  PomeriumServiceAccountSchema,
  PomeriumServiceAccount as ProtoServiceAccount,
} from '@pomerium-unified/enterprise-protos';
import { timestampToString } from './convert-duration.js';

/** Enterprise-only fields of a service account, kept in `extensions.enterprise`. Read-only. */
export interface EnterpriseServiceAccountExtension {
  /** `user_id` as the console returns it (with the `@<namespace_id>.pomerium` suffix in non-global namespaces). */
  fullUserId?: string;
}

declare module '@pomerium-unified/core' {
  interface ServiceAccountExtensions {
    /** Enterprise-only service-account fields. */
    enterprise?: EnterpriseServiceAccountExtension;
  }
}

/** Converts a console `PomeriumServiceAccount` into the core model; `userId` is the bare name (suffix stripped). */
export function serviceAccountFromProto(account: PomeriumServiceAccount): ServiceAccount {
  const userId = bareServiceAccountUserId(account.userId, account.namespaceId);
  const enterprise: EnterpriseServiceAccountExtension = {};
  if (userId !== account.userId) enterprise.fullUserId = account.userId;
  return {
    id: account.id,
    userId,
    description: account.description ?? '',
    expiresAt: timestampToString(account.expiresAt),
    namespaceId: account.namespaceId === '' ? undefined : account.namespaceId,
    originatorId: account.originatorId === '' ? undefined : account.originatorId,
    createdAt: undefined,
    updatedAt: undefined,
    issuedAt: timestampToString(account.issuedAt),
    accessedAt: timestampToString(account.accessedAt),
    extensions: { enterprise },
  };
}

/** The `service_account` of an Add request: the bare name in `user_id`, id left empty. */
export function serviceAccountCreateToProto(
  input: ServiceAccountCreateInput,
): MessageInitShape<typeof PomeriumServiceAccountSchema> {
  return {
    userId: bareServiceAccountUserId(input.userId, input.namespaceId),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.expiresAt !== undefined ? { expiresAt: timestampFromDate(new Date(input.expiresAt)) } : {}),
    ...(input.namespaceId !== undefined ? { namespaceId: input.namespaceId } : {}),
    ...(input.originatorId !== undefined ? { originatorId: input.originatorId } : {}),
  };
}

/**
 * The whole `service_account` of a Set request: the current account with the
 * patch applied (Set has no mask). The bare name goes in `user_id`; `issued_at`
 * and `accessed_at` are left unset (server-made).
 */
export function serviceAccountPatchToProto(
  current: ProtoServiceAccount,
  patch: ServiceAccountUpdatePatch,
): MessageInitShape<typeof PomeriumServiceAccountSchema> {
  const expiresAt =
    patch.expiresAt === undefined
      ? current.expiresAt
      : patch.expiresAt === null
        ? undefined
        : timestampFromDate(new Date(patch.expiresAt));
  const description = patch.description ?? current.description;
  const originatorId = patch.originatorId ?? current.originatorId;
  return {
    id: current.id,
    userId: bareServiceAccountUserId(current.userId, current.namespaceId),
    ...(current.namespaceId !== undefined ? { namespaceId: current.namespaceId } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(expiresAt !== undefined ? { expiresAt } : {}),
    ...(originatorId !== undefined ? { originatorId } : {}),
  };
}

import {
  bareServiceAccountUserId,
  type PomeriumClient,
  PomeriumError,
  type ServiceAccount,
} from '@pomerium-unified/core';
import type { ConfigExtensions, ConfigServiceAccount } from './config-document.js';
import { type EntryBackend, writableExtensions } from './config-entries.js';
import { rootPath } from './config-keys.js';
import { unavailableCodes } from './export-settings.js';

/** The service accounts of a deployment as listed, or why they could not be listed. */
export type ServiceAccountsRead =
  | { serviceAccounts: ServiceAccount[]; unavailable?: undefined }
  | { unavailable: string };

/**
 * Lists the service accounts of a deployment (tokens are never part of them).
 * A backend without `capabilities.serviceAccounts`, or one that cannot address
 * a scope (a Zero backend without a `cluster`), or credentials that may not
 * list them, gives `unavailable` with the reason; other errors are thrown.
 */
export async function readServiceAccounts(client: PomeriumClient, signal?: AbortSignal): Promise<ServiceAccountsRead> {
  if (!client.capabilities.serviceAccounts) {
    return {
      unavailable: `${client.backend.name} does not offer service accounts through its API (capabilities.serviceAccounts)`,
    };
  }
  try {
    return { serviceAccounts: await client.serviceAccounts.list(signal ? { signal } : {}).toArray() };
  } catch (error) {
    if (PomeriumError.isInstance(error) && unavailableCodes.has(error.code)) return { unavailable: error.message };
    throw error;
  }
}

/** The bare user id of an account: what accounts are matched by across deployments. */
export function serviceAccountKey(account: { userId: string; namespaceId?: string | undefined }): string {
  return bareServiceAccountUserId(account.userId, account.namespaceId);
}

/**
 * The document form of a service account: bare user id, namespace path, no id,
 * timestamps or token; of its extension bags, what the reading backend does not
 * declare read-only (`syncRules.readOnlyExtensionKeys.serviceAccount`).
 */
export function serviceAccountEntry(
  account: ServiceAccount,
  paths: ReadonlyMap<string, string>,
  reader: EntryBackend,
): ConfigServiceAccount {
  const namespace = account.namespaceId === undefined ? undefined : (paths.get(account.namespaceId) ?? undefined);
  const extensions: ConfigExtensions = writableExtensions(account.extensions, 'serviceAccount', reader) ?? {};
  return {
    userId: serviceAccountKey(account),
    ...(namespace !== undefined && namespace !== rootPath ? { namespace } : {}),
    ...(account.description ? { description: account.description } : {}),
    ...(account.expiresAt ? { expiresAt: account.expiresAt } : {}),
    ...(Object.keys(extensions).length > 0 ? { extensions } : {}),
  };
}

/** Document entries of every account, by user id then namespace. */
export function serviceAccountEntries(
  accounts: readonly ServiceAccount[],
  paths: ReadonlyMap<string, string>,
  reader: EntryBackend,
): ConfigServiceAccount[] {
  return accounts
    .map((account) => serviceAccountEntry(account, paths, reader))
    .sort((left, right) => compare(left.userId, right.userId) || compare(left.namespace ?? '', right.namespace ?? ''));
}

function compare(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

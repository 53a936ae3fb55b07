import { type PomeriumClient, PomeriumError, type ServiceAccount } from '@pomerium-unified/core';
import type { ConfigServiceAccount } from './config-document.js';
import { rootPath } from './config-keys.js';
import { runPool } from './run-pool.js';
import type { PlannedChange } from './sync-plan.js';
import type { TokenFile } from './write-token-file.js';

/**
 * Creates a planned service account on the target and appends its new token
 * to the token file (the only place a token goes). A namespace-scoped target
 * must hold the account's namespace: an account is never widened to the
 * global namespace. A create whose answer was lost is not retried: its token
 * is lost with the answer (delete the account and run again).
 */
export async function createPlannedServiceAccount(
  change: PlannedChange,
  target: PomeriumClient,
  namespaceIds: ReadonlyMap<string, string>,
  tokenFile: TokenFile,
  call: { signal?: AbortSignal },
): Promise<ServiceAccount> {
  const entry = change.desired as ConfigServiceAccount;
  let namespaceId: string | undefined;
  if (
    entry.namespace !== undefined &&
    entry.namespace !== rootPath &&
    target.backend.syncRules?.serviceAccountScope !== 'cluster'
  ) {
    namespaceId = namespaceIds.get(entry.namespace);
    if (namespaceId === undefined) {
      throw new PomeriumError(
        `The namespace ${entry.namespace} of service account ${entry.userId} does not exist on ${target.backend.name}`,
        { code: 'failed_precondition', field: 'namespace' },
      );
    }
  }
  const issued = await target.serviceAccounts.create(
    {
      userId: entry.userId,
      ...(entry.description !== undefined ? { description: entry.description } : {}),
      ...(entry.expiresAt !== undefined ? { expiresAt: entry.expiresAt } : {}),
      ...(namespaceId !== undefined ? { namespaceId } : {}),
    },
    call,
  );
  if (issued.token === undefined || issued.token.masked) {
    throw new PomeriumError(
      `${target.backend.name} created service account ${entry.userId} without returning a token`,
      {
        code: 'internal',
      },
    );
  }
  await tokenFile.append({ userId: entry.userId, id: issued.serviceAccount.id, token: issued.token });
  return issued.serviceAccount;
}

/** How {@link createPlannedServiceAccounts} runs and reports. */
export interface ServiceAccountCreation {
  /** Creates in flight at once. */
  concurrency: number;
  /** Call options (the signal). */
  call: { signal?: AbortSignal };
  /** Called with the new account's id after its token is in the file. */
  created(change: PlannedChange, id: string): void;
  /** Called when a create (or writing its token) failed. */
  failed(change: PlannedChange, error: unknown): void;
}

/** Creates the planned service accounts, at most `concurrency` at once, each token appended to the token file. */
export async function createPlannedServiceAccounts(
  changes: readonly PlannedChange[],
  target: PomeriumClient,
  namespaceIds: ReadonlyMap<string, string>,
  tokenFile: TokenFile,
  options: ServiceAccountCreation,
): Promise<void> {
  await runPool(
    [...changes],
    options.concurrency,
    async (change) => {
      try {
        const account = await createPlannedServiceAccount(change, target, namespaceIds, tokenFile, options.call);
        options.created(change, account.id);
      } catch (error) {
        options.failed(change, error);
      }
    },
    options.call.signal,
  );
}

import {
  type KeyPair,
  type KeyPairCreateInput,
  type KeyPairUpdatePatch,
  type PomeriumClient,
  PomeriumError,
  type Secret,
} from '@pomerium-unified/core';
import { type IdResolver, namespaceId } from './change-writes.js';
import type { ConfigKeyPair } from './config-document.js';
import { type KeyPairKeys, resolveKeyPairKeys } from './key-pair-keys.js';
import type { PlannedChange, SyncPlan } from './sync-plan.js';

/** What {@link keyPairWriter} needs from the apply it is part of. */
export interface KeyPairWriteContext {
  /** The deployment to write. */
  target: PomeriumClient;
  /** Target ids known so far; key pairs are added by fingerprint. */
  ids: IdResolver;
  /** The user's private keys. */
  keyPairKeys: KeyPairKeys | undefined;
  /** Call options (the signal). */
  call: { signal?: AbortSignal };
  /** Reports a finished change. */
  succeeded(change: PlannedChange, id: string | undefined): void;
  /** Reports a failed change. */
  failed(change: PlannedChange, error: unknown): void;
}

/** The private keys of a plan's key-pair changes, matched to their certificates. */
function planKeys(plan: SyncPlan, keyPairKeys: KeyPairKeys | undefined): Map<string, Secret> {
  const certificates = new Map<string, string>();
  for (const change of plan.changes) {
    if (change.kind !== 'keyPair' || !change.desired) continue;
    const entry = change.desired as ConfigKeyPair;
    certificates.set(entry.fingerprint, entry.certificate);
  }
  if (certificates.size === 0) return new Map();
  return resolveKeyPairKeys(keyPairKeys, certificates).keys;
}

function keyNotSupplied(fingerprint: string): PomeriumError {
  return new PomeriumError(
    `The plan writes the private key of key pair ${fingerprint}, but keyPairKeys (--key-pair-keys) holds none for it; pass the same key files to apply`,
    { code: 'failed_precondition', field: 'keyPairKeys' },
  );
}

/**
 * Writes a plan's key-pair creates and updates: the private key read from the
 * user's keys when the plan says so (never from the plan). A create whose
 * answer was lost is recovered by fingerprint. Each written key pair's id is
 * recorded by fingerprint, so routes written after it refer to it.
 */
export function keyPairWriter(plan: SyncPlan, context: KeyPairWriteContext): (change: PlannedChange) => Promise<void> {
  const { target, ids, call } = context;
  const keys = planKeys(plan, context.keyPairKeys);
  ids.keyPairs ??= new Map(Object.entries(plan.targetIds.keyPairs ?? {}));
  const keyPairIds = ids.keyPairs;
  const keyOf = (fingerprint: string) => {
    const key = keys.get(fingerprint);
    if (!key) throw keyNotSupplied(fingerprint);
    return key;
  };
  return async (change) => {
    const entry = change.desired as ConfigKeyPair;
    try {
      let stored: KeyPair;
      if (change.action === 'update') {
        const patch: KeyPairUpdatePatch = {};
        for (const { field } of change.diff ?? []) {
          if (field === 'name' && entry.name !== undefined) patch.name = entry.name;
          if (field === 'privateKey') patch.privateKey = keyOf(entry.fingerprint);
        }
        stored = await target.keyPairs.update(change.id!, patch, {
          ...call,
          ...(change.expectedUpdatedAt ? { expectedUpdatedAt: change.expectedUpdatedAt } : {}),
        });
      } else {
        const input: KeyPairCreateInput = {
          namespaceId: namespaceId(ids, entry.namespace),
          certificate: entry.certificate,
        };
        if (entry.name !== undefined) input.name = entry.name;
        if (change.withPrivateKey) input.privateKey = keyOf(entry.fingerprint);
        const own = entry.extensions?.[target.backend.name];
        if (own) input.extensions = { [target.backend.name]: structuredClone(own) };
        try {
          stored = await target.keyPairs.create(input, call);
        } catch (error) {
          if (!PomeriumError.isInstance(error) || !(error.code === 'already_exists' || error.mayHaveCommitted)) {
            throw error;
          }
          const found = await target.keyPairs.findByFingerprint({
            fingerprint: entry.fingerprint,
            namespaceId: input.namespaceId,
            ...call,
          });
          if (!found) throw error;
          stored =
            input.privateKey && !found.hasPrivateKey
              ? await target.keyPairs.update(found.id, { privateKey: input.privateKey }, call)
              : found;
        }
      }
      keyPairIds.set(entry.fingerprint, stored.id);
      context.succeeded(change, stored.id);
    } catch (error) {
      context.failed(change, error);
    }
  };
}

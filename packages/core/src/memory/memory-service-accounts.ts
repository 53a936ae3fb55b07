import { randomBytes } from 'node:crypto';
import type { ServiceAccountBackend } from '../backend-specification.js';
import { Secret } from '../secret.js';
import type { ServiceAccount } from '../service-account-model.js';
import { snapshotInput } from '../snapshot-input.js';
import { checkMemorySignal, checkMemoryUpdatedAt, type MemoryStore, memoryFail, memoryPage } from './memory-support.js';

interface StoredServiceAccount {
  account: ServiceAccount;
  token: Secret;
}

function issueToken(): Secret {
  return Secret.of(`memory-sa-${randomBytes(24).toString('base64url')}`);
}

/**
 * The memory backend's service accounts: tokens issued on create and readable
 * with `getToken` (as on Zero); updates keep the token.
 */
export interface MemoryServiceAccounts {
  /** The backend member. */
  backend: ServiceAccountBackend;
  /** True when an account lives in the namespace (it then cannot be deleted). */
  usesNamespace(namespaceId: string): boolean;
}

/** Creates the memory backend's service accounts. */
export function createMemoryServiceAccounts(store: MemoryStore): MemoryServiceAccounts {
  const accounts = new Map<string, StoredServiceAccount>();
  const orFail = (id: string) => accounts.get(id) ?? memoryFail('not_found', `Service account ${id} not found`);
  const view = (stored: StoredServiceAccount): ServiceAccount => structuredClone(stored.account);

  const backend: ServiceAccountBackend = {
    async list(request) {
      checkMemorySignal(request);
      const all = [...accounts.values()].filter(
        (stored) => request.namespaceId === undefined || stored.account.namespaceId === request.namespaceId,
      );
      return memoryPage(all, request.offset, request.limit, view);
    },
    async get(request) {
      checkMemorySignal(request);
      return view(orFail(request.id));
    },
    async create(request) {
      checkMemorySignal(request);
      snapshotInput(request.input, 'service account input');
      const { input } = request;
      if (input.namespaceId !== undefined && !store.hasNamespace(input.namespaceId)) {
        memoryFail('invalid_argument', `Namespace ${input.namespaceId} not found`, 'namespaceId');
      }
      const timestamp = store.now();
      const account: ServiceAccount = {
        id: store.generateId(),
        userId: input.userId,
        description: input.description ?? '',
        expiresAt: input.expiresAt,
        namespaceId: input.namespaceId,
        originatorId: input.originatorId,
        createdAt: timestamp,
        updatedAt: timestamp,
        issuedAt: timestamp,
        accessedAt: undefined,
        extensions: structuredClone(input.extensions ?? {}),
      };
      const stored = { account, token: issueToken() };
      accounts.set(account.id, stored);
      return { serviceAccount: view(stored), token: stored.token };
    },
    async update(request) {
      checkMemorySignal(request);
      snapshotInput(request.patch, 'service account patch');
      const stored = orFail(request.id);
      checkMemoryUpdatedAt(request, stored.account, `Service account ${stored.account.id}`);
      const { patch } = request;
      const account: ServiceAccount = {
        ...stored.account,
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.expiresAt !== undefined ? { expiresAt: patch.expiresAt ?? undefined } : {}),
        ...(patch.originatorId !== undefined ? { originatorId: patch.originatorId } : {}),
        extensions: { ...stored.account.extensions, ...structuredClone(patch.extensions ?? {}) },
        updatedAt: store.nextUpdatedAt(stored.account.updatedAt),
      };
      const updated = { account, token: stored.token };
      accounts.set(account.id, updated);
      return { serviceAccount: view(updated), token: undefined };
    },
    async delete(request) {
      checkMemorySignal(request);
      const stored = orFail(request.id);
      accounts.delete(stored.account.id);
    },
    async getToken(request) {
      checkMemorySignal(request);
      return orFail(request.id).token;
    },
  };
  return {
    backend,
    usesNamespace: (namespaceId) => [...accounts.values()].some((stored) => stored.account.namespaceId === namespaceId),
  };
}

import { createPrivateKey } from 'node:crypto';
import type { KeyPairBackend } from '../backend-specification.js';
import { certificateFingerprint, parsePemCertificates } from '../certificate-fingerprint.js';
import { describeCertificates } from '../describe-certificate.js';
import type { KeyPair, KeyPairOrigin } from '../key-pair-model.js';
import type { Secret } from '../secret.js';
import { snapshotInput } from '../snapshot-input.js';
import { checkMemorySignal, checkMemoryUpdatedAt, type MemoryStore, memoryFail, memoryPage } from './memory-support.js';

/** A key pair the memory backend makes itself at start, like Zero's managed certificates (`origin: system`). */
export interface MemorySystemKeyPair {
  /** The certificate as PEM text. */
  certificate: string;
  /** Display name. */
  name?: string;
  /** The namespace; the root namespace when omitted. */
  namespaceId?: string;
}

interface StoredKeyPair {
  id: string;
  namespaceId: string;
  name: string | undefined;
  certificate: string;
  privateKey: Secret | undefined;
  origin: KeyPairOrigin;
  originatorId: string | undefined;
  createdAt: string;
  updatedAt: string;
  extensions: Record<string, unknown>;
}

function keyBelongsTo(certificate: string, privateKey: Secret): boolean {
  try {
    const [first] = parsePemCertificates(certificate);
    return first === undefined || first.checkPrivateKey(createPrivateKey(privateKey.reveal()));
  } catch {
    return false;
  }
}

function view(stored: StoredKeyPair): KeyPair {
  return {
    id: stored.id,
    namespaceId: stored.namespaceId,
    name: stored.name,
    certificate: stored.certificate,
    fingerprint: certificateFingerprint(stored.certificate),
    hasPrivateKey: stored.privateKey !== undefined,
    certificateInfo: describeCertificates(stored.certificate),
    origin: stored.origin,
    originatorId: stored.originatorId,
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
    extensions: structuredClone(stored.extensions),
  };
}

/** The memory backend's key pairs: private keys kept as Secrets and never returned; `system` ones read-only. */
export interface MemoryKeyPairs {
  /** The backend member. */
  backend: KeyPairBackend;
  /** True when a key pair lives in the namespace (it then cannot be deleted). */
  usesNamespace(namespaceId: string): boolean;
}

/** Creates the memory backend's key pairs. */
export function createMemoryKeyPairs(
  store: MemoryStore,
  rootNamespaceId: string,
  systemKeyPairs: readonly MemorySystemKeyPair[] = [],
): MemoryKeyPairs {
  const keyPairs = new Map<string, StoredKeyPair>();
  const orFail = (id: string) => keyPairs.get(id) ?? memoryFail('not_found', `Key pair ${id} not found`);
  const writable = (stored: StoredKeyPair) => {
    if (stored.origin === 'system') {
      memoryFail('failed_precondition', `Key pair ${stored.id} was made by the system and is read-only`);
    }
  };
  for (const system of systemKeyPairs) {
    const timestamp = store.now();
    const id = store.generateId();
    keyPairs.set(id, {
      id,
      namespaceId: system.namespaceId ?? rootNamespaceId,
      name: system.name,
      certificate: system.certificate,
      privateKey: undefined,
      origin: 'system',
      originatorId: undefined,
      createdAt: timestamp,
      updatedAt: timestamp,
      extensions: {},
    });
  }

  const backend: KeyPairBackend = {
    async list(request) {
      checkMemorySignal(request);
      const query = request.query?.toLowerCase();
      const all = [...keyPairs.values()]
        .filter((stored) => request.namespaceId === undefined || stored.namespaceId === request.namespaceId)
        .filter((stored) => query === undefined || (stored.name ?? '').toLowerCase().includes(query));
      return memoryPage(all, request.offset, request.limit, view);
    },
    async get(request) {
      checkMemorySignal(request);
      return view(orFail(request.id));
    },
    async create(request) {
      checkMemorySignal(request);
      snapshotInput(request.input, 'key pair input');
      const { input } = request;
      if (!store.hasNamespace(input.namespaceId)) {
        memoryFail('invalid_argument', `Namespace ${input.namespaceId} not found`, 'namespaceId');
      }
      if (input.privateKey !== undefined && !keyBelongsTo(input.certificate, input.privateKey)) {
        memoryFail('invalid_argument', 'The private key does not belong to the certificate', 'privateKey');
      }
      const timestamp = store.now();
      const stored: StoredKeyPair = {
        id: store.generateId(),
        namespaceId: input.namespaceId,
        name: input.name,
        certificate: input.certificate,
        privateKey: input.privateKey,
        origin: 'user',
        originatorId: input.originatorId,
        createdAt: timestamp,
        updatedAt: timestamp,
        extensions: structuredClone(input.extensions ?? {}),
      };
      keyPairs.set(stored.id, stored);
      return view(stored);
    },
    async update(request) {
      checkMemorySignal(request);
      snapshotInput(request.patch, 'key pair patch');
      const stored = orFail(request.id);
      writable(stored);
      checkMemoryUpdatedAt(request, stored, `Key pair ${stored.id}`);
      const { patch } = request;
      const certificate = patch.certificate ?? stored.certificate;
      const privateKey = patch.privateKey ?? stored.privateKey;
      if (privateKey !== undefined && !keyBelongsTo(certificate, privateKey)) {
        memoryFail(
          'invalid_argument',
          patch.privateKey === undefined
            ? 'The stored private key does not belong to the new certificate; send privateKey with it'
            : 'The private key does not belong to the certificate',
          'privateKey',
        );
      }
      const updated: StoredKeyPair = {
        ...stored,
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.originatorId !== undefined ? { originatorId: patch.originatorId } : {}),
        certificate,
        privateKey,
        extensions: { ...stored.extensions, ...structuredClone(patch.extensions ?? {}) },
        updatedAt: store.nextUpdatedAt(stored.updatedAt),
      };
      keyPairs.set(updated.id, updated);
      return view(updated);
    },
    async delete(request) {
      checkMemorySignal(request);
      const stored = orFail(request.id);
      writable(stored);
      keyPairs.delete(stored.id);
    },
  };
  return {
    backend,
    usesNamespace: (namespaceId) => [...keyPairs.values()].some((stored) => stored.namespaceId === namespaceId),
  };
}

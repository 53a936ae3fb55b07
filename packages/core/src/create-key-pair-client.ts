import type { KeyPairBackend, ResourceListFilter } from './backend-specification.js';
import type { CallEnvironment } from './call-runner.js';
import { certificateFingerprint, normalizeFingerprint } from './certificate-fingerprint.js';
import {
  type ClientCallOptions,
  createResourceClient,
  invalid,
  type ResourceClient,
  readOptions,
} from './create-resource-client.js';
import type { KeyPair, KeyPairCreateInput, KeyPairUpdatePatch } from './key-pair-model.js';
import { keyPairCreateInputSchema, keyPairUpdatePatchSchema } from './key-pair-schema.js';
import { assertId } from './parse-input.js';
import { PomeriumError } from './pomerium-error.js';

/** Options of `client.keyPairs.findByFingerprint()`. */
export interface KeyPairFingerprintOptions extends ClientCallOptions {
  /** SHA-256 of the DER certificate: 64 hex digits (colons allowed). */
  fingerprint: string;
  /** Only look in this namespace. */
  namespaceId?: string;
}

/** Client operations on key pairs. */
export interface KeyPairClient
  extends ResourceClient<
    KeyPair,
    KeyPairCreateInput,
    KeyPairUpdatePatch,
    ResourceListFilter,
    { name: string; namespaceId?: string }
  > {
  /**
   * The key pair whose certificate has this fingerprint (the match key across
   * deployments), or undefined. Rejects with `failed_precondition` naming the
   * ids when several match.
   */
  findByFingerprint(options: KeyPairFingerprintOptions): Promise<KeyPair | undefined>;
}

/** Fills a missing fingerprint from the certificate (the client's guarantee, whatever the adapter did). */
function withFingerprint(item: KeyPair): KeyPair {
  if (typeof item !== 'object' || item === null || item.fingerprint !== undefined) return item;
  const fingerprint = certificateFingerprint(item.certificate);
  return fingerprint === undefined ? item : { ...item, fingerprint };
}

function fillFingerprints(backend: KeyPairBackend): KeyPairBackend {
  return {
    list: async (options) => {
      const page = await backend.list(options);
      return Array.isArray(page?.items) ? { ...page, items: page.items.map(withFingerprint) } : page;
    },
    get: async (options) => withFingerprint(await backend.get(options)),
    create: async (options) => withFingerprint(await backend.create(options)),
    update: async (options) => withFingerprint(await backend.update(options)),
    delete: (options) => backend.delete(options),
  };
}

/** Builds `client.keyPairs`. */
export function createKeyPairClient(
  environment: CallEnvironment,
  backend: KeyPairBackend,
  pageSize: number,
): KeyPairClient {
  const resource = fillFingerprints(backend);
  const client = createResourceClient<
    KeyPair,
    KeyPairCreateInput,
    KeyPairUpdatePatch,
    ResourceListFilter,
    { name: string; namespaceId?: string }
  >(
    environment,
    // The schemas turn the private key into a Secret: the backend receives the Valid* inputs.
    resource,
    {
      plural: 'keyPairs',
      what: 'key pair',
      createSchema: keyPairCreateInputSchema,
      patchSchema: keyPairUpdatePatchSchema,
      filterIdKeys: ['namespaceId'],
      nameOf: (item) => item.name ?? '',
      idOf: (item) => item.id,
      createdAtOf: (item) => item.createdAt,
      findFilter: ({ name, namespaceId }) => ({ query: name, ...(namespaceId === undefined ? {} : { namespaceId }) }),
      recovery: (input) => {
        const fingerprint = certificateFingerprint(input.certificate);
        return {
          filter: { namespaceId: input.namespaceId },
          matches: (item) =>
            item.namespaceId === input.namespaceId && fingerprint !== undefined && item.fingerprint === fingerprint,
        };
      },
    },
    pageSize,
  );
  return {
    ...client,
    async findByFingerprint(options) {
      const label = 'key pair findByFingerprint options';
      const { signal, rest } = readOptions(options, label);
      const fingerprint = typeof rest.fingerprint === 'string' ? normalizeFingerprint(rest.fingerprint) : undefined;
      if (fingerprint === undefined) {
        throw invalid(`Invalid ${label}: fingerprint must be 64 hex digits (a SHA-256)`, 'fingerprint');
      }
      if (rest.namespaceId !== undefined) assertId(rest.namespaceId, `${label}: namespaceId`, 'namespaceId');
      const namespaceId = rest.namespaceId as string | undefined;
      const found: KeyPair[] = [];
      for await (const item of client.list({
        ...(namespaceId === undefined ? {} : { namespaceId }),
        ...(signal === undefined ? {} : { signal }),
      })) {
        if (item.fingerprint === fingerprint) found.push(item);
      }
      if (found.length > 1) {
        throw new PomeriumError(
          `${found.length} key pairs have the fingerprint ${fingerprint}: ${found.map((item) => item.id).join(', ')}; pass namespaceId or get by id`,
          { code: 'failed_precondition', backend: environment.backendName, operation: 'keyPairs.findByFingerprint' },
        );
      }
      return found[0];
    },
  };
}

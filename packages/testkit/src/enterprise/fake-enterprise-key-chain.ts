import { createHash, createPrivateKey, randomUUID } from 'node:crypto';
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { timestampFromDate, timestampNow } from '@bufbuild/protobuf/wkt';
import { Code, ConnectError } from '@connectrpc/connect';
import { type CertificateName, describeCertificates, parsePemCertificates } from '@pomerium-unified/core';
import {
  type CertificateInfo,
  CertificateInfoSchema,
  type CreateKeyPairRequest,
  Format,
  type KeyPairRecord,
  KeyPairRecordSchema,
  type ListKeyPairsRequest,
  NameSchema,
  type UpdateKeyPairRequest,
} from '@pomerium-unified/enterprise-protos';
import { IndexedMap } from '../shared/indexed-map.js';
import { listPage } from './fake-enterprise-list-page.js';
import type { FakeEnterpriseState, FakeServiceAccount } from './fake-enterprise-state.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

function nameToProto(name: CertificateName) {
  return create(NameSchema, { ...name });
}

/** The console's parse of the leaf certificate of `pem` (undefined when it does not parse). */
function certificateInfoOf(pem: string): CertificateInfo | undefined {
  const [leaf] = describeCertificates(pem);
  if (leaf === undefined) return undefined;
  const date = (value: string | undefined) => (value === undefined ? undefined : timestampFromDate(new Date(value)));
  return create(CertificateInfoSchema, {
    version: BigInt(leaf.version),
    serial: leaf.serial,
    issuer: nameToProto(leaf.issuer),
    subject: nameToProto(leaf.subject),
    notBefore: date(leaf.notBefore),
    notAfter: date(leaf.notAfter),
    keyUsage: { ...leaf.keyUsage, serverAuth: leaf.extKeyUsage.serverAuth, clientAuth: leaf.extKeyUsage.clientAuth },
    dnsNames: leaf.dnsNames,
    emailAddresses: leaf.emailAddresses,
    ipAddresses: leaf.ipAddresses,
    uris: leaf.uris,
    permittedDnsDomainsCritical: leaf.permittedDnsDomainsCritical,
    permittedDnsDomains: leaf.permittedDnsDomains,
    excludedDnsDomains: leaf.excludedDnsDomains,
    permittedIpRanges: leaf.permittedIpRanges,
    excludedIpRanges: leaf.excludedIpRanges,
    permittedEmailAddresses: leaf.permittedEmailAddresses,
    excludedEmailAddresses: leaf.excludedEmailAddresses,
    permittedUriDomains: leaf.permittedUriDomains,
    excludedUriDomains: leaf.excludedUriDomains,
  });
}

/** PEM certificate bytes, checked: InvalidArgument naming `certificate` otherwise. */
function certificateText(bytes: Uint8Array): string {
  try {
    const text = utf8.decode(bytes);
    if (parsePemCertificates(text).length > 0) return text;
  } catch {
    // reported below
  }
  throw new ConnectError('certificate: not a PEM certificate', Code.InvalidArgument);
}

/** PEM private-key bytes that belong to `certificate`; the key is never echoed in an error. */
function checkedKey(bytes: Uint8Array, certificate: string, field: string): Uint8Array {
  let matches = false;
  try {
    const [leaf] = parsePemCertificates(certificate);
    matches = leaf?.checkPrivateKey(createPrivateKey(utf8.decode(bytes))) ?? false;
  } catch {
    throw new ConnectError(`${field}: not a PEM private key`, Code.InvalidArgument);
  }
  if (!matches) throw new ConnectError(`${field}: does not belong to the certificate`, Code.InvalidArgument);
  return bytes;
}

/**
 * The key chain of the fake console (`KeyChainService`): records as the
 * console returns them, and private keys kept apart, write-only (a read shows
 * `key_sha256` only). `cert_info` is parsed from the certificate on every write.
 */
export class FakeEnterpriseKeyChain {
  /** Stored records by id (without private keys), indexed by namespace. */
  readonly keyPairs = new IndexedMap<KeyPairRecord, 'namespace'>({ namespace: (record) => [record.namespaceId] });
  /** Stored private keys by key-pair id (tests may check what was written; never returned on the wire). */
  readonly privateKeys = new Map<string, Uint8Array>();
  readonly #state: FakeEnterpriseState;

  constructor(state: FakeEnterpriseState) {
    this.#state = state;
  }

  /** Loads a key pair, trusting it (no permission checks). Returns the stored record. */
  seed(init: MessageInitShape<typeof KeyPairRecordSchema> & { key?: Uint8Array }): KeyPairRecord {
    const { key, ...fields } = init;
    const record = create(KeyPairRecordSchema, fields);
    record.id ||= randomUUID();
    record.namespaceId ||= this.#state.rootNamespaceId;
    record.createdAt ??= timestampNow();
    record.modifiedAt ??= record.createdAt;
    this.#store(record, key);
    return record;
  }

  #store(record: KeyPairRecord, key: Uint8Array | undefined): void {
    const certificate = utf8.decode(record.certificate);
    const info = certificateInfoOf(certificate);
    if (info) record.certInfo = info;
    else delete record.certInfo;
    if (key !== undefined) {
      this.privateKeys.set(record.id, key);
      record.keySha256 = createHash('sha256').update(key).digest('hex');
    }
    record.hasPrivateKey = this.privateKeys.has(record.id);
    this.keyPairs.set(record.id, record);
  }

  #existing(account: FakeServiceAccount, id: string): KeyPairRecord {
    const record = this.keyPairs.get(id);
    if (!record) throw new ConnectError(`key pair ${id} not found`, Code.NotFound);
    this.#state.requireAccess(account, record.namespaceId);
    return record;
  }

  /** ListKeyPairs: by namespace and name query, paged, with `total_count`. */
  list(account: FakeServiceAccount, request: ListKeyPairsRequest) {
    const result = listPage(
      this.#state,
      account,
      this.keyPairs,
      (record) => record.namespaceId,
      (record, query) => record.name.toLowerCase().includes(query),
      { ...request, namespace: request.namespaceId },
    );
    return { keyPairs: result.items.map((record) => ({ ...record })), totalCount: result.totalCount };
  }

  /** GetKeyPair: NotFound, PermissionDenied or the record. */
  get(account: FakeServiceAccount, id: string): KeyPairRecord {
    return { ...this.#existing(account, id) };
  }

  /** CreateKeyPair: a flat request; `format` must be PEM; a caller-chosen id must be new. */
  create(account: FakeServiceAccount, request: CreateKeyPairRequest): KeyPairRecord {
    if (request.format !== Format.PEM) throw new ConnectError('format: must be PEM', Code.InvalidArgument);
    if (request.namespaceId === '' || !this.#state.namespaces.has(request.namespaceId)) {
      throw new ConnectError(`namespace_id: namespace ${request.namespaceId} not found`, Code.InvalidArgument);
    }
    this.#state.requireAccess(account, request.namespaceId);
    const certificate = certificateText(request.certificate);
    const key = request.key.length > 0 ? checkedKey(request.key, certificate, 'key') : undefined;
    const id = request.id ?? randomUUID();
    if (this.keyPairs.has(id)) throw new ConnectError(`key pair ${id} already exists`, Code.AlreadyExists);
    const now = timestampNow();
    const record = create(KeyPairRecordSchema, {
      id,
      name: request.name,
      namespaceId: request.namespaceId,
      createdAt: now,
      modifiedAt: now,
      certificate: request.certificate,
      originatorId: request.originatorId,
    });
    this.#store(record, key);
    return { ...record };
  }

  /** UpdateKeyPair: by presence; a new certificate must match the key that will be stored. */
  update(account: FakeServiceAccount, request: UpdateKeyPairRequest): KeyPairRecord {
    const current = this.#existing(account, request.id);
    if (request.format !== undefined && request.format !== Format.PEM) {
      throw new ConnectError('format: must be PEM', Code.InvalidArgument);
    }
    const certificateBytes = request.certificate ?? current.certificate;
    const certificate = certificateText(certificateBytes);
    const storedKey = this.privateKeys.get(current.id);
    const key =
      request.key !== undefined && request.key.length > 0
        ? checkedKey(request.key, certificate, 'key')
        : storedKey !== undefined && request.certificate !== undefined
          ? checkedKey(storedKey, certificate, 'certificate')
          : undefined;
    const record = create(KeyPairRecordSchema, {
      ...current,
      name: request.name ?? current.name,
      certificate: certificateBytes,
      originatorId: request.originatorId,
      modifiedAt: timestampNow(),
    });
    this.#store(record, key);
    return { ...record };
  }

  /** DeleteKeyPair: NotFound, PermissionDenied or gone (with its private key). */
  delete(account: FakeServiceAccount, id: string): void {
    this.#existing(account, id);
    this.keyPairs.delete(id);
    this.privateKeys.delete(id);
  }
}

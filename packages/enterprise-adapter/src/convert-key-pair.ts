import type { MessageInitShape } from '@bufbuild/protobuf';
import {
  type CertificateInfo,
  type CertificateName,
  certificateFingerprint,
  type KeyPair,
  revealSecret,
  type ValidKeyPairCreateInput,
  type ValidKeyPairUpdatePatch,
} from '@pomerium-unified/core';
import {
  type CreateKeyPairRequestSchema,
  Format,
  type KeyPairRecord,
  type CertificateInfo as ProtoCertificateInfo,
  type Name as ProtoName,
  type UpdateKeyPairRequestSchema,
} from '@pomerium-unified/enterprise-protos';
import { timestampToString } from './convert-duration.js';
import { nonEmptyString } from './convert-route-values.js';

/** Enterprise-only fields of a key pair, kept in `extensions.enterprise`. Read-only. */
export interface EnterpriseKeyPairExtension {
  /** `key_sha256`: the console's digest of the stored private key (input and encoding undocumented). */
  keySha256?: string;
}

declare module '@pomerium-unified/core' {
  interface KeyPairExtensions {
    /** Enterprise-only key-pair fields. */
    enterprise?: EnterpriseKeyPairExtension;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

function nameFromProto(name: ProtoName | undefined): CertificateName {
  return {
    country: [...(name?.country ?? [])],
    organization: [...(name?.organization ?? [])],
    organizationalUnit: [...(name?.organizationalUnit ?? [])],
    locality: [...(name?.locality ?? [])],
    province: [...(name?.province ?? [])],
    streetAddress: [...(name?.streetAddress ?? [])],
    postalCode: [...(name?.postalCode ?? [])],
    serialNumber: name?.serialNumber ?? '',
    commonName: name?.commonName ?? '',
  };
}

/** Converts the console's `CertificateInfo` (one certificate, the leaf) into the core model. */
export function certificateInfoFromProto(info: ProtoCertificateInfo): CertificateInfo {
  const usage = info.keyUsage;
  return {
    version: Number(info.version),
    serial: info.serial,
    issuer: nameFromProto(info.issuer),
    subject: nameFromProto(info.subject),
    notBefore: timestampToString(info.notBefore),
    notAfter: timestampToString(info.notAfter),
    keyUsage: {
      digitalSignature: usage?.digitalSignature ?? false,
      contentCommitment: usage?.contentCommitment ?? false,
      keyEncipherment: usage?.keyEncipherment ?? false,
      dataEncipherment: usage?.dataEncipherment ?? false,
      keyAgreement: usage?.keyAgreement ?? false,
      certSign: usage?.certSign ?? false,
      crlSign: usage?.crlSign ?? false,
      encipherOnly: usage?.encipherOnly ?? false,
      decipherOnly: usage?.decipherOnly ?? false,
    },
    extKeyUsage: { serverAuth: usage?.serverAuth ?? false, clientAuth: usage?.clientAuth ?? false },
    dnsNames: [...info.dnsNames],
    emailAddresses: [...info.emailAddresses],
    ipAddresses: [...info.ipAddresses],
    uris: [...info.uris],
    permittedDnsDomainsCritical: info.permittedDnsDomainsCritical,
    permittedDnsDomains: [...info.permittedDnsDomains],
    excludedDnsDomains: [...info.excludedDnsDomains],
    permittedIpRanges: [...info.permittedIpRanges],
    excludedIpRanges: [...info.excludedIpRanges],
    permittedEmailAddresses: [...info.permittedEmailAddresses],
    excludedEmailAddresses: [...info.excludedEmailAddresses],
    permittedUriDomains: [...info.permittedUriDomains],
    excludedUriDomains: [...info.excludedUriDomains],
  };
}

/**
 * The certificate bytes of a `KeyPairRecord` as PEM text; undefined when empty.
 * Throws a `TypeError` when the bytes are not UTF-8 (the caller reports a bad answer).
 */
export function certificateFromProto(bytes: Uint8Array): string | undefined {
  return bytes.length === 0 ? undefined : utf8.decode(bytes);
}

/** Converts a console `KeyPairRecord` into the core model; the fingerprint is computed here, client-side. */
export function keyPairFromProto(record: KeyPairRecord): KeyPair {
  const certificate = certificateFromProto(record.certificate);
  const enterprise: EnterpriseKeyPairExtension = {};
  if (record.keySha256 !== undefined) enterprise.keySha256 = record.keySha256;
  return {
    id: record.id,
    namespaceId: record.namespaceId,
    name: nonEmptyString(record.name),
    certificate,
    fingerprint: certificateFingerprint(certificate),
    // `has_private_key` is deprecated in favour of `key_sha256`; either one says a key is stored.
    hasPrivateKey: record.keySha256 !== undefined || record.hasPrivateKey,
    certificateInfo: record.certInfo ? [certificateInfoFromProto(record.certInfo)] : [],
    origin: 'user',
    originatorId: nonEmptyString(record.originatorId),
    createdAt: timestampToString(record.createdAt),
    updatedAt: timestampToString(record.modifiedAt),
    extensions: { enterprise },
  };
}

/** The flat `CreateKeyPairRequest` of a validated create input (format always PEM; the key only when given). */
export function keyPairCreateToProto(
  input: ValidKeyPairCreateInput,
): MessageInitShape<typeof CreateKeyPairRequestSchema> {
  const key = revealSecret(input.privateKey);
  return {
    name: input.name ?? '',
    namespaceId: input.namespaceId,
    format: Format.PEM,
    certificate: encoder.encode(input.certificate),
    ...(key === undefined ? {} : { key: encoder.encode(key) }),
    originatorId: input.originatorId ?? '',
  };
}

/**
 * The `UpdateKeyPairRequest` of a validated patch: only the fields the patch
 * names are present (the console updates by presence). `originator_id` is
 * implicit on the wire, so the current value is re-sent when the patch leaves it out.
 */
export function keyPairPatchToProto(
  id: string,
  patch: ValidKeyPairUpdatePatch,
  currentOriginatorId: string,
): MessageInitShape<typeof UpdateKeyPairRequestSchema> {
  const key = revealSecret(patch.privateKey);
  const writesKeyMaterial = patch.certificate !== undefined || key !== undefined;
  return {
    id,
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(writesKeyMaterial ? { format: Format.PEM } : {}),
    ...(patch.certificate !== undefined ? { certificate: encoder.encode(patch.certificate) } : {}),
    ...(key === undefined ? {} : { key: encoder.encode(key) }),
    originatorId: patch.originatorId ?? currentOriginatorId,
  };
}

import {
  type CertificateInfo,
  type CertificateName,
  certificateFingerprint,
  type KeyPair,
  revealSecret,
  type ValidKeyPairCreateInput,
  type ValidKeyPairUpdatePatch,
} from '@pomerium-unified/core';
import type { JsonPatchOperation } from './convert-json-patch.js';
import type { ZeroKeyPair } from './zero-resource-wire-types.js';

/** Zero keys of a key pair the neutral model carries outside `extensions.zero`. */
const modelKeys = new Set([
  'id',
  'namespaceId',
  'name',
  'certificate',
  'certificateInfo',
  'hasKey',
  'origin',
  'originatorId',
  'status',
  'createdAt',
  'updatedAt',
]);

const nameLists = [
  'country',
  'organization',
  'organizationalUnit',
  'locality',
  'province',
  'streetAddress',
  'postalCode',
] as const;

const keyUsageFlags = [
  'digitalSignature',
  'contentCommitment',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'certSign',
  'crlSign',
  'encipherOnly',
  'decipherOnly',
] as const;

const extKeyUsageFlags = [
  'any',
  'codeSigning',
  'emailProtection',
  'ipsecEndSystem',
  'ipsecTunnel',
  'ipsecUser',
  'microsoftCommercialCodeSigning',
  'microsoftKernelCodeSigning',
  'microsoftServerGatedCrypto',
  'netscapeServerGatedCrypto',
  'ocspSigning',
  'timeStamping',
] as const;

const infoLists = [
  'dnsNames',
  'emailAddresses',
  'ipAddresses',
  'uris',
  'permittedDnsDomains',
  'excludedDnsDomains',
  'permittedIpRanges',
  'excludedIpRanges',
  'permittedEmailAddresses',
  'excludedEmailAddresses',
  'permittedUriDomains',
  'excludedUriDomains',
] as const;

type Loose = Record<string, unknown>;

/** Fingerprints of recently seen certificates: a list of many key pairs parses each certificate once. */
const fingerprintCache = new Map<string, string | undefined>();

function cachedFingerprint(certificate: string | undefined): string | undefined {
  if (certificate === undefined) return undefined;
  if (fingerprintCache.has(certificate)) return fingerprintCache.get(certificate);
  const fingerprint = certificateFingerprint(certificate);
  if (fingerprintCache.size >= 1000) fingerprintCache.clear();
  fingerprintCache.set(certificate, fingerprint);
  return fingerprint;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function zeroNameToName(value: unknown): CertificateName {
  const name = (typeof value === 'object' && value !== null ? value : {}) as Loose;
  const result = { serialNumber: text(name.serialNumber), commonName: text(name.commonName) } as CertificateName;
  for (const key of nameLists) result[key] = strings(name[key]);
  return result;
}

/** One Zero `CertificateInfo` in the neutral model (the keys are the same; `keyUsage`/`extKeyUsage` flags default false). */
export function zeroCertificateInfoToCertificateInfo(value: Loose): CertificateInfo {
  const keyUsageWire = (value.keyUsage ?? {}) as Loose;
  const extWire = (value.extKeyUsage ?? {}) as Loose;
  const keyUsage = {} as CertificateInfo['keyUsage'];
  for (const flag of keyUsageFlags) keyUsage[flag] = keyUsageWire[flag] === true;
  const extKeyUsage: CertificateInfo['extKeyUsage'] = {
    serverAuth: extWire.serverAuth === true,
    clientAuth: extWire.clientAuth === true,
  };
  for (const flag of extKeyUsageFlags) extKeyUsage[flag] = extWire[flag] === true;
  const info = {
    version: typeof value.version === 'number' ? value.version : 0,
    serial: text(value.serial),
    issuer: zeroNameToName(value.issuer),
    subject: zeroNameToName(value.subject),
    notBefore: typeof value.notBefore === 'string' ? value.notBefore : undefined,
    notAfter: typeof value.notAfter === 'string' ? value.notAfter : undefined,
    keyUsage,
    extKeyUsage,
    permittedDnsDomainsCritical: value.permittedDnsDomainsCritical === true,
  } as CertificateInfo;
  for (const key of infoLists) info[key] = strings(value[key]);
  return info;
}

/**
 * A Zero `KeyPairWithCertificateInfo` in the neutral model: the fingerprint is
 * computed from the certificate; `status` (`pending` | `ready`) and unknown
 * keys go to `extensions.zero`. Zero never returns the private key; a `key`
 * key in an answer is dropped.
 */
export function zeroKeyPairToKeyPair(keyPair: ZeroKeyPair): KeyPair {
  const additionalFields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(keyPair)) {
    if (!modelKeys.has(key) && key !== 'key' && value !== undefined) additionalFields[key] = structuredClone(value);
  }
  const certificate =
    typeof keyPair.certificate === 'string' && keyPair.certificate !== '' ? keyPair.certificate : undefined;
  return {
    id: keyPair.id,
    namespaceId: keyPair.namespaceId,
    name: keyPair.name === '' ? undefined : keyPair.name,
    certificate,
    fingerprint: cachedFingerprint(certificate),
    hasPrivateKey: keyPair.hasKey,
    certificateInfo: (keyPair.certificateInfo ?? []).map((info) => zeroCertificateInfoToCertificateInfo(info)),
    origin: keyPair.origin === 'system' ? 'system' : 'user',
    originatorId: keyPair.originatorId,
    createdAt: keyPair.createdAt,
    updatedAt: keyPair.updatedAt,
    extensions: {
      zero: {
        status: keyPair.status,
        ...(Object.keys(additionalFields).length > 0 ? { additionalFields } : {}),
      },
    },
  };
}

/** The body of `POST {org}/keyPairs` (`KeyPairWithKeyProperties`); the private key is revealed here only. */
export function keyPairToZeroProperties(input: ValidKeyPairCreateInput): Record<string, unknown> {
  const key = revealSecret(input.privateKey);
  return {
    namespaceId: input.namespaceId,
    certificate: input.certificate,
    ...(key !== undefined ? { key } : {}),
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.originatorId !== undefined ? { originatorId: input.originatorId } : {}),
  };
}

/**
 * The JSON Patch of a key-pair update: one `add` (set or replace) per key the
 * patch names; the private key goes to the write-only `/key`.
 */
export function keyPairPatchToJsonPatch(patch: ValidKeyPairUpdatePatch): JsonPatchOperation[] {
  const operations: JsonPatchOperation[] = [];
  if (patch.name !== undefined) operations.push({ op: 'add', path: '/name', value: patch.name });
  if (patch.certificate !== undefined) operations.push({ op: 'add', path: '/certificate', value: patch.certificate });
  const key = revealSecret(patch.privateKey);
  if (key !== undefined) operations.push({ op: 'add', path: '/key', value: key });
  if (patch.originatorId !== undefined)
    operations.push({ op: 'add', path: '/originatorId', value: patch.originatorId });
  return operations;
}

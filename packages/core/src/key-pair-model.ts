import type { Secret, SecretInput } from './secret.js';

/**
 * Backend-specific fields of a key pair, keyed by backend name. Adapters add
 * their typed key through declaration merging (see `RouteExtensions`); e.g. the
 * Zero adapter keeps `status` (`pending` | `ready`) in `extensions.zero`, the
 * Enterprise adapter `keySha256` in `extensions.enterprise`.
 */
export interface KeyPairExtensions {
  [backend: string]: unknown;
}

/** Who made a key pair: a user (or tool), or the system (Zero's managed certificates; read-only). */
export type KeyPairOrigin = 'user' | 'system';

/** The values of {@link KeyPairOrigin}. */
export const keyPairOrigins = ['user', 'system'] as const;

/** An issuer or subject name of a certificate. */
export interface CertificateName {
  country: string[];
  organization: string[];
  organizationalUnit: string[];
  locality: string[];
  province: string[];
  streetAddress: string[];
  postalCode: string[];
  serialNumber: string;
  commonName: string;
}

/** The key-usage flags of a certificate (the same nine on both consoles). */
export interface CertificateKeyUsage {
  digitalSignature: boolean;
  contentCommitment: boolean;
  keyEncipherment: boolean;
  dataEncipherment: boolean;
  keyAgreement: boolean;
  certSign: boolean;
  crlSign: boolean;
  encipherOnly: boolean;
  decipherOnly: boolean;
}

/**
 * The extended key usages of a certificate. `serverAuth` and `clientAuth` come
 * from both consoles; the other flags only from Zero (undefined elsewhere).
 */
export interface CertificateExtKeyUsage {
  serverAuth: boolean;
  clientAuth: boolean;
  any?: boolean;
  codeSigning?: boolean;
  emailProtection?: boolean;
  ipsecEndSystem?: boolean;
  ipsecTunnel?: boolean;
  ipsecUser?: boolean;
  microsoftCommercialCodeSigning?: boolean;
  microsoftKernelCodeSigning?: boolean;
  microsoftServerGatedCrypto?: boolean;
  netscapeServerGatedCrypto?: boolean;
  ocspSigning?: boolean;
  timeStamping?: boolean;
}

/** What a console parsed out of one certificate (read-only). */
export interface CertificateInfo {
  version: number;
  /** The serial number (decimal digits as the consoles give it). */
  serial: string;
  issuer: CertificateName;
  subject: CertificateName;
  /** RFC 3339. */
  notBefore: string | undefined;
  /** RFC 3339. */
  notAfter: string | undefined;
  keyUsage: CertificateKeyUsage;
  extKeyUsage: CertificateExtKeyUsage;
  dnsNames: string[];
  emailAddresses: string[];
  ipAddresses: string[];
  uris: string[];
  permittedDnsDomainsCritical: boolean;
  permittedDnsDomains: string[];
  excludedDnsDomains: string[];
  permittedIpRanges: string[];
  excludedIpRanges: string[];
  permittedEmailAddresses: string[];
  excludedEmailAddresses: string[];
  permittedUriDomains: string[];
  excludedUriDomains: string[];
}

/**
 * A key pair: a certificate (or chain) and, write-only, its private key. Routes
 * and settings refer to key pairs by id; across deployments they are matched by
 * {@link KeyPair.fingerprint}, never by name.
 */
export interface KeyPair {
  /** Backend-assigned id. */
  id: string;
  /** The namespace the key pair lives in. */
  namespaceId: string;
  /** Display name (optional on Zero; '' on Enterprise means none): undefined when none. */
  name: string | undefined;
  /** The certificate (or chain) as PEM text; undefined when the console holds none. */
  certificate: string | undefined;
  /**
   * SHA-256 of the DER encoding of the first certificate, 64 lower-case hex
   * digits, computed client-side with `certificateFingerprint()`; undefined when
   * there is no parseable certificate. The match key across deployments.
   */
  fingerprint: string | undefined;
  /** True when a private key is stored. The key itself is never returned by any backend. */
  hasPrivateKey: boolean;
  /** What the console parsed out of the certificate(s) (Enterprise: one entry, the leaf). */
  certificateInfo: CertificateInfo[];
  /** `system` for key pairs the console made itself (Zero): read-only and never migrated. Enterprise: always `user`. */
  origin: KeyPairOrigin;
  /** Free tag naming the tool that wrote the key pair. */
  originatorId: string | undefined;
  /** Creation time, RFC 3339. */
  createdAt: string | undefined;
  /** Last modification time, RFC 3339. */
  updatedAt: string | undefined;
  /** Backend-specific fields. */
  extensions: KeyPairExtensions;
}

/** Input of `client.keyPairs.create()`. */
export interface KeyPairCreateInput {
  /** The namespace the key pair lives in. */
  namespaceId: string;
  /** The certificate (or chain) as PEM text. */
  certificate: string;
  /** The private key as PEM text: write-only; the backend receives it as a {@link Secret}. */
  privateKey?: SecretInput;
  /** Display name. */
  name?: string;
  /** Free tag naming the writing tool. */
  originatorId?: string;
  /** Backend-specific fields. */
  extensions?: KeyPairExtensions;
}

/** Input of `client.keyPairs.update()`: keys left out keep their value. */
export interface KeyPairUpdatePatch {
  /** New display name. */
  name?: string;
  /** New certificate (or chain) as PEM text. */
  certificate?: string;
  /** New private key as PEM text (write-only). */
  privateKey?: SecretInput;
  /** Free tag naming the writing tool. */
  originatorId?: string;
  /** Backend-specific fields to merge. */
  extensions?: KeyPairExtensions;
}

/** A key-pair create input as backends receive it: validated, the private key a {@link Secret}. */
export type ValidKeyPairCreateInput = Omit<KeyPairCreateInput, 'privateKey'> & { privateKey?: Secret };

/** A key-pair patch as backends receive it: validated, the private key a {@link Secret}. */
export type ValidKeyPairUpdatePatch = Omit<KeyPairUpdatePatch, 'privateKey'> & { privateKey?: Secret };

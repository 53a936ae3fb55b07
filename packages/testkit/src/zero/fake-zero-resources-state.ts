import { describeCertificates } from '@pomerium-unified/core';
import { IndexedMap } from '../shared/indexed-map.js';
import type { FakeZeroJson, FakeZeroRecord } from './fake-zero-state.js';
import { generateFakeZeroId, generateFakeZeroToken } from './generate-fake-zero-id.js';

/** A stored object that belongs to one cluster (service accounts, settings). */
export interface FakeZeroClusterRecord extends FakeZeroRecord {
  /** The owning cluster. */
  clusterId: string;
}

/** A stored key pair: its JSON (never the key) plus the private key kept aside, write-only. */
export interface FakeZeroKeyPairRecord extends FakeZeroRecord {
  /** The private key PEM, never returned. */
  key: string | undefined;
}

/** The secret settings keys (marked S in the reference): returned masked when {@link FakeZeroResources.maskSecretSettings} is on. */
export const fakeZeroSecretSettingsKeys = [
  'cookieSecret',
  'identityProviderClientSecret',
  'googleCloudServerlessAuthenticationServiceAccount',
  'sshUserCaKey',
  'databrokerStorageConnection',
] as const;

/** What a masked secret setting reads as. */
export const fakeZeroSecretMask = '********';

/** The settings of a new cluster: the 14 keys Zero requires in a settings body, at Zero's defaults. */
export function defaultFakeZeroSettings(): FakeZeroJson {
  return {
    address: '',
    autoApplyChangesets: true,
    codecType: '',
    cookieExpire: '14h0m0s',
    cookieHttpOnly: true,
    cookieName: '_pomerium',
    defaultUpstreamTimeout: '30s',
    dnsLookupFamily: 'V4_PREFERRED',
    logLevel: 'info',
    passIdentityHeaders: false,
    skipXffAppend: false,
    timeoutIdle: '5m0s',
    timeoutRead: '30s',
    timeoutWrite: '0s',
  };
}

const falseFlags = (names: readonly string[]) => Object.fromEntries(names.map((name) => [name, false]));
const zeroOnlyExtKeyUsages = [
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
];

const certificateInfoCache = new Map<string, FakeZeroJson[]>();

/** Zero's `certificateInfo` of a PEM: one entry per certificate, every key present (all are required). Cached per PEM text. */
export function fakeZeroCertificateInfo(pem: string | undefined): FakeZeroJson[] {
  if (pem === undefined) return [];
  const cached = certificateInfoCache.get(pem);
  if (cached) return structuredClone(cached);
  const described = describeCertificates(pem).map((info) => ({
    ...info,
    notBefore: info.notBefore ?? '',
    notAfter: info.notAfter ?? '',
    extKeyUsage: { ...falseFlags(zeroOnlyExtKeyUsages), ...info.extKeyUsage },
  }));
  if (certificateInfoCache.size >= 1000) certificateInfoCache.clear();
  certificateInfoCache.set(pem, described);
  return structuredClone(described);
}

/**
 * The key pairs, service accounts and settings of a fake Zero console (in
 * `state.resources`), with the indexes list calls read: key pairs by
 * namespace, service accounts by cluster. Tests seed system key pairs with
 * {@link addSystemKeyPair} and read issued service-account tokens with {@link tokenOf}.
 */
export class FakeZeroResources {
  /** Key pairs by id, indexed by namespace. */
  readonly keyPairs = new IndexedMap<FakeZeroKeyPairRecord, 'namespace'>({
    namespace: (record) => [String(record.json.namespaceId)],
  });
  /** Service accounts by id, indexed by cluster. */
  readonly serviceAccounts = new IndexedMap<FakeZeroClusterRecord, 'cluster'>({
    cluster: (record) => [record.clusterId],
  });
  /** Settings by cluster id (made with Zero's defaults on first use). */
  readonly settings = new Map<string, FakeZeroClusterRecord>();
  /**
   * Return secret settings as `********` (the reference leaves it open whether
   * Zero masks or omits them, ST5). Default true; false returns them as stored.
   */
  maskSecretSettings = true;

  readonly #tokens = new Map<string, string>();
  readonly #timestamp: () => string;

  constructor(timestamp: () => string) {
    this.#timestamp = timestamp;
  }

  /** Adds a key pair made by the system (`origin: system`, read-only, no key) and returns its JSON. */
  addSystemKeyPair(input: {
    organizationId: string;
    namespaceId: string;
    certificate: string;
    name?: string;
    status?: 'pending' | 'ready';
  }): FakeZeroJson & { id: string } {
    const timestamp = this.#timestamp();
    const json = {
      id: generateFakeZeroId(),
      namespaceId: input.namespaceId,
      ...(input.name !== undefined ? { name: input.name } : {}),
      certificate: input.certificate,
      certificateInfo: fakeZeroCertificateInfo(input.certificate),
      hasKey: true,
      origin: 'system',
      status: input.status ?? 'ready',
      createdAt: timestamp,
      updatedAt: timestamp,
    };
    this.keyPairs.set(json.id, { organizationId: input.organizationId, json, key: undefined });
    return json;
  }

  /** Issues a new token for a service account (the token endpoint returns it until the next issue). */
  issueToken(serviceAccountId: string): string {
    const token = generateFakeZeroToken('zero_sa_');
    this.#tokens.set(serviceAccountId, token);
    return token;
  }

  /** The current token of a service account, if any. */
  tokenOf(serviceAccountId: string): string | undefined {
    return this.#tokens.get(serviceAccountId);
  }

  /** Forgets a deleted service account's token. */
  revokeToken(serviceAccountId: string): void {
    this.#tokens.delete(serviceAccountId);
  }

  /** The settings record of a cluster, made with Zero's defaults on first use. */
  settingsOf(organizationId: string, clusterId: string): FakeZeroClusterRecord {
    let record = this.settings.get(clusterId);
    if (!record) {
      const timestamp = this.#timestamp();
      record = {
        organizationId,
        clusterId,
        json: { id: generateFakeZeroId(), ...defaultFakeZeroSettings(), createdAt: timestamp, updatedAt: timestamp },
      };
      this.settings.set(clusterId, record);
    }
    return record;
  }

  /** The settings as the API returns them: secret keys masked when {@link maskSecretSettings} is on. */
  viewSettings(record: FakeZeroClusterRecord): FakeZeroJson {
    const json = structuredClone(record.json);
    if (this.maskSecretSettings) {
      for (const key of fakeZeroSecretSettingsKeys) {
        if (typeof json[key] === 'string' && json[key] !== '') json[key] = fakeZeroSecretMask;
      }
      if (Array.isArray(json.sshHostKeys)) json.sshHostKeys = json.sshHostKeys.map(() => fakeZeroSecretMask);
    }
    return json;
  }
}

import type { BearerTokenFormat, CircuitBreakerThresholds } from './route-schema.js';
import type { Secret, SecretInput } from './secret.js';

/**
 * Backend-specific settings, keyed by backend name (see `RouteExtensions`):
 * Enterprise-only fields (e.g. `sharedSecret`, `certificates`, branding,
 * `jwtGroupsFilter`) in `extensions.enterprise`, Zero-only ones
 * (`databrokerStorageConnection`, `mcpDynamicClientRegistration`) in `extensions.zero`.
 * Secret values in a bag are {@link Secret}s too.
 */
export interface SettingsExtensions {
  [backend: string]: unknown;
}

/** Codec of the listeners (Zero `""` and Enterprise `CODEC_TYPE_UNKNOWN` read as unset). */
export type SettingsCodecType = 'auto' | 'http1' | 'http2' | 'http3';

/** The values of {@link SettingsCodecType}. */
export const settingsCodecTypes = ['auto', 'http1', 'http2', 'http3'] as const;

/** The DNS look-up families Zero accepts (Enterprise takes free text; adapters check before writing to Zero). */
export const dnsLookupFamilies = ['ALL', 'AUTO', 'V4_ONLY', 'V4_PREFERRED', 'V6_ONLY'] as const;

/** The sign-in identity provider types Zero accepts (Enterprise takes free text). */
export const identityProviderTypes = [
  'apple',
  'auth0',
  'azure',
  'cognito',
  'github',
  'gitlab',
  'google',
  'oidc',
  'okta',
  'onelogin',
  'ping',
] as const;

/** Blob storage of session recordings. */
export interface SettingsBlobStorage {
  /** Bucket URI. */
  bucketUri?: string;
  /** Key prefix inside the bucket. */
  managedPrefix?: string;
}

/**
 * The settings both consoles share (the intersection of Enterprise `Settings`
 * and Zero `Settings`), with `SecretValue` for the secret ones and string
 * durations (`30s`). Every field is optional: undefined means unset (or not
 * returned).
 */
export interface SharedSettingsFields<SecretValue> {
  logLevel?: string;
  proxyLogLevel?: string;
  /** Listen address (Zero: '' means `:443`). */
  address?: string;
  httpRedirectAddr?: string;
  timeoutRead?: string;
  timeoutWrite?: string;
  timeoutIdle?: string;
  authenticateServiceUrl?: string;
  cookieName?: string;
  /** Secret. */
  cookieSecret?: SecretValue;
  cookieDomain?: string;
  cookieHttpOnly?: boolean;
  cookieExpire?: string;
  cookieSameSite?: string;
  /** Sign-in identity provider type (Enterprise `idp_provider`, Zero `identityProvider`; see {@link identityProviderTypes}). */
  identityProvider?: string;
  identityProviderClientId?: string;
  /** Secret. */
  identityProviderClientSecret?: SecretValue;
  identityProviderUrl?: string;
  identityProviderScopes?: string[];
  identityProviderRequestParams?: Record<string, string>;
  defaultUpstreamTimeout?: string;
  metricsAddress?: string;
  /** Secret (a credential). */
  googleCloudServerlessAuthenticationServiceAccount?: SecretValue;
  /** See {@link dnsLookupFamilies}. */
  dnsLookupFamily?: string;
  skipXffAppend?: boolean;
  /** Key pair of the certificate authority (an id of `client.keyPairs`). */
  certificateAuthorityKeyPairId?: string;
  /** Key pair of the downstream client CA (Enterprise `client_ca_key_pair_id`, Zero `downstreamMtlsCaKeyPairId`). */
  downstreamMtlsCaKeyPairId?: string;
  jwtClaimsHeaders?: Record<string, string>;
  setResponseHeaders?: Record<string, string>;
  accessLogFields?: string[];
  authorizeLogFields?: string[];
  passIdentityHeaders?: boolean;
  otelTracesExporter?: string;
  otelTracesSamplerArg?: number;
  otelResourceAttributes?: string[];
  otelLogLevel?: string;
  otelAttributeValueLengthLimit?: number;
  otelExporterOtlpEndpoint?: string;
  otelExporterOtlpTracesEndpoint?: string;
  otelExporterOtlpProtocol?: string;
  otelExporterOtlpTracesProtocol?: string;
  otelExporterOtlpHeaders?: string[];
  otelExporterOtlpTracesHeaders?: string[];
  otelExporterOtlpTimeout?: string;
  otelExporterOtlpTracesTimeout?: string;
  otelBspScheduleDelay?: string;
  otelBspMaxExportBatchSize?: number;
  originatorId?: string;
  bearerTokenFormat?: BearerTokenFormat;
  idpAccessTokenAllowedAudiences?: string[];
  codecType?: SettingsCodecType;
  circuitBreakerThresholds?: CircuitBreakerThresholds;
  sshAddress?: string;
  /** Secrets (private host keys). */
  sshHostKeys?: SecretValue[];
  /** Secret (a private CA key). */
  sshUserCaKey?: SecretValue;
  dnsUdpMaxQueries?: number;
  dnsUseTcp?: boolean;
  dnsQueryTries?: number;
  dnsQueryTimeout?: string;
  dnsFailureRefreshRate?: string;
  dnsRefreshRate?: string;
  mcpAllowedClientIdDomains?: string[];
  mcpAllowedAsMetadataDomains?: string[];
  blobStorage?: SettingsBlobStorage;
  /** Apply saved changes at once (off: changes wait for an explicit changeset apply). */
  autoApplyChangesets?: boolean;
  allowUpgrades?: string[];
  envoyDynamicExtensions?: string[];
  sessionRecordingConcurrency?: number;
}

/** The keys of {@link SharedSettingsFields} that hold secrets. */
export const settingsSecretKeys = [
  'cookieSecret',
  'identityProviderClientSecret',
  'googleCloudServerlessAuthenticationServiceAccount',
  'sshUserCaKey',
] as const;

/** The key of {@link SharedSettingsFields} that holds a list of secrets. */
export const settingsSecretListKeys = ['sshHostKeys'] as const;

/**
 * The settings of one scope (a Zero cluster, an Enterprise console's cluster):
 * one object per scope, read and updated, never created or deleted. Secrets are
 * {@link Secret}s; one the server returned masked has `masked: true`.
 */
export interface Settings extends SharedSettingsFields<Secret> {
  /** Backend-assigned id (never a match key: settings are matched by scope). */
  id: string;
  /** The cluster these settings belong to; undefined for Enterprise's default cluster. */
  clusterId: string | undefined;
  /** Creation time, RFC 3339 (Zero). */
  createdAt: string | undefined;
  /** Last modification time, RFC 3339. */
  updatedAt: string | undefined;
  /** Backend-specific fields. */
  extensions: SettingsExtensions;
}

/** A settings value of a patch: the value, or null to unset it (where the backend allows). */
export type SettingsPatchValue<Value> = Value | null;

/**
 * Input of `client.settings.update()`: keys left out keep their value; `null`
 * unsets an optional setting (a backend that requires the key refuses with
 * `invalid_argument`). Secrets are strings or {@link Secret}s.
 */
export type SettingsUpdatePatch = {
  [Key in keyof SharedSettingsFields<SecretInput>]?: SettingsPatchValue<
    NonNullable<SharedSettingsFields<SecretInput>[Key]>
  >;
} & {
  /** Backend-specific settings to merge. */
  extensions?: SettingsExtensions;
};

/** A settings patch as backends receive it: validated, secrets as {@link Secret}s. */
export type ValidSettingsUpdatePatch = {
  [Key in keyof SharedSettingsFields<Secret>]?: SettingsPatchValue<NonNullable<SharedSettingsFields<Secret>[Key]>>;
} & {
  extensions?: SettingsExtensions;
};

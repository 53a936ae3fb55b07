import { clone, create } from '@bufbuild/protobuf';
import type { Duration } from '@bufbuild/protobuf/wkt';
import { Secret, type Settings, type ValidSettingsUpdatePatch } from '@pomerium-unified/core';
import {
  BearerTokenFormat,
  BlobStorageSettingsSchema,
  CircuitBreakerThresholdsSchema,
  CodecType,
  type Settings as ProtoSettings,
  Settings_StringListSchema,
  SettingsSchema,
} from '@pomerium-unified/enterprise-protos';
import { durationFromString, durationToString, timestampToString } from './convert-duration.js';
import { reverse } from './convert-route-values.js';

/**
 * How the console shows a secret setting it does not return (an inference:
 * the protocol documents no masking). A value made only of `*` reads as a
 * masked `Secret`; written back unchanged, it keeps the stored value.
 */
export const enterpriseSecretMaskPattern = /^\*+$/;

type Kind =
  | 'value'
  | 'duration'
  | 'list'
  | 'stringList'
  | 'map'
  | 'secret'
  | 'secretStringList'
  | 'codec'
  | 'bearer'
  | 'circuit'
  | 'blob';

/** Core settings key → [proto field, kind]. Names differ only where the table of the reference says so. */
const fields: Record<string, readonly [string, Kind]> = {
  logLevel: ['logLevel', 'value'],
  proxyLogLevel: ['proxyLogLevel', 'value'],
  address: ['address', 'value'],
  httpRedirectAddr: ['httpRedirectAddr', 'value'],
  timeoutRead: ['timeoutRead', 'duration'],
  timeoutWrite: ['timeoutWrite', 'duration'],
  timeoutIdle: ['timeoutIdle', 'duration'],
  authenticateServiceUrl: ['authenticateServiceUrl', 'value'],
  cookieName: ['cookieName', 'value'],
  cookieSecret: ['cookieSecret', 'secret'],
  cookieDomain: ['cookieDomain', 'value'],
  cookieHttpOnly: ['cookieHttpOnly', 'value'],
  cookieExpire: ['cookieExpire', 'duration'],
  cookieSameSite: ['cookieSameSite', 'value'],
  identityProvider: ['idpProvider', 'value'],
  identityProviderClientId: ['idpClientId', 'value'],
  identityProviderClientSecret: ['idpClientSecret', 'secret'],
  identityProviderUrl: ['idpProviderUrl', 'value'],
  identityProviderScopes: ['scopes', 'list'],
  identityProviderRequestParams: ['requestParams', 'map'],
  defaultUpstreamTimeout: ['defaultUpstreamTimeout', 'duration'],
  metricsAddress: ['metricsAddress', 'value'],
  googleCloudServerlessAuthenticationServiceAccount: ['googleCloudServerlessAuthenticationServiceAccount', 'secret'],
  dnsLookupFamily: ['dnsLookupFamily', 'value'],
  skipXffAppend: ['skipXffAppend', 'value'],
  certificateAuthorityKeyPairId: ['certificateAuthorityKeyPairId', 'value'],
  downstreamMtlsCaKeyPairId: ['clientCaKeyPairId', 'value'],
  jwtClaimsHeaders: ['jwtClaimsHeaders', 'map'],
  setResponseHeaders: ['setResponseHeaders', 'map'],
  accessLogFields: ['accessLogFields', 'stringList'],
  authorizeLogFields: ['authorizeLogFields', 'stringList'],
  passIdentityHeaders: ['passIdentityHeaders', 'value'],
  otelTracesExporter: ['otelTracesExporter', 'value'],
  otelTracesSamplerArg: ['otelTracesSamplerArg', 'value'],
  otelResourceAttributes: ['otelResourceAttributes', 'list'],
  otelLogLevel: ['otelLogLevel', 'value'],
  otelAttributeValueLengthLimit: ['otelAttributeValueLengthLimit', 'value'],
  otelExporterOtlpEndpoint: ['otelExporterOtlpEndpoint', 'value'],
  otelExporterOtlpTracesEndpoint: ['otelExporterOtlpTracesEndpoint', 'value'],
  otelExporterOtlpProtocol: ['otelExporterOtlpProtocol', 'value'],
  otelExporterOtlpTracesProtocol: ['otelExporterOtlpTracesProtocol', 'value'],
  otelExporterOtlpHeaders: ['otelExporterOtlpHeaders', 'list'],
  otelExporterOtlpTracesHeaders: ['otelExporterOtlpTracesHeaders', 'list'],
  otelExporterOtlpTimeout: ['otelExporterOtlpTimeout', 'duration'],
  otelExporterOtlpTracesTimeout: ['otelExporterOtlpTracesTimeout', 'duration'],
  otelBspScheduleDelay: ['otelBspScheduleDelay', 'duration'],
  otelBspMaxExportBatchSize: ['otelBspMaxExportBatchSize', 'value'],
  bearerTokenFormat: ['bearerTokenFormat', 'bearer'],
  idpAccessTokenAllowedAudiences: ['idpAccessTokenAllowedAudiences', 'stringList'],
  codecType: ['codecType', 'codec'],
  circuitBreakerThresholds: ['circuitBreakerThresholds', 'circuit'],
  sshAddress: ['sshAddress', 'value'],
  sshHostKeys: ['sshHostKeys', 'secretStringList'],
  sshUserCaKey: ['sshUserCaKey', 'secret'],
  dnsUdpMaxQueries: ['dnsUdpMaxQueries', 'value'],
  dnsUseTcp: ['dnsUseTcp', 'value'],
  dnsQueryTries: ['dnsQueryTries', 'value'],
  dnsQueryTimeout: ['dnsQueryTimeout', 'duration'],
  dnsFailureRefreshRate: ['dnsFailureRefreshRate', 'duration'],
  dnsRefreshRate: ['dnsRefreshRate', 'duration'],
  mcpAllowedClientIdDomains: ['mcpAllowedClientIdDomains', 'stringList'],
  mcpAllowedAsMetadataDomains: ['mcpAllowedAsMetadataDomains', 'stringList'],
  blobStorage: ['blobStorage', 'blob'],
  autoApplyChangesets: ['autoApplyChangesets', 'value'],
  allowUpgrades: ['allowUpgrades', 'stringList'],
  envoyDynamicExtensions: ['envoyDynamicExtensions', 'stringList'],
  sessionRecordingConcurrency: ['sessionRecordingConcurrency', 'value'],
};

const codecs = {
  auto: CodecType.AUTO,
  http1: CodecType.HTTP1,
  http2: CodecType.HTTP2,
  http3: CodecType.HTTP3,
} as const;
const codecNames = reverse(codecs);
const bearers = {
  default: BearerTokenFormat.DEFAULT,
  idp_access_token: BearerTokenFormat.IDP_ACCESS_TOKEN,
  idp_identity_token: BearerTokenFormat.IDP_IDENTITY_TOKEN,
  jwt: BearerTokenFormat.JWT,
} as const;
const bearerNames = reverse(bearers);

function secretFromWire(value: string): Secret {
  return enterpriseSecretMaskPattern.test(value) ? Secret.masked() : Secret.of(value);
}

function readField(kind: Kind, value: unknown): unknown {
  if (value === undefined) return undefined;
  switch (kind) {
    case 'value':
      return value;
    case 'duration':
      return durationToString(value as Duration);
    case 'list':
      return (value as string[]).length > 0 ? [...(value as string[])] : undefined;
    case 'stringList':
      return [...(value as { values: string[] }).values];
    case 'map':
      return Object.keys(value as object).length > 0 ? { ...(value as Record<string, string>) } : undefined;
    case 'secret':
      return secretFromWire(value as string);
    case 'secretStringList':
      return (value as { values: string[] }).values.map(secretFromWire);
    case 'codec':
      return codecNames.get(value as (typeof codecs)[keyof typeof codecs]);
    case 'bearer':
      return bearerNames.get(value as (typeof bearers)[keyof typeof bearers]);
    case 'circuit': {
      const { $typeName: _, ...thresholds } = value as Record<string, unknown>;
      return thresholds;
    }
    case 'blob': {
      const { $typeName: _, ...blob } = value as Record<string, unknown>;
      return blob;
    }
  }
}

/** Converts the console's `Settings` into the core model: secrets as Secrets (masked ones marked), durations as strings. */
export function settingsFromProto(settings: ProtoSettings): Settings {
  const wire = settings as unknown as Record<string, unknown>;
  const model: Record<string, unknown> = {
    id: settings.id,
    clusterId: settings.clusterId === '' ? undefined : settings.clusterId,
    createdAt: undefined,
    updatedAt: timestampToString(settings.modifiedAt),
    extensions: { enterprise: {} },
  };
  for (const [key, [protoKey, kind]] of Object.entries(fields)) {
    const value = readField(kind, wire[protoKey]);
    if (value !== undefined) model[key] = value;
  }
  if (settings.originatorId !== '') model.originatorId = settings.originatorId;
  return model as unknown as Settings;
}

function writeField(kind: Kind, value: unknown): unknown {
  switch (kind) {
    case 'value':
    case 'list':
      return Array.isArray(value) ? [...value] : value;
    case 'duration':
      return durationFromString(value as string);
    case 'stringList':
      return create(Settings_StringListSchema, { values: [...(value as string[])] });
    case 'map':
      return { ...(value as Record<string, string>) };
    case 'secret':
      return (value as Secret).reveal();
    case 'secretStringList':
      return create(Settings_StringListSchema, { values: (value as Secret[]).map((item) => item.reveal()) });
    case 'codec':
      return codecs[value as keyof typeof codecs];
    case 'bearer':
      return bearers[value as keyof typeof bearers];
    case 'circuit':
      return create(CircuitBreakerThresholdsSchema, value as object);
    case 'blob':
      return create(BlobStorageSettingsSchema, value as object);
  }
}

/**
 * Applies a validated patch to a copy of the console's `Settings` (SetSettings
 * has no mask: the whole message is written back). Keys the patch leaves out
 * keep their wire value, masked secrets included (the console keeps the stored
 * secret for its own mask); `null` clears a field.
 */
export function settingsPatchToProto(current: ProtoSettings, patch: ValidSettingsUpdatePatch): ProtoSettings {
  const settings = clone(SettingsSchema, current);
  const wire = settings as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'extensions' || value === undefined) continue;
    if (key === 'originatorId') {
      settings.originatorId = value === null ? '' : (value as string);
      continue;
    }
    const field = fields[key];
    if (field === undefined) continue;
    const [protoKey, kind] = field;
    if (value === null) {
      wire[protoKey] = kind === 'list' ? [] : kind === 'map' ? {} : undefined;
    } else {
      wire[protoKey] = writeField(kind, value);
    }
  }
  return settings;
}

import * as z from 'zod';
import { idSchema } from './input-limits.js';
import {
  bearerTokenFormats,
  circuitBreakerThresholdsSchema,
  durationSchema,
  extensionsSchema,
} from './route-schema.js';
import { secretInputSchema } from './secret-schema.js';
import { settingsCodecTypes } from './settings-model.js';

const uint32 = z.number().int().min(0).max(4_294_967_295);
const int32 = z.number().int().min(-2_147_483_648).max(2_147_483_647);
const stringList = z.array(z.string());
const stringMap = z.record(z.string(), z.string());
const idOrEmpty = z.union([z.literal(''), idSchema]);

/** The shared settings (see `SharedSettingsFields`), each optional, secrets as strings or Secrets. */
export const settingsFieldsShape = {
  logLevel: z.string(),
  proxyLogLevel: z.string(),
  address: z.string(),
  httpRedirectAddr: z.string(),
  timeoutRead: durationSchema,
  timeoutWrite: durationSchema,
  timeoutIdle: durationSchema,
  authenticateServiceUrl: z.string(),
  cookieName: z.string(),
  cookieSecret: secretInputSchema,
  cookieDomain: z.string(),
  cookieHttpOnly: z.boolean(),
  cookieExpire: durationSchema,
  cookieSameSite: z.string(),
  identityProvider: z.string(),
  identityProviderClientId: z.string(),
  identityProviderClientSecret: secretInputSchema,
  identityProviderUrl: z.string(),
  identityProviderScopes: stringList,
  identityProviderRequestParams: stringMap,
  defaultUpstreamTimeout: durationSchema,
  metricsAddress: z.string(),
  googleCloudServerlessAuthenticationServiceAccount: secretInputSchema,
  dnsLookupFamily: z.string(),
  skipXffAppend: z.boolean(),
  certificateAuthorityKeyPairId: idOrEmpty,
  downstreamMtlsCaKeyPairId: idOrEmpty,
  jwtClaimsHeaders: stringMap,
  setResponseHeaders: stringMap,
  accessLogFields: stringList,
  authorizeLogFields: stringList,
  passIdentityHeaders: z.boolean(),
  otelTracesExporter: z.string(),
  otelTracesSamplerArg: z.number(),
  otelResourceAttributes: stringList,
  otelLogLevel: z.string(),
  otelAttributeValueLengthLimit: int32,
  otelExporterOtlpEndpoint: z.string(),
  otelExporterOtlpTracesEndpoint: z.string(),
  otelExporterOtlpProtocol: z.string(),
  otelExporterOtlpTracesProtocol: z.string(),
  otelExporterOtlpHeaders: stringList,
  otelExporterOtlpTracesHeaders: stringList,
  otelExporterOtlpTimeout: durationSchema,
  otelExporterOtlpTracesTimeout: durationSchema,
  otelBspScheduleDelay: durationSchema,
  otelBspMaxExportBatchSize: int32,
  originatorId: z.string().max(256),
  bearerTokenFormat: z.enum(bearerTokenFormats),
  idpAccessTokenAllowedAudiences: stringList,
  codecType: z.enum(settingsCodecTypes),
  circuitBreakerThresholds: circuitBreakerThresholdsSchema,
  sshAddress: z.string(),
  sshHostKeys: z.array(secretInputSchema),
  sshUserCaKey: secretInputSchema,
  dnsUdpMaxQueries: uint32,
  dnsUseTcp: z.boolean(),
  dnsQueryTries: uint32,
  dnsQueryTimeout: durationSchema,
  dnsFailureRefreshRate: durationSchema,
  dnsRefreshRate: durationSchema,
  mcpAllowedClientIdDomains: stringList,
  mcpAllowedAsMetadataDomains: stringList,
  blobStorage: z.strictObject({ bucketUri: z.string().optional(), managedPrefix: z.string().optional() }),
  autoApplyChangesets: z.boolean(),
  allowUpgrades: stringList,
  envoyDynamicExtensions: stringList,
  sessionRecordingConcurrency: uint32,
} as const;

/** The names of the shared settings, in model order. */
export const sharedSettingsKeys = Object.keys(settingsFieldsShape) as (keyof typeof settingsFieldsShape)[];

type NullableShape<T extends Record<string, z.ZodType>> = { [K in keyof T]: z.ZodOptional<z.ZodNullable<T[K]>> };

function nullableShape<T extends Record<string, z.ZodType>>(shape: T): NullableShape<T> {
  const entries = Object.entries(shape).map(([key, schema]) => [key, (schema as z.ZodType).nullable().optional()]);
  return Object.fromEntries(entries) as NullableShape<T>;
}

/**
 * Input of `client.settings.update()`: a partial patch of the shared settings.
 * A key left out keeps its value; `null` unsets it; secrets are strings or Secrets.
 */
export const settingsUpdatePatchSchema = z.strictObject({
  ...nullableShape(settingsFieldsShape),
  extensions: extensionsSchema.optional(),
});

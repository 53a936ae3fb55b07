// Application authors: the factory and its options.

// Adapter authors and tests: wire types, conversions, errors and the token cache.
export { zeroClusterToCluster } from './convert-cluster.js';
export {
  type JsonPatchOperation,
  policyPatchToJsonPatch,
  routePatchToJsonPatch,
} from './convert-json-patch.js';
export {
  keyPairPatchToJsonPatch,
  keyPairToZeroProperties,
  zeroCertificateInfoToCertificateInfo,
  zeroKeyPairToKeyPair,
} from './convert-key-pair.js';
export { zeroNamespaceToNamespace } from './convert-namespace.js';
export {
  policyToZeroPolicyProperties,
  zeroPolicyResponseOnlyKeys,
  zeroPolicyToPolicy,
  zeroPplToPpl,
} from './convert-policy.js';
export {
  assertZeroHealthChecks,
  routeToZeroRouteProperties,
  zeroRouteRequiredBooleans,
  zeroRouteResponseOnlyKeys,
  zeroRouteToRoute,
} from './convert-route.js';
export {
  serviceAccountPatchToJsonPatch,
  serviceAccountToZeroProperties,
  zeroServiceAccountToServiceAccount,
} from './convert-service-account.js';
export {
  assertZeroSettingsPatch,
  isMaskedZeroSecret,
  settingsPatchToJsonPatch,
  zeroOnlySettingsKeys,
  zeroRequiredSettingsKeys,
  zeroSettingsToSettings,
} from './convert-settings.js';
export { createZeroBackend } from './create-zero-backend.js';
export {
  codeForStatus,
  deletedObjectError,
  fieldFromErrorText,
  parseRetryAfter,
  redactZeroSecrets,
  tokenExchangeError,
  toPomeriumError,
  ZeroHttpError,
  ZeroResponseShapeError,
  ZeroTokenResponseError,
  zeroHttpError,
} from './errors.js';
export {
  parseExpiresInSeconds,
  TokenManager,
  type TokenManagerOptions,
  type ZeroTokenResponse,
} from './token-manager.js';
export type {
  ZeroClusterInfo,
  ZeroNamespaceExtension,
  ZeroPolicyExtension,
  ZeroRouteExtension,
} from './zero-extensions.js';
export {
  defaultZeroApiUrl,
  defaultZeroMaxConnections,
  defaultZeroTimeoutMs,
  defaultZeroUserAgent,
  type ZeroBackendOptions,
  type ZeroDispatcher,
} from './zero-options.js';
export type {
  ZeroClusterExtension,
  ZeroKeyPairExtension,
  ZeroServiceAccountExtension,
  ZeroSettingsExtension,
} from './zero-resource-extensions.js';
export type {
  ZeroClusterDetails,
  ZeroCreatedServiceAccount,
  ZeroKeyPair,
  ZeroServiceAccount,
  ZeroSettings,
} from './zero-resource-wire-types.js';
export { zeroSyncRules } from './zero-sync-rules.js';
export type {
  ZeroCluster,
  ZeroEntityInfo,
  ZeroNamespace,
  ZeroOrganization,
  ZeroPolicy,
  ZeroRoute,
} from './zero-wire-types.js';

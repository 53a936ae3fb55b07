// Application authors: the factory and its options.

export {
  type JsonPatchOperation,
  policyPatchToJsonPatch,
  routePatchToJsonPatch,
} from './convert-json-patch.js';
// Adapter authors and tests: wire types, conversions, errors and the token cache.
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
} from './zero-options.js';
export type {
  ZeroCluster,
  ZeroEntityInfo,
  ZeroNamespace,
  ZeroOrganization,
  ZeroPolicy,
  ZeroRoute,
} from './zero-wire-types.js';

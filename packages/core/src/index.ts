// Application authors: the client, the model, errors and PPL helpers.

// Adapter authors: the backend contract, schemas and helpers.
export type {
  BackendBulkOperations,
  BackendCapabilities,
  BulkRouteWrite,
  CallOptions,
  ClusterBackend,
  CreateOptions,
  IdOptions,
  KeyPairBackend,
  ListPage,
  ListPageOptions,
  NamespaceBackend,
  NamespaceListFilter,
  PolicyBackend,
  PomeriumBackend,
  PutRoutesOptions,
  ResourceBackend,
  ResourceListFilter,
  RouteBackend,
  ServiceAccountBackend,
  SettingsBackend,
  SettingsScopeOptions,
  SettingsUpdateOptions,
  UpdateOptions,
  WireEvent,
} from './backend-specification.js';
export type { BackendSyncRules, ForeignExtensionKeyRule, SyncRuleObjectKind } from './backend-sync-rules.js';
export { defaultDeadlineMs } from './call-deadline.js';
export { certificateFingerprint, normalizeFingerprint, parsePemCertificates } from './certificate-fingerprint.js';
export type {
  CallRequestEvent,
  CallResponseEvent,
  PomeriumHooks,
  PomeriumLogger,
  PomeriumLogMethod,
  PomeriumRequestEvent,
  PomeriumResponseEvent,
  RetryEvent,
  WireLayerEvent,
} from './client-observability.js';
export type { Cluster, ClusterExtensions } from './cluster-model.js';
export {
  type ClientCallOptions,
  type ClusterClient,
  createPomeriumClient,
  type KeyPairClient,
  type KeyPairFingerprintOptions,
  type ListOptions,
  type NamespaceClient,
  type PolicyClient,
  type PolicyWriteOptions,
  type PomeriumClient,
  type PomeriumClientOptions,
  type ResourceClient,
  type RouteClient,
  type ServiceAccountClient,
  type ServiceAccountFindOptions,
  type SettingsClient,
  type SettingsGetOptions,
  type SettingsUpdateCallOptions,
  type UpdateCallOptions,
} from './create-pomerium-client.js';
export { describeCertificates } from './describe-certificate.js';
export { formatDurationSeconds, normalizeDuration, parseDurationSeconds } from './duration.js';
export { describeInvalidId, type InputLimits, inputLimits } from './input-limits.js';
export {
  type CertificateExtKeyUsage,
  type CertificateInfo,
  type CertificateKeyUsage,
  type CertificateName,
  type KeyPair,
  type KeyPairCreateInput,
  type KeyPairExtensions,
  type KeyPairOrigin,
  type KeyPairUpdatePatch,
  keyPairOrigins,
  type ValidKeyPairCreateInput,
  type ValidKeyPairUpdatePatch,
} from './key-pair-model.js';
export {
  keyPairCreateInputSchema,
  keyPairUpdatePatchSchema,
  pemCertificateSchema,
  pemPrivateKeySchema,
} from './key-pair-schema.js';
export {
  createMemoryBackend,
  type MemoryBackendOptions,
  type MemorySystemKeyPair,
} from './memory/create-memory-backend.js';
export { memorySyncRules } from './memory/memory-sync-rules.js';
export type {
  Namespace,
  NamespaceCreateInput,
  NamespaceExtensions,
  NamespaceKind,
  NamespaceUpdatePatch,
  Policy,
  PolicyCreateInput,
  PolicyExtensions,
  PolicyUpdatePatch,
  Route,
  RouteCreateInput,
  RouteExtensions,
  RouteUpdatePatch,
} from './model.js';
export { routeBooleanSettingsDefaultingToFalse } from './model.js';
export { namespaceCreateInputSchema, namespaceUpdatePatchSchema } from './namespace-schema.js';
export type { PageIterable } from './page-iterable.js';
export { assertId, parseInput, parsePlainInput } from './parse-input.js';
export {
  createPplSchema,
  policyCreateInputSchema,
  policyCreateInputSchemaAllowingUnknownCriteria,
  policyUpdatePatchSchema,
  policyUpdatePatchSchemaAllowingUnknownCriteria,
  pplSchema,
} from './policy-schema.js';
export {
  PomeriumError,
  type PomeriumErrorCode,
  type PomeriumErrorOptions,
  pomeriumErrorCodes,
} from './pomerium-error.js';
export {
  findPplIssues,
  findUnknownPplCriteria,
  isValidPpl,
  normalizePpl,
  type Ppl,
  type PplCheckOptions,
  type PplCriterion,
  type PplInput,
  type PplOperator,
  type PplRule,
  type PplRuleBody,
  pplEquals,
  stringifyPplCanonical,
  type TypedPpl,
  type TypedPplRule,
  type TypedPplRuleBody,
} from './ppl.js';
export {
  type PplBuiltCriterion,
  type PplStringCriterionBuilder,
  type PplStringListCriterionBuilder,
  pplBuilders,
} from './ppl-builders.js';
export type { PplIssue, PplIssueCode, PplValidationOptions } from './ppl-check-criterion.js';
export {
  isKnownPplCriterionName,
  type PplCertificateMatcher,
  type PplClaimCriterionName,
  type PplCriterionName,
  type PplCriterionValues,
  type PplDeviceMatcher,
  type PplKnownCriterion,
  type PplMatcherKind,
  type PplOneOrMany,
  type PplScalar,
  type PplStringListMatcher,
  type PplStringListMatcherObject,
  type PplStringMatcher,
  type PplStringMatcherObject,
  pplCertificateMatcherKeys,
  pplCriterionKinds,
  pplDeviceMatcherKeys,
  pplStringListMatcherOperators,
  pplStringMatcherOperators,
  splitPplCriterionKey,
} from './ppl-criteria.js';
export {
  causeShowsSecret,
  redactedPlaceholder,
  redactSecrets,
  registerSecret,
  sanitizeCause,
} from './redact-secrets.js';
export { defaultRetryPolicy, type RetryOptions } from './retry-policy.js';
export {
  applyPolicyPatch,
  applyRoutePatch,
  normalizeRouteDurations,
  type RouteBooleanDefaults,
  routeSettingKeys,
  withRouteBooleanDefaults,
} from './route-patch.js';
export {
  type BearerTokenFormat,
  bearerTokenFormats,
  type CircuitBreakerThresholds,
  durationSchema,
  type LoadBalancingPolicy,
  loadBalancingPolicies,
  type RouteDirectResponse,
  type RouteHealthCheck,
  type RouteMcp,
  type RouteRedirect,
  type RouteRewriteHeader,
  type RouteSettings,
  routeCreateInputSchema,
  routeMcpSchema,
  routeSettingsShape,
  routeUpdatePatchSchema,
  upstreamOAuth2Schema,
  urlSchema,
} from './route-schema.js';
export {
  type BackendRoute,
  cloneWithSecrets,
  mapRouteSecrets,
  revealRouteSecrets,
  routeSecretKeys,
  routeSecretPaths,
  type WithSecretInputs,
  wrapRouteSecrets,
} from './route-secrets.js';
export { maskedPlaceholder, revealSecret, Secret, type SecretInput } from './secret.js';
export { secretInputSchema, timestampSchema } from './secret-schema.js';
export {
  bareServiceAccountUserId,
  type IssuedServiceAccount,
  type ServiceAccount,
  type ServiceAccountCreateInput,
  type ServiceAccountExtensions,
  type ServiceAccountListFilter,
  type ServiceAccountUpdatePatch,
} from './service-account-model.js';
export {
  serviceAccountCreateInputSchema,
  serviceAccountUpdatePatchSchema,
  serviceAccountUserIdSchema,
} from './service-account-schema.js';
export {
  dnsLookupFamilies,
  identityProviderTypes,
  type Settings,
  type SettingsBlobStorage,
  type SettingsCodecType,
  type SettingsExtensions,
  type SettingsPatchValue,
  type SettingsUpdatePatch,
  type SharedSettingsFields,
  settingsCodecTypes,
  settingsSecretKeys,
  settingsSecretListKeys,
  type ValidSettingsUpdatePatch,
} from './settings-model.js';
export { settingsFieldsShape, settingsUpdatePatchSchema, sharedSettingsKeys } from './settings-schema.js';
export { snapshotInput } from './snapshot-input.js';
export { toCreateInput } from './to-create-input.js';
export { toUpdatePatch } from './to-update-patch.js';
export { type OptionalBackendMember, unimplementedError } from './unimplemented-member.js';
export { restoreUnknownRouteKeys, separateUnknownRouteKeys } from './unknown-route-keys.js';
export {
  checkReturnedObject,
  checkReturnedPage,
  type ResponseContext,
  unexpectedAnswer,
  validateResponse,
} from './validate-response.js';

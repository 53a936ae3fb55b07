// Application authors: the factory and its options.

export { clusterFromProto, type EnterpriseClusterExtension } from './convert-cluster.js';
export {
  certificateInfoFromProto,
  type EnterpriseKeyPairExtension,
  keyPairFromProto,
} from './convert-key-pair.js';
export {
  type EnterpriseNamespaceExtension,
  namespaceFromProto,
  namespaceToProto,
} from './convert-namespace.js';
export { type EnterprisePolicyExtension, policyFromProto, policyToProto } from './convert-policy.js';
export {
  type EnterpriseHealthCheckExtension,
  type EnterpriseJwtGroupsFilter,
  type EnterpriseRouteExtension,
  routeFromProto,
  routeToProto,
} from './convert-route.js';
export {
  type EnterpriseServiceAccountExtension,
  serviceAccountFromProto,
} from './convert-service-account.js';
export { enterpriseSecretMaskPattern, settingsFromProto, settingsPatchToProto } from './convert-settings.js';
export {
  createEnterpriseBackend,
  type DeleteRoutesOptions,
  type EnterpriseBackend,
  type EnterpriseRouteUpsert,
  type MoveRoutesOptions,
  type SetRoutesOptions,
} from './create-enterprise-backend.js';
export {
  defaultTimeoutMs,
  type EnterpriseBackendOptions,
  type EnterpriseTlsOptions,
} from './enterprise-options.js';
export { enterpriseSyncRules } from './enterprise-sync-rules.js';
// Adapter authors and tests: error mapping.
export { type EnterpriseErrorContext, grpcCodeToPomeriumCode, toPomeriumError } from './errors.js';

// @pomerium-unified/sync: export, diff, plan, apply and migrate Pomerium configuration between deployments.
export { type ApplyPlanOptions, applyPlan } from './apply-plan.js';
export { collectInventory, type Inventory, type InventoryEntry } from './collect-inventory.js';
export {
  type ConfigExtensions,
  type ConfigKeyPair,
  type ConfigKeyPairRefs,
  type ConfigNamespace,
  type ConfigPolicy,
  type ConfigPolicyRef,
  type ConfigRoute,
  type ConfigServiceAccount,
  type ConfigSettings,
  configApiVersion,
  configKind,
  maskedSecretMarker,
  type PomeriumConfig,
  secretMarker,
} from './config-document.js';
export {
  childPath,
  escapeName,
  isWithinPath,
  mapPath,
  namespacePaths,
  normalizePath,
  objectKey,
  parentPathOf,
  rootPath,
  unescapeName,
} from './config-keys.js';
export { type ConfigFormat, parseConfig, stringifyConfig } from './config-text.js';
export { type ConfigDiff, type ConfigDifference, diffConfigs, diffDeployments } from './diff-configs.js';
export { type ExportConfigOptions, exportConfig } from './export-config.js';
export { keyPairRefFields } from './export-key-pairs.js';
export {
  type KeyPairKeyFiles,
  type KeyPairKeys,
  type ResolvedKeyPairKeys,
  readKeyPairKeys,
  resolveKeyPairKeys,
} from './key-pair-keys.js';
export { type MigrateOptions, type MigrateResult, migrate } from './migrate.js';
export { type PlanSyncOptions, planSync } from './plan-sync.js';
export {
  type BackendSnapshot,
  compareSnapshots,
  type SnapshotDifference,
  snapshotBackend,
} from './snapshot-backend.js';
export { SyncFidelityError } from './sync-fidelity-error.js';
export type {
  ApplyResult,
  FidelityIssue,
  FieldChange,
  PlannedChange,
  SyncNotice,
  SyncObjectKind,
  SyncPlan,
  SyncProgressEvent,
} from './sync-plan.js';

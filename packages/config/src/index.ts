// Configuration of Zero and Enterprise backends from the environment and from named profiles.
export {
  type BackendKind,
  type BackendSettings,
  createBackendFromSettings,
  type EnterpriseSettings,
  type ZeroSettings,
} from './backend-settings.js';
export {
  createBackendFromEnv,
  isConfiguredInEnv,
  readEnterpriseOptionsFromEnv,
  readEnterpriseSettingsFromEnv,
  readZeroOptionsFromEnv,
  readZeroSettingsFromEnv,
} from './create-backend-from-env.js';
export {
  createBackendFromProfile,
  createNamedBackend,
  type NamedBackend,
  type ProfileContext,
  profileToSettings,
} from './create-backend-from-profile.js';
export { type Environment, environmentVariables } from './environment-variables.js';
export { knownBackendSyncRules } from './known-backend-sync-rules.js';
export { findProfilesFile, loadProfiles, type Profiles, parseProfiles, profilesFileName } from './load-profiles.js';
export { type EnterpriseProfile, type Profile, profileSchema, type ZeroProfile } from './profile-schema.js';

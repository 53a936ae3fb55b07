// Public surface of the fake Pomerium Zero console, re-exported by the testkit entry point.

export { type FakeZeroApiUser, FakeZeroApiUsers } from './fake-zero-api-users.js';
export { type FakeZeroFailure, FakeZeroFailures } from './fake-zero-failures.js';
export {
  defaultFakeZeroSettings,
  type FakeZeroClusterRecord,
  type FakeZeroKeyPairRecord,
  FakeZeroResources,
  fakeZeroSecretMask,
  fakeZeroSecretSettingsKeys,
} from './fake-zero-resources-state.js';
export {
  defaultFakeZeroSeed,
  type FakeZeroSeed,
  type FakeZeroSeedCluster,
  type FakeZeroSeedOrganization,
} from './fake-zero-seed.js';
export { type FakeZeroJson, type FakeZeroRecord, FakeZeroState, type FakeZeroStateOptions } from './fake-zero-state.js';
export {
  type FakeZeroConsole,
  type FakeZeroConsoleOptions,
  type FakeZeroRequestRecord,
  type FakeZeroStats,
  startFakeZeroConsole,
} from './start-fake-zero-console.js';

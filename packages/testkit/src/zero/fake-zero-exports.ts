// Public surface of the fake Pomerium Zero console, re-exported by the testkit entry point.

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
  type FakeZeroApiUser,
  type FakeZeroFailure,
  type FakeZeroJson,
  type FakeZeroRecord,
  type FakeZeroSeed,
  type FakeZeroSeedCluster,
  type FakeZeroSeedOrganization,
  FakeZeroState,
  type FakeZeroStateOptions,
} from './fake-zero-state.js';
export {
  type FakeZeroConsole,
  type FakeZeroConsoleOptions,
  type FakeZeroRequestRecord,
  type FakeZeroStats,
  startFakeZeroConsole,
} from './start-fake-zero-console.js';

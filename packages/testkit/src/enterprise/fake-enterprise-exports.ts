// The public surface of the fake Enterprise console, re-exported by the testkit index.

export { createTestCertificates, type TestCertificates } from './create-test-certificates.js';
export type { FakeEnterpriseClusterSeed } from './fake-enterprise-clusters.js';
export type { FakeEnterpriseRateLimitAnswer } from './fake-enterprise-faults.js';
export {
  type FakeEnterpriseRequest,
  type FakeEnterpriseSeed,
  FakeEnterpriseState,
  type FakeServiceAccount,
} from './fake-enterprise-state.js';
export {
  createFakeServiceAccountToken,
  type FakeEnterpriseConsole,
  type FakeEnterpriseConsoleOptions,
  type FakeEnterpriseTlsConsole,
  startFakeEnterpriseConsole,
} from './start-fake-enterprise-console.js';

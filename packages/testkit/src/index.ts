// The fake consoles and fixtures import without vitest; the conformance suite is in `@pomerium-unified/testkit/vitest`.
// Fake consoles in containers (testcontainers, an optional peer dependency).
export {
  type ContainerRuntimeProbe,
  type FakeConsoleContainerOptions,
  type FakeEnterpriseContainer,
  type FakeZeroContainer,
  probeContainerRuntime,
  startFakeEnterpriseContainer,
  startFakeZeroContainer,
} from './containers/start-fake-console-container.js';
// The fake Pomerium Enterprise console.
export * from './enterprise/fake-enterprise-exports.js';
// One-call fixtures for users' own tests: a fake console, a client over it and a namespace to write in.
export {
  type EnterpriseFixture,
  type EnterpriseFixtureBackendOptions,
  type EnterpriseFixtureOptions,
  startEnterpriseFixture,
} from './fixtures/start-enterprise-fixture.js';
export {
  startZeroFixture,
  type ZeroFixture,
  type ZeroFixtureBackendOptions,
  type ZeroFixtureOptions,
} from './fixtures/start-zero-fixture.js';
// Fault injection shared by both fake consoles.
export {
  type FaultController,
  type FaultKind,
  type FaultOptions,
  type FaultStats,
  faultKinds,
  faultKindsAfterCommit,
  type InjectedFault,
} from './shared/fault-injector.js';
export { defaultRequestLogLimit } from './shared/push-bounded.js';
// The fake Pomerium Zero console.
export * from './zero/fake-zero-exports.js';

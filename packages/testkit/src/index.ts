// The backend conformance suite.
export {
  type BackendConformanceOptions,
  type ConformanceTarget,
  runBackendConformance,
} from './conformance/run-backend-conformance.js';
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

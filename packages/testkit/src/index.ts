// The backend conformance suite.
export {
  type BackendConformanceOptions,
  type ConformanceTarget,
  runBackendConformance,
} from './conformance/run-backend-conformance.js';
// The fake Pomerium Enterprise console.
export * from './enterprise/fake-enterprise-exports.js';
// The fake Pomerium Zero console.
export * from './zero/fake-zero-exports.js';

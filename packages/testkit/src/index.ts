// The backend conformance suite.
export {
  type BackendConformanceOptions,
  type ConformanceTarget,
  runBackendConformance,
} from './conformance/run-backend-conformance.js';

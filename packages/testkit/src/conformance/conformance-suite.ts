import type { BackendCapabilities } from '@pomerium-unified/core';
import type { ConformanceContext, ConformanceTarget } from './conformance-context.js';

/** Options of `runBackendConformance`. */
export interface BackendConformanceOptions {
  /** Name shown in the test report, e.g. `zero` or `enterprise`. */
  name: string;
  /** Creates a fresh backend for each test (servers are usually started once, outside). */
  createBackend: () => ConformanceTarget | Promise<ConformanceTarget>;
  /**
   * Capabilities the backend is expected to declare: one test checks them against `backend.capabilities`.
   * Which tests run is decided by what the backend declares, never by this option.
   */
  capabilities?: Partial<BackendCapabilities>;
  /** Registers backend-specific tests that run with the same per-test context. */
  additionalTests?: (getContext: () => ConformanceContext) => void;
}

/** What each part of the conformance suite registers its tests with. */
export interface ConformanceSuite {
  /** The options the suite was started with. */
  options: BackendConformanceOptions;
  /** The context of the running test (created before each test). */
  context(): ConformanceContext;
  /** What the backend under test declares, read at run time. */
  capabilities(): BackendCapabilities;
}

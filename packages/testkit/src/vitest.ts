// `@pomerium-unified/testkit/vitest`: the backend conformance suite, which registers vitest tests
// (vitest is an optional peer dependency: only this entry point needs it).

export { createKeyPairFixture, type KeyPairFixture, pemBody } from './conformance/conformance-certificates.js';
export type { ConformanceContext, ConformanceTarget } from './conformance/conformance-context.js';
export type { BackendConformanceOptions } from './conformance/conformance-suite.js';
export { runBackendConformance } from './conformance/run-backend-conformance.js';

import type { BackendCapabilities } from '@pomerium-unified/core';
import { afterEach, beforeEach, describe } from 'vitest';
import { registerBadInputProperties } from './bad-input-properties.js';
import { registerClusterConformance } from './clusters-conformance.js';
import { registerCallConformance } from './conformance-calls.js';
import { type ConformanceContext, createConformanceContext } from './conformance-context.js';
import { registerContractConformance } from './conformance-contract.js';
import { registerPolicyRouteLinkConformance } from './conformance-links.js';
import { registerNamespaceConformance } from './conformance-namespaces.js';
import { registerPolicyConformance } from './conformance-policies.js';
import { registerRouteConformance } from './conformance-routes.js';
import type { BackendConformanceOptions, ConformanceSuite } from './conformance-suite.js';
import { registerKeyPairConformance } from './key-pairs-conformance.js';
import { registerSecretConformance } from './secrets-conformance.js';
import { registerServiceAccountConformance } from './service-accounts-conformance.js';
import { registerSettingsConformance } from './settings-conformance.js';

export type { ConformanceContext, ConformanceTarget } from './conformance-context.js';
export type { BackendConformanceOptions } from './conformance-suite.js';

/**
 * Registers the backend conformance suite with vitest: CRUD of every resource,
 * paging, not-found after delete, validation before any call, policy ↔ route
 * links, enforced policies, concurrency, unicode, aborted signals, and
 * capability-gated `unimplemented` behaviour. Every backend runs the same
 * suite; capability-gated tests follow what `backend.capabilities` declares.
 *
 * @example
 * runBackendConformance({ name: 'memory', createBackend: () => ({ backend: createMemoryBackend() }) });
 */
export function runBackendConformance(options: BackendConformanceOptions): void {
  describe(`${options.name} backend conformance`, () => {
    let context: ConformanceContext | undefined;
    let capabilities: BackendCapabilities | undefined;
    const suite: ConformanceSuite = {
      options,
      context: () => {
        if (!context) throw new Error('The conformance context exists only while a test runs');
        return context;
      },
      capabilities: () => {
        if (!capabilities) throw new Error('The backend capabilities are known only while a test runs');
        return capabilities;
      },
    };

    beforeEach(async () => {
      const target = await options.createBackend();
      capabilities = target.backend.capabilities;
      context = await createConformanceContext(target);
    });

    afterEach(async () => {
      await context?.cleanup();
      context = undefined;
    });

    registerContractConformance(suite);
    registerNamespaceConformance(suite);
    registerPolicyConformance(suite);
    registerRouteConformance(suite);
    registerPolicyRouteLinkConformance(suite);
    registerCallConformance(suite);
    registerKeyPairConformance(suite);
    registerServiceAccountConformance(suite);
    registerSettingsConformance(suite);
    registerClusterConformance(suite);
    registerSecretConformance(suite);
    registerBadInputProperties(() => suite.context());

    options.additionalTests?.(() => suite.context());
  });
}

import { type PomeriumClient, PomeriumError } from '@pomerium-unified/core';
import { afterEach } from 'vitest';
import type { ConformanceSuite } from './conformance-suite.js';

/** Deletes the key pairs and service accounts a test made, before the context removes its namespace. */
export interface ResourceTracker {
  /** Deletes the key pair after the test. */
  keyPair(id: string): void;
  /** Deletes the service account after the test. */
  serviceAccount(id: string): void;
}

async function ignoreNotFound(call: () => Promise<void>): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (!PomeriumError.hasCode(error, 'not_found')) throw error;
  }
}

/**
 * Registers (inside a `describe`) an `afterEach` that deletes what the tests
 * tracked; it runs before the suite's own clean-up, which deletes the namespace.
 */
export function trackResources(suite: ConformanceSuite): ResourceTracker {
  const created: { kind: 'keyPair' | 'serviceAccount'; id: string }[] = [];
  afterEach(async () => {
    const client: PomeriumClient = suite.context().client;
    const pending = created.splice(0).reverse();
    for (const item of pending) {
      if (item.kind === 'keyPair') await ignoreNotFound(() => client.keyPairs.delete(item.id));
      else await ignoreNotFound(() => client.serviceAccounts.delete(item.id));
    }
  });
  return {
    keyPair: (id) => created.push({ kind: 'keyPair', id }),
    serviceAccount: (id) => created.push({ kind: 'serviceAccount', id }),
  };
}

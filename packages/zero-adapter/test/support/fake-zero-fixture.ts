import { inspect } from 'node:util';
import {
  createPomeriumClient,
  type PomeriumClient,
  type PomeriumClientOptions,
  PomeriumError,
} from '@pomerium-unified/core';
import { type FakeZeroConsole, type FakeZeroConsoleOptions, startFakeZeroConsole } from '@pomerium-unified/testkit';
import { afterEach, expect } from 'vitest';
import { createZeroBackend, type ZeroBackendOptions } from '../../src/index.js';

const started: FakeZeroConsole[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close().catch(() => undefined)));
  await Promise.all(started.splice(0).map((fake) => fake.close()));
});

/** Runs `close` after the current test. */
export function closeAfterTest(close: () => Promise<void>): void {
  closers.push(close);
}

/** Starts a fake Zero console closed after the test. */
export async function startFake(options: FakeZeroConsoleOptions = {}): Promise<FakeZeroConsole> {
  const fake = await startFakeZeroConsole(options);
  started.push(fake);
  return fake;
}

/** A client on a Zero backend pointed at `fake`; its backend is closed after the test. */
export function clientFor(
  fake: FakeZeroConsole,
  options: Partial<ZeroBackendOptions> = {},
  clientOptions: Omit<PomeriumClientOptions, 'backend'> = {},
): PomeriumClient {
  const backend = createZeroBackend({ apiUrl: fake.url, apiUserToken: fake.apiUserToken, ...options });
  closers.push(() => backend.close?.() ?? Promise.resolve());
  return createPomeriumClient({ backend, ...clientOptions });
}

/** The namespace id of the fake's first cluster. */
export function clusterNamespaceId(fake: FakeZeroConsole): string {
  const [cluster] = fake.state.clusters.values();
  return String(cluster?.json.namespaceId);
}

/** The PomeriumError a promise rejects with (fails the test for anything else). */
export async function rejection(promise: Promise<unknown>): Promise<PomeriumError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(PomeriumError.isInstance(error), `expected a PomeriumError, got ${String(error)}`).toBe(true);
  return error as PomeriumError;
}

/** Every string reachable from an error: message, stack, cause chain, own properties, util.inspect, JSON. */
export function everythingIn(error: unknown): string {
  const seen = new Set<unknown>();
  const parts: string[] = [inspect(error, { depth: 10, showHidden: true })];
  const visit = (value: unknown) => {
    if (value === null || typeof value !== 'object' || seen.has(value)) {
      parts.push(String(value));
      return;
    }
    seen.add(value);
    for (const key of Reflect.ownKeys(value)) visit((value as Record<PropertyKey, unknown>)[key]);
  };
  visit(error);
  parts.push(JSON.stringify(error));
  if (error instanceof Error) parts.push(String(error.stack));
  return parts.join('\n');
}

/** A minimal route create input. */
export const sampleRoute = (namespaceId: string, name = 'app') => ({
  namespaceId,
  name,
  from: `https://${name}.example.com`,
  to: ['http://upstream:8080'],
});

import { PomeriumError } from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';
import { expectCode } from './conformance-helpers.js';
import type { ConformanceSuite } from './conformance-suite.js';

function abortedSignal(): AbortSignal {
  const controller = new AbortController();
  controller.abort(new Error('aborted by the conformance suite'));
  return controller.signal;
}

/** What a backend may reject an aborted call with: `deadline_exceeded`, or the signal's own reason. */
async function expectAborted(promise: Promise<unknown>, signal: AbortSignal): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error, 'the call succeeded although its signal was aborted').toBeDefined();
  if (error === signal.reason) return;
  expect(PomeriumError.isInstance(error), `expected a PomeriumError, got ${String(error)}`).toBe(true);
  expect((error as PomeriumError).code).toBe('deadline_exceeded');
}

/** Registers the conformance tests of call options: aborted signals and list options. */
export function registerCallConformance(suite: ConformanceSuite): void {
  describe('calls', () => {
    it('rejects a call whose signal is already aborted', async () => {
      const route = await suite.context().createRoute();
      const error = await expectCode(
        suite.context().client.routes.get(route.id, { signal: abortedSignal() }),
        'deadline_exceeded',
      );
      expect(error.retryable).toBe(false);
    });

    it('the backend itself honours an aborted signal on reads', async () => {
      const { backend, createRoute, createPolicy, namespaceId } = suite.context();
      const route = await createRoute();
      const policy = await createPolicy();
      const signal = abortedSignal();
      await expectAborted(backend.routes.get({ id: route.id, signal }), signal);
      await expectAborted(backend.policies.get({ id: policy.id, signal }), signal);
      await expectAborted(backend.namespaces.get({ id: namespaceId, signal }), signal);
      await expectAborted(backend.routes.list({ namespaceId, offset: 0, limit: 10, signal }), signal);
    });

    it('the backend itself makes no change for a write whose signal is already aborted', async () => {
      const { backend, client, createRoute, namespaceId, uniqueName, uniqueFrom } = suite.context();
      const route = await createRoute();
      const signal = abortedSignal();
      await expectAborted(
        backend.routes.update({ id: route.id, patch: { name: uniqueName('aborted') }, signal }),
        signal,
      );
      await expectAborted(backend.routes.delete({ id: route.id, signal }), signal);
      await expectAborted(
        backend.routes.create({
          input: { namespaceId, name: uniqueName('aborted-create'), from: uniqueFrom('aborted-create'), to: [] },
          signal,
        }),
        signal,
      );
      expect((await client.routes.get(route.id)).name).toBe(route.name);
      const created = await client.routes.findByName({ namespaceId, name: uniqueName('aborted-create') });
      expect(created).toBeUndefined();
    });

    it('rejects a non-positive page size', () => {
      expect(() => suite.context().client.routes.list({ pageSize: 0 })).toThrow(PomeriumError);
    });
  });
}

import { Secret, settingsSecretKeys, settingsSecretListKeys } from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';
import { expectCode } from './conformance-helpers.js';
import type { ConformanceSuite } from './conformance-suite.js';

/**
 * Registers the conformance tests of settings (gated on `capabilities.settings`).
 * Non-destructive: the only field written is `originatorId`, restored afterwards.
 */
export function registerSettingsConformance(suite: ConformanceSuite): void {
  describe('settings', () => {
    it('reads the settings of the default scope, secrets as Secrets', async (test) => {
      if (!suite.capabilities().settings) return test.skip('the backend does not declare settings');
      const settings = await suite.context().client.settings.get();
      expect(typeof settings.id).toBe('string');
      expect(settings.extensions).toBeTypeOf('object');
      for (const key of settingsSecretKeys) {
        if (settings[key] !== undefined) expect(Secret.isSecret(settings[key]), key).toBe(true);
      }
      for (const key of settingsSecretListKeys) {
        for (const item of settings[key] ?? []) expect(Secret.isSecret(item), key).toBe(true);
      }
    });

    it('updates only what the patch names and refuses a stale expectedUpdatedAt', async (test) => {
      if (!suite.capabilities().settings) return test.skip('the backend does not declare settings');
      const { client, uniqueName } = suite.context();
      const before = await client.settings.get();
      try {
        const updated = await client.settings.update(
          { originatorId: uniqueName('settings') },
          before.updatedAt === undefined ? {} : { expectedUpdatedAt: before.updatedAt },
        );
        expect(updated.originatorId).toBe(uniqueName('settings'));
        expect(updated.passIdentityHeaders).toBe(before.passIdentityHeaders);
        expect(updated.logLevel).toBe(before.logLevel);
        if (before.updatedAt !== undefined && updated.updatedAt !== before.updatedAt) {
          await expectCode(
            client.settings.update({ originatorId: 'stale' }, { expectedUpdatedAt: before.updatedAt }),
            'aborted',
          );
        }
      } finally {
        await client.settings.update({ originatorId: before.originatorId ?? null });
      }
    });

    it('refuses a bad patch before any call', async (test) => {
      if (!suite.capabilities().settings) return test.skip('the backend does not declare settings');
      const { client, calls } = suite.context();
      const before = calls.count;
      const duration = await expectCode(client.settings.update({ timeoutRead: 'soon' }), 'invalid_argument');
      expect(duration.field).toBe('timeoutRead');
      const masked = await expectCode(client.settings.update({ cookieSecret: Secret.masked() }), 'invalid_argument');
      expect(masked.field).toBe('cookieSecret');
      await expectCode(client.settings.update({ notASetting: true } as never), 'invalid_argument');
      expect(calls.count).toBe(before);
    });

    it('answers unimplemented when the backend has no settings', async (test) => {
      if (suite.capabilities().settings) return test.skip('the backend declares settings');
      await expectCode(suite.context().client.settings.get(), 'unimplemented');
    });
  });
}

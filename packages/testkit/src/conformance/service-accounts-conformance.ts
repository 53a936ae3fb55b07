import { inspect } from 'node:util';
import { Secret } from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';
import { expectCode } from './conformance-helpers.js';
import type { ConformanceSuite } from './conformance-suite.js';
import { trackResources } from './conformance-tracking.js';

/** Registers the conformance tests of service accounts (gated on `capabilities.serviceAccounts` and its sub-flags). */
export function registerServiceAccountConformance(suite: ConformanceSuite): void {
  describe('service accounts', () => {
    const track = trackResources(suite);
    const skipUnless = (flag: 'serviceAccounts' | 'serviceAccountUpdates' | 'serviceAccountTokenRead') => {
      return (test: { skip: (note: string) => void }) => {
        if (!suite.capabilities().serviceAccounts || !suite.capabilities()[flag]) {
          test.skip(`the backend does not declare ${flag}`);
          return true;
        }
        return false;
      };
    };
    const userIdOf = (label: string) =>
      suite
        .context()
        .uniqueName(label)
        .replace(/[^A-Za-z0-9-]/g, '-');

    it('creates an account and returns its token once, as a Secret outside the account', async (test) => {
      if (skipUnless('serviceAccounts')(test)) return;
      const { client, namespaceId } = suite.context();
      const issued = await client.serviceAccounts.create({
        userId: userIdOf('bot'),
        description: 'conformance account',
        namespaceId,
      });
      track.serviceAccount(issued.serviceAccount.id);
      expect(Secret.isSecret(issued.token)).toBe(true);
      const token = issued.token?.reveal() as string;
      expect(token.length).toBeGreaterThan(0);
      expect(issued.serviceAccount).toMatchObject({ userId: userIdOf('bot'), description: 'conformance account' });
      expect(JSON.stringify(issued)).not.toContain(token);
      expect(inspect(issued, { depth: 10, showHidden: true })).not.toContain(token);
      const read = await client.serviceAccounts.get(issued.serviceAccount.id);
      expect(read).toMatchObject({ id: issued.serviceAccount.id, userId: userIdOf('bot') });
      expect(JSON.stringify(read)).not.toContain(token);
    });

    it('lists accounts and finds one by its bare user id', async (test) => {
      if (skipUnless('serviceAccounts')(test)) return;
      const { client, smallPageClient, namespaceId } = suite.context();
      const ids: string[] = [];
      for (const label of ['one', 'two', 'three']) {
        const issued = await client.serviceAccounts.create({ userId: userIdOf(label), namespaceId });
        track.serviceAccount(issued.serviceAccount.id);
        ids.push(issued.serviceAccount.id);
      }
      const listed = await smallPageClient.serviceAccounts.list({ namespaceId }).toArray();
      for (const id of ids) expect(listed.filter((account) => account.id === id)).toHaveLength(1);
      const found = await client.serviceAccounts.findByUserId({ userId: userIdOf('two'), namespaceId });
      expect(found?.id).toBe(ids[1]);
      expect(await client.serviceAccounts.findByUserId({ userId: userIdOf('none'), namespaceId })).toBeUndefined();
    });

    it('updates only what the patch names', async (test) => {
      if (skipUnless('serviceAccountUpdates')(test)) return;
      const { client, namespaceId } = suite.context();
      const issued = await client.serviceAccounts.create({
        userId: userIdOf('upd'),
        description: 'before',
        namespaceId,
      });
      track.serviceAccount(issued.serviceAccount.id);
      const expiresAt = new Date(Date.now() + 7 * 24 * 60 * 60 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
      const updated = await client.serviceAccounts.update(issued.serviceAccount.id, {
        description: 'after',
        expiresAt,
      });
      expect(updated.serviceAccount).toMatchObject({ userId: userIdOf('upd'), description: 'after' });
      expect(Date.parse(updated.serviceAccount.expiresAt as string)).toBe(Date.parse(expiresAt));
      if (updated.token !== undefined) expect(Secret.isSecret(updated.token)).toBe(true);
    });

    it('reads the token of an account where the backend allows it', async (test) => {
      if (skipUnless('serviceAccountTokenRead')(test)) return;
      const { client, namespaceId } = suite.context();
      const issued = await client.serviceAccounts.create({ userId: userIdOf('tok'), namespaceId });
      track.serviceAccount(issued.serviceAccount.id);
      const token = await client.serviceAccounts.getToken(issued.serviceAccount.id);
      expect(Secret.isSecret(token)).toBe(true);
      expect(token.reveal().length).toBeGreaterThan(0);
    });

    it('deletes an account; reading it then gives not_found', async (test) => {
      if (skipUnless('serviceAccounts')(test)) return;
      const { client, namespaceId } = suite.context();
      const issued = await client.serviceAccounts.create({ userId: userIdOf('gone'), namespaceId });
      track.serviceAccount(issued.serviceAccount.id);
      await client.serviceAccounts.delete(issued.serviceAccount.id);
      await expectCode(client.serviceAccounts.get(issued.serviceAccount.id), 'not_found');
    });

    it('refuses bad input before any call', async (test) => {
      if (skipUnless('serviceAccounts')(test)) return;
      const { client, calls } = suite.context();
      const before = calls.count;
      expect((await expectCode(client.serviceAccounts.create({ userId: '' }), 'invalid_argument')).field).toBe(
        'userId',
      );
      const expiry = await expectCode(
        client.serviceAccounts.create({ userId: 'x', expiresAt: 'next week' }),
        'invalid_argument',
      );
      expect(expiry.field).toBe('expiresAt');
      await expectCode(client.serviceAccounts.get('bad/id'), 'invalid_argument');
      expect(calls.count).toBe(before);
    });

    it('answers unimplemented where the backend lacks an operation', async (test) => {
      const capabilities = suite.capabilities();
      const { client } = suite.context();
      if (!capabilities.serviceAccounts) {
        await expectCode(client.serviceAccounts.list().toArray(), 'unimplemented');
      } else if (!capabilities.serviceAccountTokenRead) {
        await expectCode(client.serviceAccounts.getToken('some-account'), 'unimplemented');
      } else if (!capabilities.serviceAccountUpdates) {
        await expectCode(client.serviceAccounts.update('some-account', { description: 'x' }), 'unimplemented');
      } else {
        return test.skip('the backend declares every service-account operation');
      }
    });
  });
}

import { pplEquals } from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';
import { samplePpl } from './conformance-context.js';
import { expectCode } from './conformance-helpers.js';
import type { ConformanceSuite } from './conformance-suite.js';

/** Registers the conformance tests of policies: CRUD, PPL round-trips, paging, search and validation. */
export function registerPolicyConformance(suite: ConformanceSuite): void {
  describe('policies', () => {
    it('creates a policy and returns it as stored', async () => {
      const policy = await suite.context().createPolicy({
        description: 'desc',
        explanation: 'why',
        remediation: 'what to do',
      });
      expect(policy.id).toMatch(/\S/);
      expect(policy).toMatchObject({
        namespaceId: suite.context().namespaceId,
        name: suite.context().uniqueName('policy'),
        description: 'desc',
        explanation: 'why',
        remediation: 'what to do',
        enforced: false,
      });
      expect(pplEquals(policy.ppl, samplePpl)).toBe(true);
      expect(policy.routeIds).toEqual([]);
    });

    it('fills optional strings with empty strings', async () => {
      const policy = await suite.context().createPolicy();
      expect(policy).toMatchObject({ description: '', explanation: '', remediation: '', enforced: false });
    });

    it('normalises a single PPL rule into an array', async () => {
      const rule = { allow: { or: [{ domain: { is: 'example.com' } }, { email: { is: 'a@example.com' } }] } };
      const policy = await suite.context().createPolicy({ ppl: rule });
      expect(Array.isArray(policy.ppl)).toBe(true);
      expect(pplEquals(policy.ppl, [rule])).toBe(true);
      const read = await suite.context().client.policies.get(policy.id);
      expect(Array.isArray(read.ppl), 'a read PPL is an array').toBe(true);
      expect(pplEquals(read.ppl, rule)).toBe(true);
    });

    it('keeps allow and deny blocks with every operator', async () => {
      const ppl = [
        {
          allow: { and: [{ authenticated_user: true }], or: [{ groups: { has: 'admins' } }] },
          deny: { not: [{ http_method: { is: 'GET' } }], nor: [{ 'claim/department': 'sales' }] },
        },
        { allow: { or: [{ email: { ends_with: '@example.com' } }] } },
      ];
      const policy = await suite.context().createPolicy({ ppl });
      expect(pplEquals((await suite.context().client.policies.get(policy.id)).ppl, ppl)).toBe(true);
    });

    it('gets a policy by id', async () => {
      const created = await suite.context().createPolicy();
      const read = await suite.context().client.policies.get(created.id);
      expect(Array.isArray(read.ppl), 'a read PPL is an array').toBe(true);
      expect(read).toMatchObject({ id: created.id, name: created.name, namespaceId: suite.context().namespaceId });
      expect(pplEquals(read.ppl, created.ppl)).toBe(true);
    });

    it('updates one field and keeps the others', async () => {
      const created = await suite.context().createPolicy({ description: 'keep me', explanation: 'keep too' });
      const updated = await suite
        .context()
        .client.policies.update(created.id, { name: suite.context().uniqueName('renamed') });
      expect(updated).toMatchObject({
        id: created.id,
        name: suite.context().uniqueName('renamed'),
        description: 'keep me',
        explanation: 'keep too',
        enforced: false,
      });
      expect(pplEquals(updated.ppl, samplePpl)).toBe(true);
      expect((await suite.context().client.policies.get(created.id)).name).toBe(suite.context().uniqueName('renamed'));
    });

    it('replaces the PPL on update', async () => {
      const created = await suite.context().createPolicy();
      const ppl = [{ deny: { or: [{ email: { is: 'blocked@example.com' } }] } }];
      const updated = await suite.context().client.policies.update(created.id, { ppl });
      expect(pplEquals(updated.ppl, ppl)).toBe(true);
      expect(pplEquals((await suite.context().client.policies.get(created.id)).ppl, ppl)).toBe(true);
    });

    it('deletes a policy, then reports not_found', async () => {
      const created = await suite.context().createPolicy();
      await suite.context().client.policies.delete(created.id);
      await expectCode(suite.context().client.policies.get(created.id), 'not_found');
      await expectCode(suite.context().client.policies.update(created.id, { name: 'again' }), 'not_found');
      await expectCode(suite.context().client.policies.delete(created.id), 'not_found');
    });

    it('reports not_found for an unknown policy id', async () => {
      await expectCode(suite.context().client.policies.get('does-not-exist-0000'), 'not_found');
    });

    it('lists policies of a namespace', async () => {
      const first = await suite.context().createPolicy({ name: suite.context().uniqueName('list-a') });
      const second = await suite.context().createPolicy({ name: suite.context().uniqueName('list-b') });
      const listed = await suite
        .context()
        .client.policies.list({ namespaceId: suite.context().namespaceId, query: suite.context().prefix })
        .toArray();
      expect(listed.map((policy) => policy.id).sort()).toEqual([first.id, second.id].sort());
    });

    it('filters policies by a case-insensitive query on the name', async () => {
      const wanted = await suite.context().createPolicy({ name: suite.context().uniqueName('Needle-Policy') });
      await suite.context().createPolicy({ name: suite.context().uniqueName('other') });
      const listed = await suite
        .context()
        .client.policies.list({ namespaceId: suite.context().namespaceId, query: `${suite.context().prefix}-needle` })
        .toArray();
      expect(listed.map((policy) => policy.id)).toEqual([wanted.id]);
    });

    it('pages over more than one page without loss or duplicates', async () => {
      const created = [];
      for (let index = 0; index < 5; index++) {
        created.push(await suite.context().createPolicy({ name: suite.context().uniqueName(`page-${index}`) }));
      }
      const pages: string[][] = [];
      for await (const page of suite
        .context()
        .smallPageClient.policies.list({ namespaceId: suite.context().namespaceId, query: suite.context().prefix })
        .pages()) {
        pages.push(page.map((policy) => policy.id));
      }
      expect(pages.length).toBeGreaterThanOrEqual(3);
      expect(pages.every((page) => page.length <= 2)).toBe(true);
      expect(pages.flat().sort()).toEqual(created.map((policy) => policy.id).sort());
    });

    it('finds a policy by exact name', async () => {
      await suite.context().createPolicy({ name: suite.context().uniqueName('find-me-too') });
      const wanted = await suite.context().createPolicy({ name: suite.context().uniqueName('find-me') });
      const found = await suite.context().client.policies.findByName({
        namespaceId: suite.context().namespaceId,
        name: suite.context().uniqueName('find-me'),
      });
      expect(found?.id).toBe(wanted.id);
      expect(
        await suite.context().client.policies.findByName({
          namespaceId: suite.context().namespaceId,
          name: suite.context().uniqueName('no'),
        }),
      ).toBeUndefined();
    });

    it('round-trips unicode names and texts', async () => {
      const name = suite.context().uniqueName('Política ✓ 日本語 🚀');
      const policy = await suite.context().createPolicy({ name, description: 'Zugriff für Ärzte — 医生' });
      const read = await suite.context().client.policies.get(policy.id);
      expect(read.name).toBe(name);
      expect(read.description).toBe('Zugriff für Ärzte — 医生');
    });

    it('rejects an empty name before any call', async () => {
      const error = await expectCode(
        suite
          .context()
          .client.policies.create({ namespaceId: suite.context().namespaceId, name: '  ', ppl: samplePpl }),
        'invalid_argument',
      );
      expect(error.field).toBe('name');
      expect(suite.context().calls.count).toBe(0);
    });

    it('rejects malformed PPL before any call, naming the field', async () => {
      const error = await expectCode(
        suite.context().client.policies.create({
          namespaceId: suite.context().namespaceId,
          name: suite.context().uniqueName('bad-ppl'),
          ppl: [{ allow: { xor: [] } }] as never,
        }),
        'invalid_argument',
      );
      expect(error.field).toMatch(/^ppl/);
      expect(error.message).toContain('xor');
      await expectCode(
        suite.context().client.policies.create({
          namespaceId: suite.context().namespaceId,
          name: suite.context().uniqueName('bad-ppl'),
          ppl: 'allow everyone' as never,
        }),
        'invalid_argument',
      );
      expect(suite.context().calls.count).toBe(0);
    });

    it('rejects wrong types and unknown keys before any call', async () => {
      await expectCode(
        suite
          .context()
          .client.policies.create({ namespaceId: suite.context().namespaceId, name: 42, ppl: samplePpl } as never),
        'invalid_argument',
      );
      await expectCode(
        suite.context().client.policies.create({
          namespaceId: suite.context().namespaceId,
          name: suite.context().uniqueName('x'),
          ppl: samplePpl,
          colour: 'blue',
        } as never),
        'invalid_argument',
      );
      await expectCode(suite.context().client.policies.update('', { name: 'x' }), 'invalid_argument');
      expect(suite.context().calls.count).toBe(0);
    });
  });
}

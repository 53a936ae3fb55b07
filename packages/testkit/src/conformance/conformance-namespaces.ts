import { describe, expect, it } from 'vitest';
import { expectCode } from './conformance-helpers.js';
import type { ConformanceSuite } from './conformance-suite.js';

/** Registers the conformance tests of namespaces: listing, reading, and (where the backend can) writing them. */
export function registerNamespaceConformance(suite: ConformanceSuite): void {
  describe('namespaces', () => {
    it('lists exactly one root namespace', async () => {
      const namespaces = await suite.context().client.namespaces.list().toArray();
      const roots = namespaces.filter((namespace) => namespace.kind === 'root');
      expect(roots).toHaveLength(1);
      expect(roots[0]?.parentId).toBeUndefined();
      expect(namespaces.some((namespace) => namespace.id === suite.context().namespaceId)).toBe(true);
    });

    it('gets the working namespace by id', async () => {
      const namespace = await suite.context().client.namespaces.get(suite.context().namespaceId);
      expect(namespace.id).toBe(suite.context().namespaceId);
      expect(namespace.name.length).toBeGreaterThan(0);
      expect(namespace.kind).not.toBe('root');
    });

    it('pages through namespaces without duplicates', async () => {
      const all = await suite.context().client.namespaces.list().toArray();
      const paged = await suite.context().smallPageClient.namespaces.list().toArray();
      expect(paged.map((namespace) => namespace.id).sort()).toEqual(all.map((namespace) => namespace.id).sort());
    });

    it('reports not_found for an unknown namespace id', async () => {
      await expectCode(suite.context().client.namespaces.get('does-not-exist-0000'), 'not_found');
    });

    it('finds a namespace by name', async () => {
      const namespace = await suite.context().client.namespaces.get(suite.context().namespaceId);
      const found = await suite.context().client.namespaces.findByName({ name: namespace.name });
      expect(found?.id).toBe(namespace.id);
    });

    it('creates, renames and deletes a namespace', async (test) => {
      if (!suite.capabilities().writeNamespaces) return test.skip('the backend declares writeNamespaces: false');
      const id = await suite.context().createNamespace('child');
      const child = await suite.context().client.namespaces.get(id);
      expect(child).toMatchObject({ name: suite.context().uniqueName('child'), parentId: suite.context().namespaceId });
      expect(child.kind).toBe('namespace');
      const renamed = await suite
        .context()
        .client.namespaces.update(id, { name: suite.context().uniqueName('renamed') });
      expect(renamed).toMatchObject({
        id,
        name: suite.context().uniqueName('renamed'),
        parentId: suite.context().namespaceId,
      });
      await suite.context().client.namespaces.delete(id);
      await expectCode(suite.context().client.namespaces.get(id), 'not_found');
    });

    it('lists the children of a namespace', async (test) => {
      if (!suite.capabilities().writeNamespaces) return test.skip('the backend declares writeNamespaces: false');
      const first = await suite.context().createNamespace('first');
      const second = await suite.context().createNamespace('second');
      const children = await suite
        .context()
        .client.namespaces.list({ parentId: suite.context().namespaceId })
        .toArray();
      expect(children.map((child) => child.id).sort()).toEqual([first, second].sort());
    });

    it('refuses to delete a namespace that has children', async (test) => {
      if (!suite.capabilities().writeNamespaces) return test.skip('the backend declares writeNamespaces: false');
      const parent = await suite.context().createNamespace('parent');
      await suite.context().createNamespace('grandchild', parent);
      await expectCode(suite.context().client.namespaces.delete(parent), 'failed_precondition');
      expect((await suite.context().client.namespaces.get(parent)).id).toBe(parent);
    });

    it('refuses to delete a namespace that holds routes', async (test) => {
      if (!suite.capabilities().writeNamespaces) return test.skip('the backend declares writeNamespaces: false');
      const holder = await suite.context().createNamespace('holder');
      await suite.context().createRoute({ namespaceId: holder });
      await expectCode(suite.context().client.namespaces.delete(holder), 'failed_precondition');
    });

    it('moves a namespace under another parent', async (test) => {
      if (!suite.capabilities().writeNamespaces) return test.skip('the backend declares writeNamespaces: false');
      const left = await suite.context().createNamespace('left');
      const right = await suite.context().createNamespace('right');
      const moved = await suite.context().client.namespaces.update(right, { parentId: left });
      expect(moved.parentId).toBe(left);
      expect((await suite.context().client.namespaces.get(right)).parentId).toBe(left);
    });

    it('answers unimplemented to namespace create, update and delete', async (test) => {
      if (suite.capabilities().writeNamespaces) return test.skip('the backend declares writeNamespaces: true');
      const create = await expectCode(suite.context().client.namespaces.create({ name: 'x' }), 'unimplemented');
      expect(create.message.length).toBeGreaterThan(20);
      await expectCode(
        suite.context().client.namespaces.update(suite.context().namespaceId, { name: 'x' }),
        'unimplemented',
      );
      await expectCode(suite.context().client.namespaces.delete(suite.context().namespaceId), 'unimplemented');
      expect((await suite.context().client.namespaces.get(suite.context().namespaceId)).id).toBe(
        suite.context().namespaceId,
      );
    });

    it('rejects an empty namespace name before any call', async () => {
      const error = await expectCode(suite.context().client.namespaces.create({ name: '' }), 'invalid_argument');
      expect(error.field).toBe('name');
      expect(suite.context().calls.count).toBe(0);
    });
  });
}

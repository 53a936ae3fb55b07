import type { KeyPair, KeyPairBackend, ListPage } from '@pomerium-unified/core';
import { keyPairPatchToJsonPatch, keyPairToZeroProperties, zeroKeyPairToKeyPair } from './convert-key-pair.js';
import { zeroAdapterError } from './errors.js';
import type { ZeroCallContext } from './zero-http-client.js';
import { assertUnchanged, whenZeroForbidden, type ZeroResourceRuntime, zeroContext } from './zero-resource-runtime.js';
import { parseZeroKeyPair, parseZeroKeyPairs } from './zero-resource-wire-schemas.js';
import type { ZeroKeyPair } from './zero-resource-wire-types.js';

function systemKeyPairError(id: string, operation: string) {
  return zeroAdapterError(
    'failed_precondition',
    `Key pair ${id} was made by Pomerium Zero (origin: system) and is read-only; create a key pair of your own instead`,
    'id',
    operation,
  );
}

/**
 * The key-pair operations of the Zero backend (`{org}/keyPairs`): list by
 * namespace (with descendants when none is given), create (the private key
 * revealed into the body only), update by JSON Patch after a read that refuses
 * `origin: system` key pairs, delete likewise.
 */
export function createZeroKeyPairs(runtime: ZeroResourceRuntime): KeyPairBackend {
  const path = async (ctx: ZeroCallContext, id?: string) => {
    const { organizationPath } = await runtime.scope(ctx);
    return id === undefined
      ? `${organizationPath}keyPairs`
      : `${organizationPath}keyPairs/${runtime.idSegment(id, ctx.operation)}`;
  };

  const stillThere = async (id: string, ctx: ZeroCallContext) => {
    const { organizationPath, rootNamespaceId } = await runtime.scope(ctx);
    const search = new URLSearchParams({
      namespaceId: rootNamespaceId,
      includeDescendants: 'true',
      filter: JSON.stringify({ items: [{ field: 'id', operator: 'equals', value: id }] }),
    }).toString();
    const found = await runtime.call(
      { ...ctx, method: 'GET', path: `${organizationPath}keyPairs`, search },
      parseZeroKeyPairs,
    );
    return found.some((item) => item.id === id);
  };

  const read = async (id: string, ctx: ZeroCallContext): Promise<ZeroKeyPair> => {
    const target = await path(ctx, id);
    try {
      return await runtime.call({ ...ctx, method: 'GET', path: target }, parseZeroKeyPair);
    } catch (error) {
      throw await whenZeroForbidden(error, 'Key pair', id, () => stillThere(id, ctx));
    }
  };

  return {
    async list(request): Promise<ListPage<KeyPair>> {
      const ctx = zeroContext('keyPairs.list', request);
      const { organizationPath, defaultNamespaceId } = await runtime.scope(ctx);
      const search = new URLSearchParams();
      search.set('namespaceId', request.namespaceId ?? defaultNamespaceId);
      if (request.namespaceId === undefined) search.set('includeDescendants', 'true');
      if (request.query !== undefined && request.query !== '') {
        search.set(
          'filter',
          JSON.stringify({ items: [{ field: 'name', operator: 'contains', value: request.query }] }),
        );
      }
      search.set('limit', String(request.limit));
      search.set('offset', String(request.offset));
      const items = await runtime.call(
        { ...ctx, method: 'GET', path: `${organizationPath}keyPairs`, search: search.toString() },
        parseZeroKeyPairs,
      );
      return { items: items.map(zeroKeyPairToKeyPair) };
    },

    async get(request) {
      return zeroKeyPairToKeyPair(await read(request.id, zeroContext('keyPairs.get', request)));
    },

    async create(request) {
      const ctx = zeroContext('keyPairs.create', request);
      const body = keyPairToZeroProperties(request.input);
      const created = await runtime.call({ ...ctx, method: 'POST', path: await path(ctx), body }, parseZeroKeyPair);
      return zeroKeyPairToKeyPair(created);
    },

    async update(request) {
      const ctx = zeroContext('keyPairs.update', request);
      // Read first: system key pairs are refused before any write, and the optimistic check needs the stored time.
      const previous = await read(request.id, ctx);
      if (previous.origin === 'system') throw systemKeyPairError(request.id, ctx.operation);
      assertUnchanged(`Key pair ${request.id}`, previous.updatedAt, request.expectedUpdatedAt, ctx.operation);
      const operations = keyPairPatchToJsonPatch(request.patch);
      if (operations.length === 0) return zeroKeyPairToKeyPair(previous);
      try {
        const updated = await runtime.call(
          { ...ctx, method: 'PATCH', path: await path(ctx, request.id), body: operations },
          parseZeroKeyPair,
        );
        return zeroKeyPairToKeyPair(updated);
      } catch (error) {
        throw await whenZeroForbidden(error, 'Key pair', request.id, () => stillThere(request.id, ctx));
      }
    },

    async delete(request) {
      const ctx = zeroContext('keyPairs.delete', request);
      const previous = await read(request.id, ctx);
      if (previous.origin === 'system') throw systemKeyPairError(request.id, ctx.operation);
      try {
        await runtime.call({ ...ctx, method: 'DELETE', path: await path(ctx, request.id) }, () => undefined);
      } catch (error) {
        throw await whenZeroForbidden(error, 'Key pair', request.id, () => stillThere(request.id, ctx));
      }
    },
  };
}

import type { CallOptions, PomeriumError, ResourceListFilter } from '@pomerium-unified/core';
import { PomeriumError as PomeriumErrorClass } from '@pomerium-unified/core';
import type { JsonPatchOperation } from './convert-json-patch.js';
import { toZeroIdLookupSearchParams, toZeroListSearchParams, type ZeroCollection } from './convert-list-request.js';
import { deletedObjectError, zeroError } from './errors.js';
import type { ZeroCallContext, ZeroHttpClient } from './zero-http-client.js';
import { zeroIdSegment } from './zero-id-segment.js';
import type { ZeroOrganizationScope, ZeroScope } from './zero-organization-scope.js';
import { sameInstant, zeroContext } from './zero-resource-runtime.js';
import { validatedAnswer, type ZeroValidatedCall } from './zero-validated-call.js';

/** The requests on one collection's objects (routes, policies) that the route and policy operations are built from. */
export interface ZeroObjectRequests {
  /** One page of the collection, checked with `parse`. */
  listPage<Wire>(
    collection: ZeroCollection,
    request: ResourceListFilter & { offset: number; limit: number } & CallOptions,
    parse: (value: unknown) => Wire[],
  ): Promise<Wire[]>;
  /** A get on the hot path: one await for the scope (only when cold), one for the request; a 403 is confirmed. */
  getOne<Wire>(
    collection: ZeroCollection,
    request: { id: string } & CallOptions,
    operation: string,
    parse: (value: unknown) => Wire,
  ): Promise<Wire>;
  /** POSTs `body` to the collection. */
  postWire<Wire>(
    collection: ZeroCollection,
    body: unknown,
    ctx: ZeroCallContext,
    parse: (value: unknown) => Wire,
  ): Promise<Wire>;
  /** DELETEs one object. */
  deleteWire(collection: ZeroCollection, id: string, ctx: ZeroCallContext): Promise<void>;
  /** A field-level update (JSON Patch); see {@link createZeroObjectRequests}. */
  patchWire<Wire extends Record<string, unknown>, Patch>(
    collection: ZeroCollection,
    request: { id: string; patch: Patch; expectedUpdatedAt?: string | undefined } & CallOptions,
    needsRead: (patch: Patch) => boolean,
    toJsonPatch: (patch: Patch, previous: Wire | undefined, options: { guard: boolean }) => JsonPatchOperation[],
    parse: (value: unknown) => Wire,
  ): Promise<Wire>;
  /** Runs an operation on one object, turning a 403 into not_found when the object is gone. */
  single<T>(collection: ZeroCollection, id: string, ctx: ZeroCallContext, run: () => Promise<T>): Promise<T>;
}

const objectName = (collection: ZeroCollection) => (collection === 'routes' ? 'Route' : 'Policy');

/** The path of one object; synchronous once the scope is known (the hot path). */
const objectPath = (scope: ZeroScope, collection: ZeroCollection, segment: string) =>
  `${scope.organizationPath}${collection}/${segment}`;

/**
 * Builds the object requests of the route and policy operations over the HTTP
 * client, the checked-call function and the organization scope.
 */
export function createZeroObjectRequests(
  http: ZeroHttpClient,
  call: ZeroValidatedCall,
  organization: ZeroOrganizationScope,
): ZeroObjectRequests {
  const scope = organization.get;

  /**
   * Zero answers 403 ("viewer user required") for objects that were deleted.
   * On a 403 for a single object, look the id up across the organization: when
   * it is not there the object is gone (not_found); otherwise the 403 stands.
   */
  const confirmDeleted = async (
    collection: ZeroCollection,
    id: string,
    forbidden: PomeriumError,
    ctx: ZeroCallContext,
  ): Promise<PomeriumError> => {
    try {
      const { organizationPath, rootNamespaceId } = organization.current() ?? (await scope(ctx));
      const search = toZeroIdLookupSearchParams(id, rootNamespaceId).toString();
      const found = await call({ ...ctx, method: 'GET', path: `${organizationPath}${collection}`, search }, (value) =>
        Array.isArray(value) ? (value as { id?: unknown }[]) : [],
      );
      if (found.some((item) => item?.id === id)) return forbidden;
      return deletedObjectError(objectName(collection), id, forbidden);
    } catch (lookupError) {
      // A look-up that failed transiently proves nothing either way: report it, so the
      // client's retry asks again instead of surfacing a 403 for an object that may be gone.
      return PomeriumErrorClass.isInstance(lookupError) && lookupError.retryable ? lookupError : forbidden;
    }
  };

  /** Turns a 403 for one object into not_found when the object is gone (see {@link confirmDeleted}). */
  const whenForbidden = async (collection: ZeroCollection, id: string, error: unknown, ctx: ZeroCallContext) =>
    PomeriumErrorClass.hasCode(error, 'permission_denied') ? confirmDeleted(collection, id, error, ctx) : error;

  const getWire = async <Wire>(
    collection: ZeroCollection,
    id: string,
    ctx: ZeroCallContext,
    parse: (value: unknown) => Wire,
  ): Promise<Wire> => {
    const segment = zeroIdSegment(id, ctx.operation);
    const current = organization.current() ?? (await scope(ctx));
    return call({ ...ctx, method: 'GET', path: objectPath(current, collection, segment) }, parse);
  };

  return {
    async listPage(collection, request, parse) {
      const ctx = zeroContext(`${collection}.list`, request);
      const { organizationPath, defaultNamespaceId } = organization.current() ?? (await scope(ctx));
      const search = toZeroListSearchParams(collection, request, defaultNamespaceId).toString();
      return call({ ...ctx, method: 'GET', path: `${organizationPath}${collection}`, search }, parse);
    },

    async getOne(collection, request, operation, parse) {
      const ctx = zeroContext(operation, request);
      const segment = zeroIdSegment(request.id, operation);
      const current = organization.current() ?? (await scope(ctx));
      try {
        const value = await http.request({
          operation,
          signal: ctx.signal,
          attempt: ctx.attempt,
          onWireEvent: ctx.onWireEvent,
          method: 'GET',
          path: objectPath(current, collection, segment),
        });
        return validatedAnswer(http, value, parse, operation, false);
      } catch (error) {
        throw await whenForbidden(collection, request.id, error, ctx);
      }
    },

    async postWire(collection, body, ctx, parse) {
      const { organizationPath } = organization.current() ?? (await scope(ctx));
      return call({ ...ctx, method: 'POST', path: `${organizationPath}${collection}`, body }, parse);
    },

    async deleteWire(collection, id, ctx) {
      const segment = zeroIdSegment(id, ctx.operation);
      const current = organization.current() ?? (await scope(ctx));
      await http.request({ ...ctx, method: 'DELETE', path: objectPath(current, collection, segment) });
    },

    /**
     * Reads first only when needed (a `remove` or unknown keys, or
     * `expectedUpdatedAt`), compares `updatedAt` right before the write
     * (`aborted` when it differs), then sends the JSON Patch (with `test`
     * operations guarding the fields as read when `expectedUpdatedAt` is set).
     */
    async patchWire<Wire extends Record<string, unknown>, Patch>(
      collection: ZeroCollection,
      request: { id: string; patch: Patch; expectedUpdatedAt?: string | undefined } & CallOptions,
      needsRead: (patch: Patch) => boolean,
      toJsonPatch: (patch: Patch, previous: Wire | undefined, options: { guard: boolean }) => JsonPatchOperation[],
      parse: (value: unknown) => Wire,
    ): Promise<Wire> {
      const ctx = zeroContext(`${collection}.update`, request);
      const expected = request.expectedUpdatedAt;
      const guard = expected !== undefined;
      let previous: Wire | undefined;
      if (guard || needsRead(request.patch)) {
        previous = await getWire(collection, request.id, ctx, parse);
        if (guard && !sameInstant(previous.updatedAt, expected)) {
          throw zeroError(
            `${objectName(collection)} ${request.id} changed since it was read (updatedAt is ${String(previous.updatedAt)}, expected ${expected}); read it again and retry`,
            { code: 'aborted', operation: ctx.operation },
          );
        }
      }
      const operations = toJsonPatch(request.patch, previous, { guard });
      if (operations.length === 0) return previous ?? getWire(collection, request.id, ctx, parse);
      const segment = zeroIdSegment(request.id, ctx.operation);
      const current = organization.current() ?? (await scope(ctx));
      return call(
        { ...ctx, method: 'PATCH', path: objectPath(current, collection, segment), body: operations, guarded: guard },
        parse,
      );
    },

    async single(collection, id, ctx, run) {
      try {
        return await run();
      } catch (error) {
        throw await whenForbidden(collection, id, error, ctx);
      }
    },
  };
}

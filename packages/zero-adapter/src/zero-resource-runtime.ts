import { type CallOptions, PomeriumError, type PomeriumError as PomeriumErrorType } from '@pomerium-unified/core';
import { deletedObjectError, toPomeriumError, zeroAdapterError, zeroError } from './errors.js';
import { waitWithSignal, type ZeroCallContext, type ZeroRequest } from './zero-http-client.js';
import { parseZeroClusters } from './zero-wire-schemas.js';

/** The organization scope of a Zero backend, as the resource operations need it. */
export interface ZeroResourceScope {
  /** `organizations/<organizationId>/`, encoded. */
  organizationPath: string;
  /** The organization's root namespace. */
  rootNamespaceId: string;
  /** The namespace listed (with descendants) when a list call names none. */
  defaultNamespaceId: string;
}

/**
 * What the backend gives its key-pair, service-account, settings and cluster
 * operations: the validated request path, the shared organization scope and
 * the `cluster` option.
 */
export interface ZeroResourceRuntime {
  /** Sends one request and validates its answer with `parse` (a wrong shape is `internal`). */
  call<T>(request: ZeroRequest, parse: (value: unknown) => T): Promise<T>;
  /** The organization scope (looked up once, on first use). */
  scope(ctx: ZeroCallContext): Promise<ZeroResourceScope> | ZeroResourceScope;
  /** One id as a path segment (`invalid_argument` for an unusable id). */
  idSegment(id: string, operation: string): string;
  /** The backend's `cluster` option (name or id), if any. */
  cluster: string | undefined;
}

/** The call context of one backend operation. */
export function zeroContext(operation: string, options: CallOptions): ZeroCallContext {
  return { operation, signal: options.signal, attempt: options.attempt, onWireEvent: options.onWireEvent };
}

/** True when two RFC 3339 timestamps name the same instant (or are the same string). */
export function sameInstant(actual: unknown, expected: string): boolean {
  if (actual === expected) return true;
  if (typeof actual !== 'string') return false;
  const left = Date.parse(actual);
  return !Number.isNaN(left) && left === Date.parse(expected);
}

/** `aborted` when the object's `updatedAt` is not the one the caller read (optimistic concurrency). */
export function assertUnchanged(what: string, actual: unknown, expected: string | undefined, operation: string): void {
  if (expected === undefined || sameInstant(actual, expected)) return;
  throw zeroError(
    `${what} changed since it was read (updatedAt is ${String(actual)}, expected ${expected}); read it again and retry`,
    { code: 'aborted', operation },
  );
}

/**
 * Zero answers 403 for objects that were deleted (reference X2). On a 403 for
 * one object, `stillThere` looks the id up; when it is gone the error becomes
 * `not_found`, otherwise the 403 stands.
 */
export async function whenZeroForbidden(
  error: unknown,
  what: string,
  id: string,
  stillThere: () => Promise<boolean>,
): Promise<unknown> {
  if (!PomeriumError.hasCode(error, 'permission_denied')) return error;
  try {
    return (await stillThere()) ? error : deletedObjectError(what, id, error as PomeriumErrorType);
  } catch {
    return error;
  }
}

/**
 * Resolves the cluster a cluster-scoped call addresses: `requested` (an id)
 * when given, else the backend's `cluster` option (a name or id, looked up
 * once). Without either: `failed_precondition` asking for the option and
 * naming the organization's clusters.
 */
export function createZeroClusterResolver(runtime: ZeroResourceRuntime) {
  let resolved: Promise<string> | undefined;
  const listNames = async (ctx: ZeroCallContext) => {
    const { organizationPath } = await runtime.scope(ctx);
    return runtime.call({ ...ctx, method: 'GET', path: `${organizationPath}clusters` }, parseZeroClusters);
  };
  const lookUp = async (ctx: ZeroCallContext, wanted: string): Promise<string> => {
    const clusters = await listNames(ctx);
    const cluster =
      clusters.find((candidate) => candidate.id === wanted) ?? clusters.find((candidate) => candidate.name === wanted);
    if (!cluster) {
      throw zeroAdapterError(
        'invalid_argument',
        `No Zero cluster with name or id ${JSON.stringify(wanted)}; the organization has: ${clusters.map((item) => JSON.stringify(item.name)).join(', ') || 'none'}`,
        'cluster',
        ctx.operation,
      );
    }
    return cluster.id;
  };
  return async (ctx: ZeroCallContext, requested?: string): Promise<string> => {
    if (requested !== undefined) return requested;
    if (runtime.cluster === undefined) {
      let names = '';
      try {
        names = (await listNames(ctx)).map((item) => JSON.stringify(item.name)).join(', ');
      } catch {
        // The advice stands without the names.
      }
      throw zeroAdapterError(
        'failed_precondition',
        `${ctx.operation} needs a Zero cluster: service accounts and settings belong to one. Set the cluster option of createZeroBackend (name or id)${names ? `; the organization has: ${names}` : ''}`,
        'cluster',
        ctx.operation,
      );
    }
    if (!resolved) {
      resolved = lookUp({ ...ctx, signal: undefined }, runtime.cluster);
      resolved.catch(() => {
        resolved = undefined;
      });
    }
    return waitWithSignal(resolved, ctx.signal, () =>
      toPomeriumError(new Error('aborted'), { operation: ctx.operation, signal: ctx.signal }),
    );
  };
}

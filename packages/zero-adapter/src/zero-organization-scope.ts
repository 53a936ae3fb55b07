import { toPomeriumError, zeroAdapterError } from './errors.js';
import { waitWithSignal, type ZeroCallContext } from './zero-http-client.js';
import { zeroIdSegment } from './zero-id-segment.js';
import type { ResolvedZeroBackendOptions } from './zero-options.js';
import type { ZeroResourceScope } from './zero-resource-runtime.js';
import type { ZeroValidatedCall } from './zero-validated-call.js';
import { parseZeroClusters, parseZeroNamespaces, parseZeroOrganizations } from './zero-wire-schemas.js';
import type { ZeroCluster, ZeroNamespace } from './zero-wire-types.js';

/** The organization a Zero backend works in, resolved on first use. */
export interface ZeroScope extends ZeroResourceScope {
  organizationId: string;
}

/** The organization scope of one backend: looked up once, shared by every call. */
export interface ZeroOrganizationScope {
  /** The scope; synchronous once known (the hot path), otherwise the shared look-up under the caller's signal. */
  get(ctx: ZeroCallContext): Promise<ZeroScope> | ZeroScope;
  /** The scope once known, without waiting (hot paths skip an await with it). */
  current(): ZeroScope | undefined;
  /** The organization's namespaces (`GET {org}/namespaces`), checked. */
  listNamespaces(organizationPath: string, ctx: ZeroCallContext): Promise<ZeroNamespace[]>;
  /** The organization's clusters (`GET {org}/clusters`), checked. */
  listClusters(organizationPath: string, ctx: ZeroCallContext): Promise<ZeroCluster[]>;
}

function describeNames(items: readonly { name: string }[]): string {
  return items.length === 0 ? 'none' : items.map((item) => JSON.stringify(item.name)).join(', ');
}

/**
 * Resolves the organization (by `organizationId`, `organizationName` or the
 * only one the token sees), its root namespace and the namespace a list call
 * without `namespaceId` covers (the `cluster` option's, else the root).
 */
export function createZeroOrganizationScope(
  options: Pick<ResolvedZeroBackendOptions, 'organizationId' | 'organizationName' | 'cluster'>,
  call: ZeroValidatedCall,
): ZeroOrganizationScope {
  let scopeValue: ZeroScope | undefined;
  let scopePromise: Promise<ZeroScope> | undefined;

  const listOrganizations = (ctx: ZeroCallContext) =>
    call({ ...ctx, method: 'GET', path: 'organizations' }, parseZeroOrganizations);
  const listNamespaces = (organizationPath: string, ctx: ZeroCallContext): Promise<ZeroNamespace[]> =>
    call({ ...ctx, method: 'GET', path: `${organizationPath}namespaces` }, parseZeroNamespaces);
  const listClusters = (organizationPath: string, ctx: ZeroCallContext): Promise<ZeroCluster[]> =>
    call({ ...ctx, method: 'GET', path: `${organizationPath}clusters` }, parseZeroClusters);

  const resolveOrganizationId = async (ctx: ZeroCallContext): Promise<string> => {
    if (options.organizationId !== undefined) return options.organizationId;
    const organizations = await listOrganizations(ctx);
    if (options.organizationName !== undefined) {
      const matches = organizations.filter((organization) => organization.name === options.organizationName);
      if (matches.length === 1 && matches[0]) return matches[0].id;
      if (matches.length > 1) {
        throw zeroAdapterError(
          'failed_precondition',
          `Several Zero organizations are named ${JSON.stringify(options.organizationName)}; set organizationId instead (ids: ${matches.map((match) => match.id).join(', ')})`,
          'organizationName',
        );
      }
      throw zeroAdapterError(
        'invalid_argument',
        `No Zero organization named ${JSON.stringify(options.organizationName)}; the API user token sees: ${describeNames(organizations)}`,
        'organizationName',
      );
    }
    if (organizations.length === 1 && organizations[0]) return organizations[0].id;
    throw zeroAdapterError(
      'failed_precondition',
      organizations.length === 0
        ? 'The Zero API user token sees no organization'
        : `The Zero API user token sees ${organizations.length} organizations (${describeNames(organizations)}); set organizationId or organizationName`,
      'organizationId',
    );
  };

  const resolveScope = async (ctx: ZeroCallContext): Promise<ZeroScope> => {
    const organizationId = await resolveOrganizationId(ctx);
    const organizationPath = `organizations/${zeroIdSegment(organizationId, 'organization lookup')}/`;
    const namespaces = await listNamespaces(organizationPath, ctx);
    const root = namespaces.find((namespace) => namespace.type === 'root') ?? namespaces.find((ns) => !ns.parentId);
    if (!root) {
      throw zeroAdapterError('failed_precondition', `Zero organization ${organizationId} has no root namespace`);
    }
    let defaultNamespaceId = root.id;
    if (options.cluster !== undefined) {
      const clusters = await listClusters(organizationPath, ctx);
      const cluster =
        clusters.find((candidate) => candidate.id === options.cluster) ??
        clusters.find((candidate) => candidate.name === options.cluster);
      if (!cluster) {
        throw zeroAdapterError(
          'invalid_argument',
          `No Zero cluster with name or id ${JSON.stringify(options.cluster)}; the organization has: ${describeNames(clusters)}`,
          'cluster',
        );
      }
      defaultNamespaceId = cluster.namespaceId;
    }
    return { organizationId, organizationPath, rootNamespaceId: root.id, defaultNamespaceId };
  };

  /**
   * The organization scope. The lookup is shared by concurrent callers, so it
   * follows no caller's signal (each request of it is bounded by timeoutMs);
   * each caller waits for it under its own signal.
   */
  const get = (ctx: ZeroCallContext): Promise<ZeroScope> | ZeroScope => {
    if (scopeValue) return scopeValue;
    if (ctx.signal?.aborted) {
      return Promise.reject(toPomeriumError(new Error('aborted'), { operation: ctx.operation, signal: ctx.signal }));
    }
    if (!scopePromise) {
      scopePromise = resolveScope({ ...ctx, signal: undefined }).then(
        (value) => {
          scopeValue = value;
          return value;
        },
        (error: unknown) => {
          scopePromise = undefined;
          throw error;
        },
      );
      // Callers may all have stopped waiting; the failure is theirs to see, not an unhandled rejection.
      scopePromise.catch(() => undefined);
    }
    return waitWithSignal(scopePromise, ctx.signal, () =>
      toPomeriumError(new Error('aborted'), { operation: ctx.operation, signal: ctx.signal }),
    );
  };

  return { get, current: () => scopeValue, listNamespaces, listClusters };
}

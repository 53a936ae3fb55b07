import { type ListPage, Secret, type ServiceAccount, type ServiceAccountBackend } from '@pomerium-unified/core';
import {
  serviceAccountPatchToJsonPatch,
  serviceAccountToZeroProperties,
  zeroServiceAccountToServiceAccount,
} from './convert-service-account.js';
import type { ZeroCallContext } from './zero-http-client.js';
import {
  assertUnchanged,
  type createZeroClusterResolver,
  whenZeroForbidden,
  type ZeroResourceRuntime,
  zeroContext,
} from './zero-resource-runtime.js';
import {
  parseZeroCreatedServiceAccount,
  parseZeroServiceAccount,
  parseZeroServiceAccounts,
  parseZeroServiceAccountToken,
} from './zero-resource-wire-schemas.js';
import type { ZeroServiceAccount } from './zero-resource-wire-types.js';

/**
 * The service-account operations of the Zero backend: cluster-scoped
 * (`{org}/clusters/{cluster}/serviceAccounts`, the backend's `cluster`
 * option), the token returned once by create and readable by `getToken`, both
 * as `Secret`s; updates by JSON Patch (Zero has no PUT for them).
 */
export function createZeroServiceAccounts(
  runtime: ZeroResourceRuntime,
  clusterOf: ReturnType<typeof createZeroClusterResolver>,
): ServiceAccountBackend {
  const base = async (ctx: ZeroCallContext) => {
    const clusterId = await clusterOf(ctx);
    const { organizationPath } = await runtime.scope(ctx);
    return {
      clusterId,
      path: `${organizationPath}clusters/${runtime.idSegment(clusterId, ctx.operation)}/serviceAccounts`,
    };
  };

  const listAll = async (ctx: ZeroCallContext) => {
    const { path } = await base(ctx);
    return runtime.call({ ...ctx, method: 'GET', path }, parseZeroServiceAccounts);
  };

  const guarded = async <T>(id: string, ctx: ZeroCallContext, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw await whenZeroForbidden(error, 'Service account', id, async () =>
        (await listAll(ctx)).some((item) => item.id === id),
      );
    }
  };

  const read = async (
    id: string,
    ctx: ZeroCallContext,
  ): Promise<{ clusterId: string; account: ZeroServiceAccount }> => {
    const { clusterId, path } = await base(ctx);
    const account = await guarded(id, ctx, () =>
      runtime.call(
        { ...ctx, method: 'GET', path: `${path}/${runtime.idSegment(id, ctx.operation)}` },
        parseZeroServiceAccount,
      ),
    );
    return { clusterId, account };
  };

  return {
    async list(request): Promise<ListPage<ServiceAccount>> {
      const ctx = zeroContext('serviceAccounts.list', request);
      const { clusterId, path } = await base(ctx);
      const search = new URLSearchParams({ limit: String(request.limit), offset: String(request.offset) }).toString();
      const items = await runtime.call({ ...ctx, method: 'GET', path, search }, parseZeroServiceAccounts);
      return { items: items.map((item) => zeroServiceAccountToServiceAccount(item, clusterId)) };
    },

    async get(request) {
      const { clusterId, account } = await read(request.id, zeroContext('serviceAccounts.get', request));
      return zeroServiceAccountToServiceAccount(account, clusterId);
    },

    async create(request) {
      const ctx = zeroContext('serviceAccounts.create', request);
      const { clusterId, path } = await base(ctx);
      const body = serviceAccountToZeroProperties(request.input);
      const created = await runtime.call({ ...ctx, method: 'POST', path, body }, (value) => {
        const parsed = parseZeroCreatedServiceAccount(value);
        // Wrapped at once: from here on the token is redacted everywhere.
        return { account: parsed, token: Secret.of(parsed.token) };
      });
      return { serviceAccount: zeroServiceAccountToServiceAccount(created.account, clusterId), token: created.token };
    },

    async update(request) {
      const ctx = zeroContext('serviceAccounts.update', request);
      const needsRead = request.expectedUpdatedAt !== undefined || request.patch.expiresAt === null;
      let previous: ZeroServiceAccount | undefined;
      if (needsRead) {
        previous = (await read(request.id, ctx)).account;
        assertUnchanged(`Service account ${request.id}`, previous.updatedAt, request.expectedUpdatedAt, ctx.operation);
      }
      const operations = serviceAccountPatchToJsonPatch(request.patch, previous);
      const { clusterId, path } = await base(ctx);
      if (operations.length === 0) {
        const account = previous ?? (await read(request.id, ctx)).account;
        return { serviceAccount: zeroServiceAccountToServiceAccount(account, clusterId), token: undefined };
      }
      const updated = await guarded(request.id, ctx, () =>
        runtime.call(
          {
            ...ctx,
            method: 'PATCH',
            path: `${path}/${runtime.idSegment(request.id, ctx.operation)}`,
            body: operations,
          },
          parseZeroServiceAccount,
        ),
      );
      // Zero's PATCH returns no token.
      return { serviceAccount: zeroServiceAccountToServiceAccount(updated, clusterId), token: undefined };
    },

    async delete(request) {
      const ctx = zeroContext('serviceAccounts.delete', request);
      const { path } = await base(ctx);
      await guarded(request.id, ctx, () =>
        runtime.call(
          { ...ctx, method: 'DELETE', path: `${path}/${runtime.idSegment(request.id, ctx.operation)}` },
          () => undefined,
        ),
      );
    },

    async getToken(request) {
      const ctx = zeroContext('serviceAccounts.getToken', request);
      const { path } = await base(ctx);
      return guarded(request.id, ctx, () =>
        runtime.call(
          { ...ctx, method: 'GET', path: `${path}/${runtime.idSegment(request.id, ctx.operation)}/token` },
          (value) => Secret.of(parseZeroServiceAccountToken(value).token),
        ),
      );
    },
  };
}

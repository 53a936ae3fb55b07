import type { ServiceAccountBackend } from './backend-specification.js';
import { type CallEnvironment, runCall } from './call-runner.js';
import {
  type ClientCallOptions,
  invalid,
  type ListOptions,
  readExpectedUpdatedAt,
  readOptions,
  type UpdateCallOptions,
} from './create-resource-client.js';
import { createPageIterable, type PageIterable } from './page-iterable.js';
import { assertId, parsePlainInput } from './parse-input.js';
import { PomeriumError } from './pomerium-error.js';
import { Secret } from './secret.js';
import {
  bareServiceAccountUserId,
  type IssuedServiceAccount,
  type ServiceAccount,
  type ServiceAccountCreateInput,
  type ServiceAccountListFilter,
  type ServiceAccountUpdatePatch,
} from './service-account-model.js';
import { serviceAccountCreateInputSchema, serviceAccountUpdatePatchSchema } from './service-account-schema.js';
import { unimplementedError } from './unimplemented-member.js';
import { checkReturnedObject, checkReturnedPage, unexpectedAnswer } from './validate-response.js';

/** Options of `client.serviceAccounts.findByUserId()`. */
export interface ServiceAccountFindOptions extends ClientCallOptions {
  /** The bare account name; compared with each account's `userId` stripped of any `@….pomerium` suffix. */
  userId: string;
  /** Only look in this namespace (Enterprise). */
  namespaceId?: string;
}

/** Client operations on service accounts. Their tokens are {@link Secret}s, returned only by writes and `getToken`. */
export interface ServiceAccountClient {
  /** Reads one account; rejects with `not_found` when it does not exist. */
  get(id: string, options?: ClientCallOptions): Promise<ServiceAccount>;
  /** Lists accounts, fetching pages as the iteration goes on. */
  list(options?: ListOptions<ServiceAccountListFilter>): PageIterable<ServiceAccount>;
  /**
   * Validates `input` and creates the account; the answer carries the issued
   * token (a Secret). Never retried once the request may have reached the
   * server: a second account (and token) could be made.
   */
  create(input: ServiceAccountCreateInput, options?: ClientCallOptions): Promise<IssuedServiceAccount>;
  /**
   * Applies a partial patch (`unimplemented` where the backend cannot update
   * accounts). `token` is set when the backend issued a new token with the update.
   */
  update(id: string, patch: ServiceAccountUpdatePatch, options?: UpdateCallOptions): Promise<IssuedServiceAccount>;
  /** Deletes one account; rejects with `not_found` when it does not exist. */
  delete(id: string, options?: ClientCallOptions): Promise<void>;
  /** Reads the account's current token (Zero); `unimplemented` where the backend cannot. */
  getToken(id: string, options?: ClientCallOptions): Promise<Secret>;
  /**
   * The account whose bare user id is `userId` (the match key across
   * deployments), or undefined; `failed_precondition` naming the ids when several match.
   */
  findByUserId(options: ServiceAccountFindOptions): Promise<ServiceAccount | undefined>;
}

/** A token as a Secret, whatever the adapter returned (a string is wrapped at once). */
function asSecret(token: unknown): Secret | undefined {
  if (Secret.isSecret(token)) return token;
  if (typeof token === 'string' && token !== '') return Secret.of(token);
  return undefined;
}

/** Builds `client.serviceAccounts`. */
export function createServiceAccountClient(
  environment: CallEnvironment,
  backend: ServiceAccountBackend,
  defaultPageSize: number,
): ServiceAccountClient {
  const backendName = environment.backendName;

  const checkIssued = (operation: string, tokenRequired: boolean) => (value: IssuedServiceAccount) => {
    if (typeof value !== 'object' || value === null)
      throw unexpectedAnswer({ backend: backendName, operation }, 'expected an object');
    checkReturnedObject(value.serviceAccount, { backend: backendName, operation });
    if (tokenRequired && value.token === undefined) {
      throw unexpectedAnswer({ backend: backendName, operation }, 'the answer carries no token');
    }
  };
  const issued = async (promise: Promise<IssuedServiceAccount>): Promise<IssuedServiceAccount> => {
    const value = await promise;
    if (typeof value !== 'object' || value === null) return value;
    return { serviceAccount: value.serviceAccount, token: asSecret(value.token) };
  };

  const listPages = (filter: ServiceAccountListFilter, signal: AbortSignal | undefined, pageSize: number) =>
    createPageIterable(
      (offset, limit) =>
        runCall(environment, {
          operation: 'serviceAccounts.list',
          kind: 'read',
          signal,
          run: (callOptions) => backend.list({ ...filter, ...callOptions, offset, limit }),
          check: (page) => checkReturnedPage(page, { backend: backendName, operation: 'serviceAccounts.list' }),
        }),
      pageSize,
    );

  const readFilter = (rest: Record<string, unknown>, label: string): ServiceAccountListFilter => {
    const { namespaceId } = rest;
    if (namespaceId !== undefined) assertId(namespaceId, `${label}: namespaceId`, 'namespaceId');
    return namespaceId === undefined ? {} : { namespaceId: namespaceId as string };
  };

  return {
    async get(id, options) {
      assertId(id, 'service account id');
      const { signal } = readOptions(options, 'service account get options');
      return runCall(environment, {
        operation: 'serviceAccounts.get',
        kind: 'read',
        signal,
        run: (callOptions) => backend.get({ ...callOptions, id }),
        check: (value) => checkReturnedObject(value, { backend: backendName, operation: 'serviceAccounts.get' }),
      });
    },
    list(options) {
      const label = 'service account list options';
      const { signal, rest } = readOptions(options, label);
      const { pageSize = defaultPageSize, ...filter } = rest as { pageSize?: unknown };
      if (typeof pageSize !== 'number' || !Number.isInteger(pageSize) || pageSize < 1) {
        throw invalid(`Invalid ${label}: pageSize must be a positive integer`, 'pageSize');
      }
      return listPages(readFilter(filter, label), signal, pageSize);
    },
    async create(input, options) {
      const { signal } = readOptions(options, 'service account create options');
      const parsed = parsePlainInput(
        serviceAccountCreateInputSchema,
        input,
        'service account input',
      ) as ServiceAccountCreateInput;
      return runCall(environment, {
        operation: 'serviceAccounts.create',
        kind: 'create',
        signal,
        run: (callOptions) => issued(backend.create({ ...callOptions, input: parsed })),
        check: checkIssued('serviceAccounts.create', true),
      });
    },
    async update(id, patch, options) {
      assertId(id, 'service account id');
      const label = 'service account update options';
      const { signal, rest } = readOptions(options, label);
      const parsed = parsePlainInput(
        serviceAccountUpdatePatchSchema,
        patch,
        'service account patch',
        'patch',
      ) as ServiceAccountUpdatePatch;
      const expectedUpdatedAt = readExpectedUpdatedAt(rest, label);
      const update = backend.update?.bind(backend);
      if (update === undefined)
        throw unimplementedError(backendName, 'serviceAccounts.update', 'service account updates');
      return runCall(environment, {
        operation: 'serviceAccounts.update',
        kind: 'update',
        signal,
        guarded: expectedUpdatedAt !== undefined,
        run: (callOptions) =>
          issued(
            update({
              ...callOptions,
              id,
              patch: parsed,
              ...(expectedUpdatedAt === undefined ? {} : { expectedUpdatedAt }),
            }),
          ),
        check: checkIssued('serviceAccounts.update', false),
      });
    },
    async delete(id, options) {
      assertId(id, 'service account id');
      const { signal } = readOptions(options, 'service account delete options');
      return runCall(environment, {
        operation: 'serviceAccounts.delete',
        kind: 'delete',
        signal,
        run: (callOptions) => backend.delete({ ...callOptions, id }),
      });
    },
    async getToken(id, options) {
      assertId(id, 'service account id');
      const { signal } = readOptions(options, 'service account getToken options');
      const getToken = backend.getToken?.bind(backend);
      if (getToken === undefined) {
        throw unimplementedError(backendName, 'serviceAccounts.getToken', 'reading a service account token');
      }
      const token = await runCall(environment, {
        operation: 'serviceAccounts.getToken',
        kind: 'read',
        signal,
        run: async (callOptions) => asSecret(await getToken({ ...callOptions, id })),
        check: (value) => {
          if (value === undefined) {
            throw unexpectedAnswer({ backend: backendName, operation: 'serviceAccounts.getToken' }, 'no token');
          }
        },
      });
      return token as Secret;
    },
    async findByUserId(options) {
      const label = 'service account findByUserId options';
      const { signal, rest } = readOptions(options, label);
      const { userId } = rest;
      if (typeof userId !== 'string' || userId === '' || userId.length > 256) {
        throw invalid(`Invalid ${label}: userId must be a non-empty string`, 'userId');
      }
      const wanted = bareServiceAccountUserId(userId);
      const found: ServiceAccount[] = [];
      for await (const item of listPages(readFilter(rest, label), signal, defaultPageSize)) {
        if (bareServiceAccountUserId(item.userId, item.namespaceId) === wanted) found.push(item);
      }
      if (found.length > 1) {
        throw new PomeriumError(
          `${found.length} service accounts act as "${wanted}": ${found.map((item) => item.id).join(', ')}; pass namespaceId or get by id`,
          { code: 'failed_precondition', backend: backendName, operation: 'serviceAccounts.findByUserId' },
        );
      }
      return found[0];
    },
  };
}

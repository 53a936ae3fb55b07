import { randomBytes, randomUUID } from 'node:crypto';
import { clone, create } from '@bufbuild/protobuf';
import { timestampNow } from '@bufbuild/protobuf/wkt';
import { Code, ConnectError } from '@connectrpc/connect';
import {
  type AddPomeriumServiceAccountRequest,
  type PomeriumServiceAccount,
  PomeriumServiceAccountSchema,
  type SetPomeriumServiceAccountRequest,
} from '@pomerium-unified/enterprise-protos';
import type { FakeEnterpriseState, FakeServiceAccount } from './fake-enterprise-state.js';

/**
 * The Pomerium service accounts of the fake console
 * (`PomeriumServiceAccountService`). Add and Set issue a token (returned once,
 * in `JWT` / `jwt`) that then authenticates to the fake console itself, bound
 * to the account's namespace; Set replaces the old token, Delete revokes it.
 * In a namespace other than the root, `user_id` is stored as
 * `<name>@<namespace_id>.pomerium`.
 */
export class FakeEnterpriseServiceAccounts {
  /** Stored accounts by id. */
  readonly accounts = new Map<string, PomeriumServiceAccount>();
  /** The token each account holds now, by account id (tests may check; never returned by a read). */
  readonly tokens = new Map<string, string>();
  readonly #state: FakeEnterpriseState;

  constructor(state: FakeEnterpriseState) {
    this.#state = state;
  }

  #issue(id: string, namespaceId: string): string {
    this.#revoke(id);
    const token = `fake-jwt-${randomBytes(24).toString('base64url')}`;
    this.tokens.set(id, token);
    const credential: FakeServiceAccount =
      namespaceId === this.#state.rootNamespaceId ? { token } : { token, namespaceId };
    this.#state.serviceAccounts.push(credential);
    return token;
  }

  #revoke(id: string): void {
    const token = this.tokens.get(id);
    if (token === undefined) return;
    this.tokens.delete(id);
    const index = this.#state.serviceAccounts.findIndex((candidate) => candidate.token === token);
    if (index >= 0) this.#state.serviceAccounts.splice(index, 1);
  }

  #userIdIn(userId: string, namespaceId: string): string {
    const suffix = `@${namespaceId}.pomerium`;
    const bare = userId.endsWith(suffix) ? userId.slice(0, -suffix.length) : userId;
    return namespaceId === this.#state.rootNamespaceId ? bare : `${bare}${suffix}`;
  }

  #existing(account: FakeServiceAccount, id: string): PomeriumServiceAccount {
    const stored = this.accounts.get(id);
    if (!stored) throw new ConnectError(`service account ${id} not found`, Code.NotFound);
    this.#state.requireAccess(account, stored.namespaceId ?? this.#state.rootNamespaceId);
    return stored;
  }

  #namespace(account: FakeServiceAccount, namespaceId: string | undefined): string {
    const id = namespaceId === undefined || namespaceId === '' ? this.#state.rootNamespaceId : namespaceId;
    if (!this.#state.namespaces.has(id)) {
      throw new ConnectError(`namespace_id: namespace ${id} not found`, Code.InvalidArgument);
    }
    this.#state.requireAccess(account, id);
    return id;
  }

  /** ListPomeriumServiceAccounts: the accounts of a namespace ('' = every visible one); no paging. */
  list(account: FakeServiceAccount, namespace: string): PomeriumServiceAccount[] {
    if (namespace !== '' && this.#state.namespaces.has(namespace)) this.#state.requireAccess(account, namespace);
    return [...this.accounts.values()]
      .filter((stored) => {
        const namespaceId = stored.namespaceId ?? this.#state.rootNamespaceId;
        return (namespace === '' || namespaceId === namespace) && this.#state.canSee(account, namespaceId);
      })
      .map((stored) => clone(PomeriumServiceAccountSchema, stored));
  }

  /** GetPomeriumServiceAccount: NotFound, PermissionDenied or the account (never its token). */
  get(account: FakeServiceAccount, id: string): PomeriumServiceAccount {
    return clone(PomeriumServiceAccountSchema, this.#existing(account, id));
  }

  /** AddPomeriumServiceAccount: a new account (id must be empty) and its token. */
  add(account: FakeServiceAccount, request: AddPomeriumServiceAccountRequest) {
    const input = request.serviceAccount;
    if (!input) throw new ConnectError('service_account: required', Code.InvalidArgument);
    if (input.id !== '') throw new ConnectError('service_account.id: must be empty on add', Code.InvalidArgument);
    if (input.userId.trim() === '') throw new ConnectError('user_id: required', Code.InvalidArgument);
    const namespaceId = this.#namespace(account, input.namespaceId);
    const userId = this.#userIdIn(input.userId, namespaceId);
    for (const stored of this.accounts.values()) {
      if (stored.userId === userId) {
        throw new ConnectError(`a service account ${userId} already exists`, Code.AlreadyExists);
      }
    }
    const stored = create(PomeriumServiceAccountSchema, {
      ...input,
      id: randomUUID(),
      userId,
      namespaceId,
      issuedAt: timestampNow(),
    });
    delete stored.accessedAt;
    this.accounts.set(stored.id, stored);
    const JWT = this.#issue(stored.id, namespaceId);
    return { serviceAccount: clone(PomeriumServiceAccountSchema, stored), JWT };
  }

  /** SetPomeriumServiceAccount: replaces the account's writable fields and issues a fresh token. */
  set(account: FakeServiceAccount, request: SetPomeriumServiceAccountRequest) {
    const input = request.serviceAccount;
    if (!input) throw new ConnectError('service_account: required', Code.InvalidArgument);
    const current = this.#existing(account, input.id);
    const namespaceId = current.namespaceId ?? this.#state.rootNamespaceId;
    if (input.namespaceId !== undefined && input.namespaceId !== namespaceId) {
      throw new ConnectError('namespace_id: a service account cannot change namespace', Code.InvalidArgument);
    }
    if (input.userId !== '' && this.#userIdIn(input.userId, namespaceId) !== current.userId) {
      throw new ConnectError('user_id: cannot be changed', Code.InvalidArgument);
    }
    const stored = create(PomeriumServiceAccountSchema, {
      id: current.id,
      userId: current.userId,
      namespaceId,
      description: input.description,
      expiresAt: input.expiresAt,
      originatorId: input.originatorId,
      accessedAt: current.accessedAt,
      issuedAt: timestampNow(),
    });
    this.accounts.set(stored.id, stored);
    const jwt = this.#issue(stored.id, namespaceId);
    return { serviceAccount: clone(PomeriumServiceAccountSchema, stored), jwt };
  }

  /** DeletePomeriumServiceAccount: NotFound, PermissionDenied or gone (its token revoked). */
  delete(account: FakeServiceAccount, id: string): void {
    this.#existing(account, id);
    this.accounts.delete(id);
    this.#revoke(id);
  }
}

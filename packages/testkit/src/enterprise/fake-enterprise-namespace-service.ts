import { randomUUID } from 'node:crypto';
import { clone } from '@bufbuild/protobuf';
import { timestampNow } from '@bufbuild/protobuf/wkt';
import { Code, ConnectError } from '@connectrpc/connect';
import { type Namespace, NamespaceSchema } from '@pomerium-unified/enterprise-protos';
import type { FakeEnterpriseState, FakeServiceAccount } from './fake-enterprise-state.js';

/** The fake console's `NamespaceService`: namespaces as the console checks and stores them. */
export class FakeEnterpriseNamespaceService {
  readonly #state: FakeEnterpriseState;

  constructor(state: FakeEnterpriseState) {
    this.#state = state;
  }

  /** ListNamespaces: every namespace the account can see. */
  list(account: FakeServiceAccount): Namespace[] {
    return [...this.#state.namespaces.values()]
      .filter((namespace) => this.#state.canSee(account, namespace.id))
      .map((namespace) => this.#state.viewNamespace(namespace));
  }

  /** GetNamespace: NotFound, PermissionDenied or the namespace. */
  get(account: FakeServiceAccount, id: string): Namespace {
    const namespace = this.#state.existingNamespace(id, undefined);
    this.#state.requireAccess(account, namespace.id);
    return this.#state.viewNamespace(namespace);
  }

  /** SetNamespace: creates (no id) or updates a namespace, with the console's checks. */
  set(account: FakeServiceAccount, input: Namespace | undefined): Namespace {
    if (!input) throw new ConnectError('namespace: required', Code.InvalidArgument);
    if (input.name.trim() === '') throw new ConnectError('name: must not be empty', Code.InvalidArgument);
    const now = timestampNow();
    const stored = clone(NamespaceSchema, input);
    stored.routeCount = 0n;
    stored.policyCount = 0n;
    if (input.id === '') {
      if (input.parentId === '') throw new ConnectError('parent_id: required', Code.InvalidArgument);
      this.#state.existingNamespace(input.parentId, 'parent_id');
      this.#state.requireAccess(account, input.parentId);
      stored.id = randomUUID();
      stored.createdAt = now;
    } else {
      const current = this.#state.existingNamespace(input.id, undefined);
      this.#state.requireAccess(account, current.id);
      if (input.parentId !== current.parentId) {
        if (current.parentId === '') {
          throw new ConnectError('the root namespace cannot be moved', Code.FailedPrecondition);
        }
        if (input.parentId === '') throw new ConnectError('parent_id: required', Code.InvalidArgument);
        if (current.id === account.namespaceId) {
          throw new ConnectError('a service account cannot move its own namespace', Code.PermissionDenied);
        }
        this.#state.existingNamespace(input.parentId, 'parent_id');
        if (this.#state.ancestorsAndSelf(input.parentId).includes(current.id)) {
          throw new ConnectError('parent_id: a namespace cannot be moved below itself', Code.InvalidArgument);
        }
        this.#state.requireAccess(account, input.parentId);
      }
      stored.createdAt = current.createdAt;
    }
    stored.modifiedAt = now;
    this.#state.namespaces.set(stored.id, stored);
    return this.#state.viewNamespace(stored);
  }

  /** DeleteNamespace: FailedPrecondition for the root or a namespace with children or content. */
  delete(account: FakeServiceAccount, id: string): void {
    const namespace = this.#state.existingNamespace(id, undefined);
    this.#state.requireAccess(account, namespace.id);
    if (namespace.parentId === '') {
      throw new ConnectError('the root namespace cannot be deleted', Code.FailedPrecondition);
    }
    if (id === account.namespaceId) {
      throw new ConnectError('a service account cannot delete its own namespace', Code.PermissionDenied);
    }
    if (this.#state.namespaces.hasAny('parent', id)) {
      throw new ConnectError(`namespace ${id} still has child namespaces`, Code.FailedPrecondition);
    }
    const hasContent = this.#state.routes.hasAny('namespace', id) || this.#state.policies.hasAny('namespace', id);
    if (hasContent) throw new ConnectError(`namespace ${id} still has routes or policies`, Code.FailedPrecondition);
    this.#state.namespaces.delete(id);
  }

  /** ListNamespaceResources: the namespaces, policies and routes of the given namespaces. */
  listResources(account: FakeServiceAccount, ids: readonly string[]) {
    const resources: { type: string; id: string; name: string }[] = [];
    for (const id of ids) {
      const namespace = this.#state.existingNamespace(id, undefined);
      this.#state.requireAccess(account, id);
      resources.push({ type: 'namespace', id: namespace.id, name: namespace.name });
      for (const policy of this.#state.policies.lookup('namespace', id)) {
        resources.push({ type: 'policy', id: policy.id, name: policy.name });
      }
      for (const route of this.#state.routes.lookup('namespace', id)) {
        resources.push({ type: 'route', id: route.id, name: route.name });
      }
    }
    return resources;
  }
}

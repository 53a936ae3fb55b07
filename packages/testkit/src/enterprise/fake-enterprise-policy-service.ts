import { randomUUID } from 'node:crypto';
import { clone } from '@bufbuild/protobuf';
import { timestampNow } from '@bufbuild/protobuf/wkt';
import { Code, ConnectError } from '@connectrpc/connect';
import { type Policy, PolicySchema } from '@pomerium-unified/enterprise-protos';
import { type ListFilter, listPage } from './fake-enterprise-list-page.js';
import type { FakeEnterpriseState, FakeServiceAccount } from './fake-enterprise-state.js';

/** The fake console's `PolicyService`: policies as the console checks and stores them. */
export class FakeEnterprisePolicyService {
  readonly #state: FakeEnterpriseState;

  constructor(state: FakeEnterpriseState) {
    this.#state = state;
  }

  /** ListPolicies: filtered by namespace and name query, paged, with `total_count`. */
  list(account: FakeServiceAccount, filter: ListFilter) {
    const result = listPage(
      this.#state,
      account,
      this.#state.policies,
      (policy) => policy.namespaceId,
      (policy, query) => policy.name.toLowerCase().includes(query),
      filter,
    );
    return { policies: result.items.map((policy) => this.#state.viewPolicy(policy)), totalCount: result.totalCount };
  }

  /** GetPolicy: NotFound, PermissionDenied or the policy. */
  get(account: FakeServiceAccount, id: string): Policy {
    const policy = this.#state.policies.get(id);
    if (!policy) throw new ConnectError(`policy ${id} not found`, Code.NotFound);
    this.#state.requireAccess(account, policy.namespaceId);
    return this.#state.viewPolicy(policy);
  }

  /** SetPolicy: creates (no id) or updates a policy; `ppl` must be JSON. */
  set(account: FakeServiceAccount, input: Policy | undefined): Policy {
    if (!input) throw new ConnectError('policy: required', Code.InvalidArgument);
    if (input.name.trim() === '') throw new ConnectError('name: must not be empty', Code.InvalidArgument);
    if (input.namespaceId === '') throw new ConnectError('namespace_id: required', Code.InvalidArgument);
    this.#state.existingNamespace(input.namespaceId, 'namespace_id');
    if (input.ppl !== '') {
      try {
        JSON.parse(input.ppl);
      } catch {
        throw new ConnectError('ppl: must be a JSON document', Code.InvalidArgument);
      }
    }
    const now = timestampNow();
    const stored = clone(PolicySchema, input);
    stored.routes = {};
    stored.namespaceName = '';
    if (input.id === '') {
      this.#state.requireAccess(account, input.namespaceId);
      stored.id = randomUUID();
      stored.createdAt = now;
    } else {
      const current = this.#state.policies.get(input.id);
      if (!current) throw new ConnectError(`policy ${input.id} not found`, Code.NotFound);
      this.#state.requireAccess(account, current.namespaceId);
      this.#state.requireAccess(account, input.namespaceId);
      stored.createdAt = current.createdAt;
    }
    stored.modifiedAt = now;
    this.#state.policies.set(stored.id, stored);
    return this.#state.viewPolicy(stored);
  }

  /** DeletePolicy: FailedPrecondition while routes use it, unless they should be detached. */
  delete(account: FakeServiceAccount, id: string, removeFromAnyAssignedRoutes: boolean): void {
    const policy = this.#state.policies.get(id);
    if (!policy) throw new ConnectError(`policy ${id} not found`, Code.NotFound);
    this.#state.requireAccess(account, policy.namespaceId);
    const users = [...this.#state.routes.lookup('policy', id)];
    if (users.length > 0 && !removeFromAnyAssignedRoutes) {
      throw new ConnectError(
        `policy ${id} is still assigned to ${users.length} route(s); remove it from them or set remove_from_any_assigned_routes`,
        Code.FailedPrecondition,
      );
    }
    for (const route of users) {
      route.policyIds = route.policyIds.filter((policyId) => policyId !== id);
      this.#state.routes.reindex(route.id);
    }
    this.#state.policies.delete(id);
  }
}

import type { FakeZeroJson, FakeZeroRecord, FakeZeroState } from './fake-zero-state.js';

/**
 * A route as the API returns it, with the computed response-only fields (from the indexes, no scan).
 * A shallow copy: it shares nested values with the stored record, so clone it before changing them.
 */
export function viewFakeZeroRoute(state: FakeZeroState, record: FakeZeroRecord): FakeZeroJson {
  const json = record.json;
  const policyIds = Array.isArray(json.policyIds) ? (json.policyIds as string[]) : [];
  const assigned = policyIds.flatMap((id) => {
    const policy = state.policies.get(id);
    return policy ? [entityInfo(policy.json)] : [];
  });
  const enforced: FakeZeroRecord[] = [];
  for (const namespaceId of state.namespaceAndAncestors(String(json.namespaceId))) {
    for (const policy of state.policies.lookup('enforced', namespaceId)) {
      if (policy.organizationId === record.organizationId) enforced.push(policy);
    }
  }
  return {
    ...json,
    policies: assigned,
    enforcedPolicies: enforced.map((policy) => entityInfo(policy.json)),
    enforcedPolicyIds: enforced.map((policy) => policy.json.id),
  };
}

/**
 * A policy as the API returns it, with the computed response-only fields (from the indexes, no scan).
 * A shallow copy: it shares nested values with the stored record, so clone it before changing them.
 */
export function viewFakeZeroPolicy(state: FakeZeroState, record: FakeZeroRecord): FakeZeroJson {
  const json = record.json;
  const sameOrganization = (route: FakeZeroRecord) => route.organizationId === record.organizationId;
  const assigned = [...state.routes.lookup('policy', String(json.id))].filter(sameOrganization);
  const enforcedRoutes: FakeZeroRecord[] = [];
  if (json.enforced === true) {
    for (const namespaceId of state.namespaceAndDescendants(String(json.namespaceId))) {
      for (const route of state.routes.lookup('namespace', namespaceId)) {
        if (sameOrganization(route)) enforcedRoutes.push(route);
      }
    }
  }
  return {
    ...json,
    routes: assigned.map((route) => entityInfo(route.json)),
    enforcedRoutes: enforcedRoutes.map((route) => entityInfo(route.json)),
  };
}

function entityInfo(json: FakeZeroJson): { id: unknown; name: unknown; updatedAt: unknown } {
  return { id: json.id, name: json.name, updatedAt: json.updatedAt };
}

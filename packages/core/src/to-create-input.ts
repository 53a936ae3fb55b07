import type { Namespace, NamespaceCreateInput, Policy, PolicyCreateInput, Route, RouteCreateInput } from './model.js';
import { PomeriumError } from './pomerium-error.js';
import { routeSettingKeys } from './route-patch.js';
import { type BackendRoute, cloneWithSecrets } from './route-secrets.js';
import { Secret } from './secret.js';

/** A deep copy that keeps `Secret`s (route secret settings) as they are. */
function clone<T>(value: T): T {
  return value === undefined ? value : cloneWithSecrets(value);
}

/**
 * The create input of a read route: every setting it holds (secrets as the same
 * `Secret`s; a masked one, whose value is unknown, left out), its ids as they are (the source's).
 */
function routeToCreateInput(route: Route | BackendRoute): RouteCreateInput {
  const input: Record<string, unknown> = {
    namespaceId: route.namespaceId,
    name: route.name,
    from: route.from,
    to: [...route.to],
    policyIds: [...route.policyIds],
  };
  for (const key of routeSettingKeys) {
    const value: unknown = route[key];
    if (value === undefined || value === null || (Secret.isSecret(value) && value.masked)) continue;
    input[key] = clone(value);
  }
  if (Object.keys(route.extensions ?? {}).length > 0) input.extensions = clone(route.extensions);
  return input as RouteCreateInput;
}

function policyToCreateInput(policy: Policy): PolicyCreateInput {
  const input: PolicyCreateInput = {
    namespaceId: policy.namespaceId,
    name: policy.name,
    ppl: clone(policy.ppl),
    description: policy.description,
    enforced: policy.enforced,
    explanation: policy.explanation,
    remediation: policy.remediation,
  };
  if (Object.keys(policy.extensions ?? {}).length > 0) input.extensions = clone(policy.extensions);
  return input;
}

function namespaceToCreateInput(namespace: Namespace): NamespaceCreateInput {
  if (namespace.kind === 'root' || namespace.parentId === undefined) {
    throw new PomeriumError(`Namespace ${namespace.id} is the root: it cannot be created`, {
      code: 'invalid_argument',
      field: 'kind',
    });
  }
  const input: NamespaceCreateInput = { name: namespace.name, parentId: namespace.parentId };
  if (Object.keys(namespace.extensions ?? {}).length > 0) input.extensions = clone(namespace.extensions);
  return input;
}

/**
 * Turns an object read from a backend back into an input that `create` accepts
 * on the same backend. Ids (`namespaceId`, `policyIds`, `parentId`, key-pair
 * ids, `upstreamTunnel.sshPolicyId`) stay the source's: remapping them across
 * deployments is the sync engine's job. Computed fields (`id`, timestamps,
 * `enforcedPolicyIds`, `routeIds`) are left out; extension bags are kept.
 * The root namespace cannot be created: `invalid_argument`.
 */
export function toCreateInput(route: Route | BackendRoute): RouteCreateInput;
export function toCreateInput(policy: Policy): PolicyCreateInput;
export function toCreateInput(namespace: Namespace): NamespaceCreateInput;
export function toCreateInput(
  object: Route | BackendRoute | Policy | Namespace,
): RouteCreateInput | PolicyCreateInput | NamespaceCreateInput {
  if (object === null || typeof object !== 'object') {
    throw new PomeriumError('toCreateInput needs a route, policy or namespace', { code: 'invalid_argument' });
  }
  if ('from' in object) return routeToCreateInput(object);
  if ('ppl' in object) return policyToCreateInput(object);
  if ('kind' in object) return namespaceToCreateInput(object);
  throw new PomeriumError('toCreateInput needs a route, policy or namespace', { code: 'invalid_argument' });
}

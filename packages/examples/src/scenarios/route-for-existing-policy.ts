import { type Namespace, type Policy, type PomeriumClient, PomeriumError, type Route } from '@pomerium-unified/core';

/** Options of {@link createRouteForExistingPolicy}. */
export interface RouteForExistingPolicyOptions {
  /** Name of the namespace to work in. Default `Production`. */
  namespaceName?: string;
  /** Case-insensitive text the policy's name contains. Default `my policy`. */
  policyNameContains?: string;
  /** Name of the route. Default `my route`. */
  routeName?: string;
  /** External URL. Default `https://test.localhost.pomerium.io`. */
  from?: string;
  /** Upstream URL. Default `https://verify.pomerium.com`. */
  to?: string;
}

/** What {@link createRouteForExistingPolicy} used and created. */
export interface RouteForExistingPolicyResult {
  /** The namespace found by name. */
  namespace: Namespace;
  /** The policy found by part of its name. */
  policy: Policy;
  /** The route created (or found, on a second run). */
  route: Route;
}

/**
 * The Enterprise API page's walkthrough, written once for every backend: find
 * the namespace "Production", find the policy whose name contains "my policy",
 * and create the route "my route" with that policy, passing identity headers.
 */
export async function createRouteForExistingPolicy(
  client: PomeriumClient,
  options: RouteForExistingPolicyOptions = {},
): Promise<RouteForExistingPolicyResult> {
  const namespaceName = options.namespaceName ?? 'Production';
  const policyNameContains = options.policyNameContains ?? 'my policy';
  const routeName = options.routeName ?? 'my route';
  const namespace = await client.namespaces.findByName({ name: namespaceName });
  if (!namespace) {
    throw new PomeriumError(`Namespace "${namespaceName}" not found`, { code: 'not_found' });
  }
  let policy: Policy | undefined;
  for await (const candidate of client.policies.list({ namespaceId: namespace.id, query: policyNameContains })) {
    if (candidate.name.toLowerCase().includes(policyNameContains.toLowerCase())) {
      policy = candidate;
      break;
    }
  }
  if (!policy) {
    throw new PomeriumError(`No policy whose name contains "${policyNameContains}" in "${namespaceName}"`, {
      code: 'not_found',
    });
  }
  const route =
    (await client.routes.findByName({ namespaceId: namespace.id, name: routeName })) ??
    (await client.routes.create({
      namespaceId: namespace.id,
      name: routeName,
      from: options.from ?? 'https://test.localhost.pomerium.io',
      to: [options.to ?? 'https://verify.pomerium.com'],
      policyIds: [policy.id],
      passIdentityHeaders: true,
    }));
  return { namespace, policy, route };
}

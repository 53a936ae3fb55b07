import { type Namespace, type Policy, type PomeriumClient, PomeriumError, type Route } from '@pomerium-unified/core';

/** Options of {@link provisionHttpbin}. */
export interface ProvisionHttpbinOptions {
  /** The cluster's domain; the route is served at `https://httpbin.<clusterDomain>`. */
  clusterDomain: string;
  /** Name of the cluster namespace to use when the organization has several. Default: the only one. */
  clusterName?: string;
  /** The email address the policy allows. Default `user@example.com`. */
  email?: string;
}

/** What {@link provisionHttpbin} created or found. */
export interface ProvisionHttpbinResult {
  /** The cluster namespace the objects live in. */
  namespace: Namespace;
  /** The policy "Allow only matching email". */
  policy: Policy;
  /** The route "HTTP Bin". */
  route: Route;
}

/** The name of the policy the walkthrough creates. */
export const httpbinPolicyName = 'Allow only matching email';
/** The name of the route the walkthrough creates. */
export const httpbinRouteName = 'HTTP Bin';

/**
 * The Zero API guide's walkthrough, written once for every backend: find the
 * organization's cluster namespace, create a policy that allows one email
 * address, and route `https://httpbin.<cluster domain>` to `http://httpbin:80`
 * with that policy attached. Running it twice reuses what the first run made.
 */
export async function provisionHttpbin(
  client: PomeriumClient,
  options: ProvisionHttpbinOptions,
): Promise<ProvisionHttpbinResult> {
  const clusters = (await client.namespaces.list().toArray()).filter(
    (namespace) =>
      namespace.kind === 'cluster' && (options.clusterName === undefined || namespace.name === options.clusterName),
  );
  const namespace = clusters[0];
  if (!namespace || clusters.length > 1) {
    throw new PomeriumError(
      clusters.length === 0
        ? `No cluster namespace${options.clusterName ? ` named "${options.clusterName}"` : ''} found`
        : `Several cluster namespaces found (${clusters.map((cluster) => cluster.name).join(', ')}); pass clusterName`,
      { code: 'failed_precondition' },
    );
  }
  const email = options.email ?? 'user@example.com';
  const policy =
    (await client.policies.findByName({ namespaceId: namespace.id, name: httpbinPolicyName })) ??
    (await client.policies.create({
      namespaceId: namespace.id,
      name: httpbinPolicyName,
      enforced: false,
      ppl: { allow: { and: [{ email: { is: email } }] } },
      description: 'Only allow users access with a matching email address.',
      explanation: 'Your email address does not match the one this service allows.',
      remediation: 'Sign in with the account the policy names.',
    }));
  const existing = await client.routes.findByName({ namespaceId: namespace.id, name: httpbinRouteName });
  const route =
    existing ??
    (await client.routes.create({
      namespaceId: namespace.id,
      name: httpbinRouteName,
      from: `https://httpbin.${options.clusterDomain}`,
      to: ['http://httpbin:80'],
      policyIds: [policy.id],
      allowWebsockets: false,
      allowSpdy: false,
      tlsSkipVerify: false,
      tlsUpstreamAllowRenegotiation: false,
      preserveHostHeader: false,
      enableGoogleCloudServerlessAuthentication: false,
      showErrorDetails: false,
    }));
  return { namespace, policy, route };
}

import type { ZeroEntityInfo } from './zero-wire-types.js';

/** Zero-only data of a route, in `route.extensions.zero`. */
export interface ZeroRouteExtension {
  /** The assigned policies with their names (read-only, computed by Zero). */
  policies?: ZeroEntityInfo[];
  /** The enforced policies that apply to the route, with their names (read-only, computed by Zero). */
  enforcedPolicies?: ZeroEntityInfo[];
  /** Route keys Zero sent that the core model does not know; sent back unchanged on update. */
  additionalFields?: Record<string, unknown>;
  /**
   * Keys Zero sent inside shared settings that the core schemas do not know
   * (`/redirect/newKey`, `/healthChecks/0/newKey`: JSON Pointers into the core
   * route); sent back where the setting still exists.
   */
  nestedFields?: Record<string, unknown>;
}

/** Zero-only data of a policy, in `policy.extensions.zero`. */
export interface ZeroPolicyExtension {
  /** The routes that have the policy assigned, with their names (read-only, computed by Zero). */
  routes?: ZeroEntityInfo[];
  /** The routes an enforced policy applies to, with their names (read-only, computed by Zero). */
  enforcedRoutes?: ZeroEntityInfo[];
  /** Id of the system that created the policy, when it was not a person. */
  originatorId?: string;
  /** Policy keys Zero sent that the core model does not know; sent back unchanged on update. */
  additionalFields?: Record<string, unknown>;
}

/** The cluster behind a cluster namespace, in `namespace.extensions.zero.cluster`. */
export interface ZeroClusterInfo {
  /** Cluster id. */
  id: string;
  /** Cluster name. */
  name: string;
  /** Cluster domain: routes of a hosted cluster live under `https://<name>.<domain>`. */
  domain: string;
  /** Fully qualified domain name. */
  fqdn: string;
  /** `hosted` or `standard`, when Zero says. */
  flavor?: string;
}

/** Zero-only data of a namespace, in `namespace.extensions.zero`. */
export interface ZeroNamespaceExtension {
  /** Zero's namespace type: `root`, `cluster` or `regular`. */
  type: string;
  /** The caller's role in the namespace: `admin`, `manager` or `viewer`. */
  role?: string;
  /** For a cluster namespace: the cluster. */
  cluster?: ZeroClusterInfo;
}

declare module '@pomerium-unified/core' {
  interface RouteExtensions {
    /** Zero-only route data. */
    zero?: ZeroRouteExtension;
  }
  interface PolicyExtensions {
    /** Zero-only policy data. */
    zero?: ZeroPolicyExtension;
  }
  interface NamespaceExtensions {
    /** Zero-only namespace data. */
    zero?: ZeroNamespaceExtension;
  }
}

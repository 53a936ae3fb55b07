/** Zero's `EntityInfo`: a reference to a route or policy with its name. */
export interface ZeroEntityInfo {
  /** Id of the referenced object. */
  id: string;
  /** Its name. */
  name: string;
  /** Its last modification time, RFC 3339. */
  updatedAt: string;
}

/** Zero's `NamespaceWithRole`, as `GET /organizations/{organizationId}/namespaces` returns it. */
export interface ZeroNamespace {
  /** Namespace id. */
  id: string;
  /** Display name. */
  name: string;
  /** `root` (one per organization), `cluster` (one per cluster) or `regular`. */
  type: 'root' | 'cluster' | 'regular' | (string & {});
  /** Parent namespace id; absent for the root. */
  parentId?: string;
  /** Creation time, RFC 3339. */
  createdAt: string;
  /** Last modification time, RFC 3339. */
  updatedAt: string;
  /** The caller's role in the namespace: `admin`, `manager` or `viewer`. */
  role?: string;
}

/** Zero's `Cluster` (the fields the adapter reads; others are ignored). */
export interface ZeroCluster {
  /** Cluster id. */
  id: string;
  /** Cluster name. */
  name: string;
  /** Id of the cluster's namespace. */
  namespaceId: string;
  /** Cluster domain, e.g. `some-words-1234.pomerium.app`. */
  domain: string;
  /** Fully qualified domain name. */
  fqdn: string;
  /** `hosted` or `standard`. */
  flavor?: string;
}

/** Zero's `Organization` (the fields the adapter reads). */
export interface ZeroOrganization {
  /** Organization id. */
  id: string;
  /** Organization name. */
  name: string;
}

/** A Zero `Route` or `RouteProperties` object: JSON keys exactly as on the wire. */
export type ZeroRoute = Record<string, unknown>;

/** A Zero `Policy` or `PolicyProperties` object: JSON keys exactly as on the wire. */
export type ZeroPolicy = Record<string, unknown>;

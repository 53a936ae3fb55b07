/**
 * Backend-specific fields of a cluster, keyed by backend name (see
 * `RouteExtensions`). The two consoles' clusters barely overlap: Enterprise
 * keeps the databroker link (`databrokerServiceUrl`, `sharedSecret` as a
 * `Secret`, TLS fields) in `extensions.enterprise`; Zero keeps `domain`, `fqdn`,
 * `flavor`, IP addresses and health fields in `extensions.zero`.
 */
export interface ClusterExtensions {
  [backend: string]: unknown;
}

/**
 * A cluster: a Pomerium deployment a console manages (a Zero organization and
 * an Enterprise console may have several). Read-only in the client (list, get);
 * matched across deployments by {@link Cluster.name}.
 */
export interface Cluster {
  /** Backend-assigned id. */
  id: string;
  /** Display name: the match key. */
  name: string;
  /** The cluster's own namespace, when the backend says (Zero always; Enterprise on `get`). */
  namespaceId: string | undefined;
  /** The namespace the cluster's namespace hangs below, when the backend says. */
  parentNamespaceId: string | undefined;
  /** Creation time, RFC 3339. */
  createdAt: string | undefined;
  /** Last modification time, RFC 3339. */
  updatedAt: string | undefined;
  /** Backend-specific fields. */
  extensions: ClusterExtensions;
}

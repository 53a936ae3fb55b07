import { type Cluster, Secret } from '@pomerium-unified/core';
import type { Cluster as ProtoCluster, Namespace as ProtoNamespace } from '@pomerium-unified/enterprise-protos';
import { timestampToString } from './convert-duration.js';
import { nonEmptyString } from './convert-route-values.js';

/**
 * Enterprise-only fields of a cluster, kept in `extensions.enterprise`: how the
 * console reaches the cluster's databroker. Read-only through this library.
 */
export interface EnterpriseClusterExtension {
  /** `databroker_service_url`. */
  databrokerServiceUrl?: string;
  /** `shared_secret` (raw bytes on the wire), base64, as a redacting `Secret`. */
  sharedSecret?: Secret;
  /** `insecure_skip_verify`. */
  insecureSkipVerify?: boolean;
  /** `override_certificate_name`. */
  overrideCertificateName?: string;
  /** `certificate_authority` (bytes on the wire) as text. */
  certificateAuthority?: string;
  /** `certificate_authority_file`: a path on the console host. */
  certificateAuthorityFile?: string;
  /** `originator_id`. */
  originatorId?: string;
  /** `deleted_at`, RFC 3339, when the console soft-deleted the cluster. */
  deletedAt?: string;
}

declare module '@pomerium-unified/core' {
  interface ClusterExtensions {
    /** Enterprise-only cluster fields. */
    enterprise?: EnterpriseClusterExtension;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Converts a console `Cluster` (and, from Get, its own `Namespace`) into the
 * core model. The shared secret becomes a `Secret` (registered for redaction).
 * Throws a `TypeError` when `certificate_authority` is not UTF-8 (the caller reports a bad answer).
 */
export function clusterFromProto(cluster: ProtoCluster, namespace?: ProtoNamespace): Cluster {
  const enterprise: EnterpriseClusterExtension = {};
  if (cluster.databrokerServiceUrl !== '') enterprise.databrokerServiceUrl = cluster.databrokerServiceUrl;
  if (cluster.sharedSecret.length > 0) {
    enterprise.sharedSecret = Secret.of(Buffer.from(cluster.sharedSecret).toString('base64'));
  }
  if (cluster.insecureSkipVerify !== undefined) enterprise.insecureSkipVerify = cluster.insecureSkipVerify;
  if (cluster.overrideCertificateName !== undefined) {
    enterprise.overrideCertificateName = cluster.overrideCertificateName;
  }
  if (cluster.certificateAuthority !== undefined) {
    enterprise.certificateAuthority = utf8.decode(cluster.certificateAuthority);
  }
  if (cluster.certificateAuthorityFile !== undefined) {
    enterprise.certificateAuthorityFile = cluster.certificateAuthorityFile;
  }
  const originatorId = nonEmptyString(cluster.originatorId);
  if (originatorId !== undefined) enterprise.originatorId = originatorId;
  const deletedAt = timestampToString(cluster.deletedAt);
  if (deletedAt !== undefined) enterprise.deletedAt = deletedAt;
  return {
    id: cluster.id,
    name: cluster.name,
    namespaceId: nonEmptyString(namespace?.id ?? ''),
    parentNamespaceId: nonEmptyString(namespace?.parentId ?? ''),
    createdAt: timestampToString(cluster.createdAt),
    updatedAt: timestampToString(cluster.modifiedAt),
    extensions: { enterprise },
  };
}

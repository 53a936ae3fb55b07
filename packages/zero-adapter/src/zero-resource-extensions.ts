import type { Secret } from '@pomerium-unified/core';

/** Zero-only data of a key pair, in `keyPair.extensions.zero`. */
export interface ZeroKeyPairExtension {
  /** `pending` (a system certificate being issued) or `ready`. */
  status?: string;
  /** Key-pair keys Zero sent that the model does not know. */
  additionalFields?: Record<string, unknown>;
}

/** Zero-only data of a service account, in `serviceAccount.extensions.zero`. */
export interface ZeroServiceAccountExtension {
  /** The cluster the account belongs to (Zero accounts are cluster-scoped). */
  clusterId?: string;
  /** Service-account keys Zero sent that the model does not know. */
  additionalFields?: Record<string, unknown>;
}

/** Zero-only settings, in `settings.extensions.zero` (also accepted in a settings patch, `null` unsets). */
export interface ZeroSettingsExtension {
  /** The databroker storage connection string: a secret (masked when Zero masks it). */
  databrokerStorageConnection?: Secret | string | null;
  /** Whether MCP clients may register dynamically. */
  mcpDynamicClientRegistration?: boolean | null;
  /** Settings keys Zero sent that the model does not know (read-only here). */
  additionalFields?: Record<string, unknown>;
}

/**
 * Zero-only data of a cluster, in `cluster.extensions.zero`: every key of
 * Zero's `Cluster` outside the model (`domain`, `fqdn`, `flavor`,
 * `manualOverrideIpAddress`, `autoDetectIpAddress`, `hasFailingHealthChecks`,
 * `componentVersions`, `importStatus`, `minReplicaVersion`, `onboardingStatus`, …).
 */
export interface ZeroClusterExtension {
  domain?: string;
  fqdn?: string;
  flavor?: string;
  manualOverrideIpAddress?: string;
  autoDetectIpAddress?: string;
  hasFailingHealthChecks?: boolean;
  componentVersions?: Record<string, string[]>;
  [key: string]: unknown;
}

declare module '@pomerium-unified/core' {
  interface KeyPairExtensions {
    /** Zero-only key-pair data. */
    zero?: ZeroKeyPairExtension;
  }
  interface ServiceAccountExtensions {
    /** Zero-only service-account data. */
    zero?: ZeroServiceAccountExtension;
  }
  interface SettingsExtensions {
    /** Zero-only settings. */
    zero?: ZeroSettingsExtension;
  }
  interface ClusterExtensions {
    /** Zero-only cluster data. */
    zero?: ZeroClusterExtension;
  }
}

import type {
  ClusterBackend,
  KeyPairBackend,
  ServiceAccountBackend,
  SettingsBackend,
} from './backend-specification.js';
import { PomeriumError } from './pomerium-error.js';

/** The optional resource members of a backend. */
export type OptionalBackendMember = 'keyPairs' | 'serviceAccounts' | 'settings' | 'clusters';

const memberDescriptions: Record<OptionalBackendMember, string> = {
  keyPairs: 'key pairs',
  serviceAccounts: 'service accounts',
  settings: 'settings',
  clusters: 'clusters',
};

/**
 * The `unimplemented` error of a call on a resource (or one operation of it)
 * the backend does not offer, with what to do about it.
 */
export function unimplementedError(backendName: string, operation: string, what?: string): PomeriumError {
  const member = operation.split('.')[0] as OptionalBackendMember;
  const subject = what ?? memberDescriptions[member] ?? operation;
  return new PomeriumError(
    `The ${backendName} backend does not implement ${subject} (${operation}); check client.capabilities before calling, ` +
      'use a backend that declares it, or implement it in the backend (see docs/adding-a-backend.md)',
    { code: 'unimplemented', retryable: false, backend: backendName, operation },
  );
}

function reject(backendName: string, operation: string): Promise<never> {
  return Promise.reject(unimplementedError(backendName, operation));
}

/** Stand-in key-pair operations of a backend without `keyPairs`: every call is `unimplemented`. */
export function unimplementedKeyPairs(backendName: string): KeyPairBackend {
  return {
    list: () => reject(backendName, 'keyPairs.list'),
    get: () => reject(backendName, 'keyPairs.get'),
    create: () => reject(backendName, 'keyPairs.create'),
    update: () => reject(backendName, 'keyPairs.update'),
    delete: () => reject(backendName, 'keyPairs.delete'),
  };
}

/** Stand-in service-account operations of a backend without `serviceAccounts`. */
export function unimplementedServiceAccounts(backendName: string): ServiceAccountBackend {
  return {
    list: () => reject(backendName, 'serviceAccounts.list'),
    get: () => reject(backendName, 'serviceAccounts.get'),
    create: () => reject(backendName, 'serviceAccounts.create'),
    delete: () => reject(backendName, 'serviceAccounts.delete'),
  };
}

/** Stand-in settings operations of a backend without `settings`. */
export function unimplementedSettings(backendName: string): SettingsBackend {
  return {
    get: () => reject(backendName, 'settings.get'),
    update: () => reject(backendName, 'settings.update'),
  };
}

/** Stand-in cluster operations of a backend without `clusters`. */
export function unimplementedClusters(backendName: string): ClusterBackend {
  return {
    list: () => reject(backendName, 'clusters.list'),
    get: () => reject(backendName, 'clusters.get'),
  };
}

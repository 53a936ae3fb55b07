import {
  type Environment,
  isConfiguredInEnv,
  readEnterpriseOptionsFromEnv,
  readZeroOptionsFromEnv,
} from '@pomerium-unified/config';
import { createPomeriumClient, type PomeriumClient } from '@pomerium-unified/core';
import { createEnterpriseBackend, type EnterpriseBackendOptions } from '@pomerium-unified/enterprise-adapter';
import { createZeroBackend, type ZeroBackendOptions } from '@pomerium-unified/zero-adapter';

/** The real deployments configured in the environment. */
export interface LiveConfiguration {
  /** Zero options, when `POMERIUM_ZERO_API_TOKEN` is set. */
  zero?: ZeroBackendOptions;
  /** Enterprise options, when `POMERIUM_ENTERPRISE_URL` and `POMERIUM_SERVICE_ACCOUNT` are set. */
  enterprise?: EnterpriseBackendOptions;
}

/** A client over a live deployment, with a label for reports. */
export interface LiveClient {
  /** `Zero` or `Enterprise`. */
  label: string;
  /** The client. */
  client: PomeriumClient;
}

/**
 * Reads live deployment settings from the environment through
 * `@pomerium-unified/config` (the variables of `createBackendFromEnv`). A
 * deployment is left out when none of its variables is set; half an
 * Enterprise configuration is an `invalid_argument` naming the missing variable.
 */
export function readLiveConfiguration(environment: Environment = process.env): LiveConfiguration {
  const configuration: LiveConfiguration = {};
  if (isConfiguredInEnv('zero', environment)) configuration.zero = readZeroOptionsFromEnv(environment);
  if (isConfiguredInEnv('enterprise', environment)) {
    configuration.enterprise = readEnterpriseOptionsFromEnv(environment);
  }
  return configuration;
}

/** Creates one client per deployment configured in `configuration`. */
export function createLiveClients(configuration: LiveConfiguration): LiveClient[] {
  const clients: LiveClient[] = [];
  if (configuration.zero) {
    clients.push({ label: 'Zero', client: createPomeriumClient({ backend: createZeroBackend(configuration.zero) }) });
  }
  if (configuration.enterprise) {
    clients.push({
      label: 'Enterprise',
      client: createPomeriumClient({ backend: createEnterpriseBackend(configuration.enterprise) }),
    });
  }
  return clients;
}

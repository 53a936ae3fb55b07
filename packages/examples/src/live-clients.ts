import { readFileSync } from 'node:fs';
import { createPomeriumClient, type PomeriumClient, PomeriumError } from '@pomerium-unified/core';
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
 * Reads live deployment settings from the environment:
 * `POMERIUM_ZERO_API_TOKEN` (+ optional `POMERIUM_ZERO_URL`, `POMERIUM_ZERO_ORGANIZATION`, `POMERIUM_ZERO_CLUSTER`)
 * and `POMERIUM_ENTERPRISE_URL` + `POMERIUM_SERVICE_ACCOUNT` (+ optional `POMERIUM_ENTERPRISE_CA_FILE`).
 */
export function readLiveConfiguration(environment: NodeJS.ProcessEnv = process.env): LiveConfiguration {
  const configuration: LiveConfiguration = {};
  const zeroToken = environment.POMERIUM_ZERO_API_TOKEN;
  if (zeroToken) {
    configuration.zero = {
      apiUserToken: zeroToken,
      ...(environment.POMERIUM_ZERO_URL ? { apiUrl: environment.POMERIUM_ZERO_URL } : {}),
      ...(environment.POMERIUM_ZERO_ORGANIZATION ? { organizationName: environment.POMERIUM_ZERO_ORGANIZATION } : {}),
      ...(environment.POMERIUM_ZERO_CLUSTER ? { cluster: environment.POMERIUM_ZERO_CLUSTER } : {}),
    };
  }
  const enterpriseUrl = environment.POMERIUM_ENTERPRISE_URL;
  const serviceAccount = environment.POMERIUM_SERVICE_ACCOUNT;
  if (enterpriseUrl && serviceAccount) {
    const caFile = environment.POMERIUM_ENTERPRISE_CA_FILE;
    let ca: string | undefined;
    if (caFile) {
      try {
        ca = readFileSync(caFile, 'utf8');
      } catch (error) {
        throw new PomeriumError(`Cannot read POMERIUM_ENTERPRISE_CA_FILE (${caFile})`, {
          code: 'invalid_argument',
          field: 'POMERIUM_ENTERPRISE_CA_FILE',
          cause: error,
        });
      }
    }
    configuration.enterprise = {
      url: enterpriseUrl,
      serviceAccountToken: serviceAccount,
      ...(ca ? { tls: { ca } } : {}),
    };
  } else if (enterpriseUrl || serviceAccount) {
    throw new PomeriumError('Set both POMERIUM_ENTERPRISE_URL and POMERIUM_SERVICE_ACCOUNT, or neither', {
      code: 'invalid_argument',
      field: enterpriseUrl ? 'POMERIUM_SERVICE_ACCOUNT' : 'POMERIUM_ENTERPRISE_URL',
    });
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

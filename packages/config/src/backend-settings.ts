import type { PomeriumBackend } from '@pomerium-unified/core';
import { createEnterpriseBackend, type EnterpriseBackendOptions } from '@pomerium-unified/enterprise-adapter';
import { createZeroBackend, type ZeroBackendOptions } from '@pomerium-unified/zero-adapter';
import { withSourceNames } from './config-error.js';
import { readConfigFile } from './read-config-file.js';

/** The kinds of deployment a configuration can name. */
export type BackendKind = 'zero' | 'enterprise';

/** Settings of a Pomerium Zero connection, wherever they were read from. */
export interface ZeroSettings {
  kind: 'zero';
  /** The API user token. */
  token: string;
  /** Console URL. Default `https://console.pomerium.app`. */
  url?: string;
  /** Organization name. Default: the only one the token sees. */
  organization?: string;
  /** Cluster name or id. Default: the whole organization. */
  cluster?: string;
  /** Timeout of one request in milliseconds. Default: the adapter's. */
  timeoutMs?: number;
}

/** Settings of a Pomerium Enterprise connection, wherever they were read from. */
export interface EnterpriseSettings {
  kind: 'enterprise';
  /** Console API URL (`https://host:port`, `host:port`, or `http://` with `plaintext`). */
  url: string;
  /** The service account token. */
  token: string;
  /** Path of a PEM CA file. */
  caFile?: string;
  /** Path of a PEM client certificate (mutual TLS). */
  certFile?: string;
  /** Path of the PEM key of the client certificate. */
  keyFile?: string;
  /** TLS server name. */
  serverName?: string;
  /** h2c without TLS. */
  plaintext?: boolean;
  /** Timeout of one request in milliseconds. Default: the adapter's. */
  timeoutMs?: number;
}

/** Zero or Enterprise settings. */
export type BackendSettings = ZeroSettings | EnterpriseSettings;

/** For each settings key, the name the user wrote it under (an environment variable or a profile path). */
export type SettingSourceNames = Record<string, string>;

/** Turns Zero settings into the options of `createZeroBackend`. */
export function toZeroBackendOptions(settings: ZeroSettings): ZeroBackendOptions {
  return {
    apiUserToken: settings.token,
    ...(settings.url === undefined ? {} : { apiUrl: settings.url }),
    ...(settings.organization === undefined ? {} : { organizationName: settings.organization }),
    ...(settings.cluster === undefined ? {} : { cluster: settings.cluster }),
    ...(settings.timeoutMs === undefined ? {} : { timeoutMs: settings.timeoutMs }),
  };
}

/**
 * Turns Enterprise settings into the options of `createEnterpriseBackend`,
 * reading the CA, certificate and key files. `sourceNames` name the settings in
 * errors.
 */
export function toEnterpriseBackendOptions(
  settings: EnterpriseSettings,
  sourceNames: SettingSourceNames,
): EnterpriseBackendOptions {
  const name = (key: keyof EnterpriseSettings) => sourceNames[key] ?? key;
  const tls: NonNullable<EnterpriseBackendOptions['tls']> = {};
  if (settings.caFile !== undefined) tls.ca = readConfigFile(settings.caFile, name('caFile'));
  if (settings.certFile !== undefined) tls.cert = readConfigFile(settings.certFile, name('certFile'));
  if (settings.keyFile !== undefined) tls.key = readConfigFile(settings.keyFile, name('keyFile'));
  if (settings.serverName !== undefined) tls.serverName = settings.serverName;
  return {
    url: settings.url,
    serviceAccountToken: settings.token,
    ...(Object.keys(tls).length === 0 ? {} : { tls }),
    ...(settings.plaintext ? { plaintext: true } : {}),
    ...(settings.timeoutMs === undefined ? {} : { timeoutMs: settings.timeoutMs }),
  };
}

/**
 * Creates the backend the settings describe. Errors of the adapters' option
 * validation name the setting's source (`POMERIUM_ZERO_URL`, `profiles.acme.url`).
 */
export function createBackendFromSettings(settings: BackendSettings, sourceNames: SettingSourceNames): PomeriumBackend {
  const name = (key: string) => sourceNames[key] ?? key;
  if (settings.kind === 'zero') {
    return withSourceNames(() => createZeroBackend(toZeroBackendOptions(settings)), {
      apiUserToken: name('token'),
      apiUrl: name('url'),
      organizationName: name('organization'),
      cluster: name('cluster'),
      timeoutMs: name('timeoutMs'),
    });
  }
  const options = toEnterpriseBackendOptions(settings, sourceNames);
  return withSourceNames(() => createEnterpriseBackend(options), {
    url: name('url'),
    serviceAccountToken: name('token'),
    'tls.ca': name('caFile'),
    'tls.cert': name('certFile'),
    'tls.key': name('keyFile'),
    'tls.serverName': name('serverName'),
    plaintext: name('plaintext'),
    timeoutMs: name('timeoutMs'),
  });
}

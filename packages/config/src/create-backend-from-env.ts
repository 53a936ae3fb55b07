import type { PomeriumBackend } from '@pomerium-unified/core';
import type { EnterpriseBackendOptions } from '@pomerium-unified/enterprise-adapter';
import type { ZeroBackendOptions } from '@pomerium-unified/zero-adapter';
import {
  type BackendKind,
  createBackendFromSettings,
  type EnterpriseSettings,
  type SettingSourceNames,
  toEnterpriseBackendOptions,
  toZeroBackendOptions,
  type ZeroSettings,
} from './backend-settings.js';
import { configError } from './config-error.js';
import { type Environment, environmentVariables as names } from './environment-variables.js';

const zeroSourceNames: SettingSourceNames = {
  token: names.zeroApiToken,
  url: names.zeroUrl,
  organization: names.zeroOrganization,
  cluster: names.zeroCluster,
  timeoutMs: names.timeoutMs,
};

const enterpriseSourceNames: SettingSourceNames = {
  token: names.serviceAccount,
  url: names.enterpriseUrl,
  caFile: names.enterpriseCaFile,
  certFile: names.enterpriseCertFile,
  keyFile: names.enterpriseKeyFile,
  serverName: names.enterpriseServerName,
  plaintext: names.enterprisePlaintext,
  timeoutMs: names.timeoutMs,
};

function value(env: Environment, name: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
}

function required(env: Environment, name: string, meaning: string): string {
  const found = value(env, name);
  if (found === undefined) configError(`${name} is not set (${meaning})`, name);
  return found;
}

/** Reads `POMERIUM_TIMEOUT_MS`: a positive integer number of milliseconds, or undefined. */
function readTimeout(env: Environment): number | undefined {
  const raw = value(env, names.timeoutMs);
  if (raw === undefined) return undefined;
  const parsed = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(parsed) || parsed <= 0 || parsed > 2_147_483_647) {
    configError(`${names.timeoutMs} must be a positive whole number of milliseconds`, names.timeoutMs);
  }
  return parsed;
}

function readBoolean(env: Environment, name: string): boolean | undefined {
  const raw = value(env, name)?.toLowerCase();
  if (raw === undefined) return undefined;
  if (raw === 'true' || raw === '1' || raw === 'yes') return true;
  if (raw === 'false' || raw === '0' || raw === 'no') return false;
  configError(`${name} must be true or false`, name);
}

function optional<K extends string>(key: K, found: string | number | boolean | undefined) {
  return found === undefined ? {} : ({ [key]: found } as Record<K, typeof found>);
}

/** Reads the Zero settings from the environment; `invalid_argument` naming a missing or bad variable. */
export function readZeroSettingsFromEnv(env: Environment = process.env): ZeroSettings {
  return {
    kind: 'zero',
    token: required(env, names.zeroApiToken, 'the API user token from the Zero console, Settings → API Users'),
    ...optional('url', value(env, names.zeroUrl)),
    ...optional('organization', value(env, names.zeroOrganization)),
    ...optional('cluster', value(env, names.zeroCluster)),
    ...optional('timeoutMs', readTimeout(env)),
  } as ZeroSettings;
}

/** Reads the Enterprise settings from the environment; `invalid_argument` naming a missing or bad variable. */
export function readEnterpriseSettingsFromEnv(env: Environment = process.env): EnterpriseSettings {
  const certFile = value(env, names.enterpriseCertFile);
  const keyFile = value(env, names.enterpriseKeyFile);
  if ((certFile === undefined) !== (keyFile === undefined)) {
    const missing = certFile === undefined ? names.enterpriseCertFile : names.enterpriseKeyFile;
    configError(
      `${missing} is not set: mutual TLS needs both ${names.enterpriseCertFile} and ${names.enterpriseKeyFile}`,
      missing,
    );
  }
  return {
    kind: 'enterprise',
    url: required(env, names.enterpriseUrl, 'the Enterprise console API, e.g. https://console-api.example.com'),
    token: required(env, names.serviceAccount, 'a Pomerium Enterprise service account token'),
    ...optional('caFile', value(env, names.enterpriseCaFile)),
    ...optional('certFile', certFile),
    ...optional('keyFile', keyFile),
    ...optional('serverName', value(env, names.enterpriseServerName)),
    ...optional('plaintext', readBoolean(env, names.enterprisePlaintext)),
    ...optional('timeoutMs', readTimeout(env)),
  } as EnterpriseSettings;
}

/** The options of `createZeroBackend` that the environment describes. */
export function readZeroOptionsFromEnv(env: Environment = process.env): ZeroBackendOptions {
  return toZeroBackendOptions(readZeroSettingsFromEnv(env));
}

/** The options of `createEnterpriseBackend` that the environment describes (CA, certificate and key files read). */
export function readEnterpriseOptionsFromEnv(env: Environment = process.env): EnterpriseBackendOptions {
  return toEnterpriseBackendOptions(readEnterpriseSettingsFromEnv(env), enterpriseSourceNames);
}

/**
 * Whether the environment names a deployment of this kind at all: Zero when
 * `POMERIUM_ZERO_API_TOKEN` is set, Enterprise when `POMERIUM_ENTERPRISE_URL` or
 * `POMERIUM_SERVICE_ACCOUNT` is (a half configuration then fails in
 * {@link createBackendFromEnv}, naming the missing variable).
 */
export function isConfiguredInEnv(kind: BackendKind, env: Environment = process.env): boolean {
  if (kind === 'zero') return value(env, names.zeroApiToken) !== undefined;
  return value(env, names.enterpriseUrl) !== undefined || value(env, names.serviceAccount) !== undefined;
}

/**
 * Creates a Zero or Enterprise backend from environment variables:
 * Zero `POMERIUM_ZERO_API_TOKEN` (+ `POMERIUM_ZERO_URL`, `POMERIUM_ZERO_ORGANIZATION`, `POMERIUM_ZERO_CLUSTER`);
 * Enterprise `POMERIUM_ENTERPRISE_URL` + `POMERIUM_SERVICE_ACCOUNT` (+ `POMERIUM_ENTERPRISE_CA_FILE`,
 * `POMERIUM_ENTERPRISE_CERT_FILE` + `POMERIUM_ENTERPRISE_KEY_FILE`, `POMERIUM_ENTERPRISE_SERVER_NAME`,
 * `POMERIUM_ENTERPRISE_PLAINTEXT=true`); both `POMERIUM_TIMEOUT_MS`.
 * Throws `PomeriumError` `invalid_argument` whose `field` names the missing or
 * bad variable; a token is never part of a message.
 *
 * @example
 * const client = createPomeriumClient({ backend: createBackendFromEnv('zero') });
 */
export function createBackendFromEnv(kind: BackendKind, env: Environment = process.env): PomeriumBackend {
  if (kind === 'zero') return createBackendFromSettings(readZeroSettingsFromEnv(env), zeroSourceNames);
  if (kind === 'enterprise') {
    return createBackendFromSettings(readEnterpriseSettingsFromEnv(env), enterpriseSourceNames);
  }
  return configError(`kind must be 'zero' or 'enterprise'`, 'kind');
}

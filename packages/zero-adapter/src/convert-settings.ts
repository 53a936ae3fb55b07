import {
  dnsLookupFamilies,
  identityProviderTypes,
  PomeriumError,
  Secret,
  type Settings,
  settingsSecretKeys,
  settingsSecretListKeys,
  sharedSettingsKeys,
  type ValidSettingsUpdatePatch,
} from '@pomerium-unified/core';
import type { JsonPatchOperation } from './convert-json-patch.js';
import type { ZeroSettings } from './zero-resource-wire-types.js';

/** The 14 keys a Zero `SettingsProperties` body requires (reference ST1): they cannot be unset. */
export const zeroRequiredSettingsKeys = [
  'address',
  'autoApplyChangesets',
  'codecType',
  'cookieExpire',
  'cookieHttpOnly',
  'cookieName',
  'defaultUpstreamTimeout',
  'dnsLookupFamily',
  'logLevel',
  'passIdentityHeaders',
  'skipXffAppend',
  'timeoutIdle',
  'timeoutRead',
  'timeoutWrite',
] as const;

/** Zero-only settings keys the adapter types in `extensions.zero` (the first is a secret). */
export const zeroOnlySettingsKeys = ['databrokerStorageConnection', 'mcpDynamicClientRegistration'] as const;

const secretKeys = new Set<string>([...settingsSecretKeys, 'databrokerStorageConnection']);
const secretListKeys = new Set<string>(settingsSecretListKeys);
const sharedKeys = new Set<string>(sharedSettingsKeys);
const responseOnlyKeys = new Set(['id', 'createdAt', 'updatedAt']);
const zeroOnlyKeys = new Set<string>(zeroOnlySettingsKeys);
const requiredKeys = new Set<string>(zeroRequiredSettingsKeys);

/**
 * True for a settings secret as Zero may return it masked: a non-empty run of
 * mask characters (`*`, `•`, `x`/`X`) only. Such a value becomes a masked
 * `Secret` (set, value unknown); anything else is taken as the value.
 */
export function isMaskedZeroSecret(value: string): boolean {
  return /^[*•xX]{3,}$/.test(value);
}

function toSecret(value: unknown): Secret | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  return isMaskedZeroSecret(value) ? Secret.masked() : Secret.of(value);
}

/**
 * Zero `Settings` in the neutral model: shared keys by their Zero name, secrets
 * as `Secret`s (masked ones marked masked), `codecType`/`bearerTokenFormat` `""`
 * read as unset, `blobStorage` from snake_case; Zero-only keys and unknown ones
 * in `extensions.zero`.
 */
export function zeroSettingsToSettings(wire: ZeroSettings, clusterId: string): Settings {
  const settings: Record<string, unknown> = {
    id: wire.id,
    clusterId,
    createdAt: wire.createdAt,
    updatedAt: wire.updatedAt,
  };
  const zero: Record<string, unknown> = {};
  const additionalFields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(wire)) {
    if (responseOnlyKeys.has(key) || value === undefined || value === null) continue;
    if (secretKeys.has(key)) {
      const secret = toSecret(value);
      if (secret === undefined) continue;
      if (zeroOnlyKeys.has(key)) zero[key] = secret;
      else settings[key] = secret;
    } else if (secretListKeys.has(key)) {
      if (Array.isArray(value)) settings[key] = value.map(toSecret).filter((item) => item !== undefined);
    } else if (key === 'blobStorage') {
      const blob = value as { bucket_uri?: unknown; managed_prefix?: unknown };
      settings.blobStorage = {
        ...(typeof blob.bucket_uri === 'string' ? { bucketUri: blob.bucket_uri } : {}),
        ...(typeof blob.managed_prefix === 'string' ? { managedPrefix: blob.managed_prefix } : {}),
      };
    } else if ((key === 'codecType' || key === 'bearerTokenFormat') && value === '') {
      // Zero's "" means unset (reference ST6).
    } else if (sharedKeys.has(key)) {
      settings[key] = structuredClone(value);
    } else if (zeroOnlyKeys.has(key)) {
      zero[key] = structuredClone(value);
    } else {
      additionalFields[key] = structuredClone(value);
    }
  }
  if (Object.keys(additionalFields).length > 0) zero.additionalFields = additionalFields;
  settings.extensions = { zero };
  return settings as unknown as Settings;
}

function invalid(message: string, field: string): PomeriumError {
  return new PomeriumError(message, { code: 'invalid_argument', field, backend: 'zero', operation: 'settings.update' });
}

function wireValue(key: string, value: unknown): unknown {
  if (Secret.isSecret(value)) return value.reveal();
  if (secretListKeys.has(key) && Array.isArray(value)) {
    return value.map((item) => (Secret.isSecret(item) ? item.reveal() : item));
  }
  if (key === 'blobStorage') {
    const blob = value as { bucketUri?: string; managedPrefix?: string };
    return {
      ...(blob.bucketUri !== undefined ? { bucket_uri: blob.bucketUri } : {}),
      ...(blob.managedPrefix !== undefined ? { managed_prefix: blob.managedPrefix } : {}),
    };
  }
  return structuredClone(value);
}

/**
 * Checks a settings patch against what Zero accepts, before any network call:
 * required keys cannot be unset, closed enums (`dnsLookupFamily`,
 * `identityProvider`) must hold a Zero value, masked secrets cannot be written
 * (their value is unknown) and `extensions.zero` takes the Zero-only keys only.
 * Throws `invalid_argument` naming the field.
 */
export function assertZeroSettingsPatch(patch: ValidSettingsUpdatePatch): void {
  const entries = Object.entries(patch) as [string, unknown][];
  for (const [key, value] of entries) {
    if (key === 'extensions') continue;
    if (value === null && requiredKeys.has(key)) {
      throw invalid(`Zero requires the setting ${key}; it cannot be unset (give a value instead)`, key);
    }
    if (
      key === 'dnsLookupFamily' &&
      typeof value === 'string' &&
      !(dnsLookupFamilies as readonly string[]).includes(value)
    ) {
      throw invalid(`Zero takes one of ${dnsLookupFamilies.join(', ')} for dnsLookupFamily`, key);
    }
    if (
      key === 'identityProvider' &&
      typeof value === 'string' &&
      !(identityProviderTypes as readonly string[]).includes(value)
    ) {
      throw invalid(`Zero takes one of ${identityProviderTypes.join(', ')} for identityProvider`, key);
    }
    const items = Array.isArray(value) ? value : [value];
    if (items.some((item) => Secret.isSecret(item) && item.masked)) {
      throw invalid(
        `The setting ${key} holds a masked secret (its value is unknown); give the value, or leave the key out to keep it`,
        key,
      );
    }
  }
  const zero = (patch.extensions as Record<string, unknown> | undefined)?.zero;
  if (zero !== undefined) {
    if (typeof zero !== 'object' || zero === null || Array.isArray(zero)) {
      throw invalid('extensions.zero of a settings patch must be an object', 'extensions.zero');
    }
    for (const [key, value] of Object.entries(zero)) {
      const field = `extensions.zero.${key}`;
      if (key === 'databrokerStorageConnection') {
        if (value !== null && typeof value !== 'string' && !(Secret.isSecret(value) && !value.masked)) {
          throw invalid('databrokerStorageConnection must be a string, an unmasked Secret or null', field);
        }
      } else if (key === 'mcpDynamicClientRegistration') {
        if (value !== null && typeof value !== 'boolean') throw invalid(`${key} must be a boolean or null`, field);
      } else {
        throw invalid(`Unknown Zero setting ${key}: the adapter writes ${zeroOnlySettingsKeys.join(', ')}`, field);
      }
    }
  }
}

/**
 * The JSON Patch of a settings update: `add` per key set (secrets revealed
 * here only), `remove` per key unset that the stored settings hold
 * (`previous`, the settings as read). Zero-only keys come from `extensions.zero`.
 */
export function settingsPatchToJsonPatch(
  patch: ValidSettingsUpdatePatch,
  previous: ZeroSettings | undefined,
): JsonPatchOperation[] {
  const operations: JsonPatchOperation[] = [];
  const push = (key: string, value: unknown) => {
    const path = `/${key}`;
    if (value === null) {
      if (previous !== undefined && previous[key] !== undefined) operations.push({ op: 'remove', path });
    } else if (value !== undefined) {
      operations.push({ op: 'add', path, value: wireValue(key, value) });
    }
  };
  for (const [key, value] of Object.entries(patch)) {
    if (key !== 'extensions') push(key, value);
  }
  const zero = (patch.extensions as Record<string, unknown> | undefined)?.zero as Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(zero ?? {})) push(key, value);
  return operations;
}

/** True when the patch unsets a key (then the settings are read first, so only present keys are removed). */
export function settingsPatchNeedsRead(patch: ValidSettingsUpdatePatch): boolean {
  const zero = (patch.extensions as Record<string, unknown> | undefined)?.zero as Record<string, unknown> | undefined;
  return Object.values(patch).includes(null) || Object.values(zero ?? {}).includes(null);
}

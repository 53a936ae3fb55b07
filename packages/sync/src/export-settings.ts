import {
  normalizeDuration,
  type PomeriumClient,
  PomeriumError,
  Secret,
  type Settings,
  sharedSettingsKeys,
} from '@pomerium-unified/core';
import { type ConfigExtensions, type ConfigSettings, maskedSecretMarker, secretMarker } from './config-document.js';
import { sortKeysDeep } from './config-entries.js';

/** The settings of a deployment as read, or why they could not be read. */
export type SettingsRead = { settings: Settings; unavailable?: undefined } | { unavailable: string };

/** Error codes that mean "this deployment's settings cannot be reached through this client", not a failure. */
export const unavailableCodes: ReadonlySet<string> = new Set([
  'failed_precondition',
  'unimplemented',
  'not_found',
  'permission_denied',
]);

/**
 * Reads the settings of the client's scope. A backend without
 * `capabilities.settings`, or one that cannot address a scope (a Zero backend
 * without a `cluster`: `failed_precondition`; a scope that does not exist:
 * `not_found`; credentials that may not read them: `permission_denied`),
 * gives `unavailable` with the
 * reason instead of failing; other errors are thrown.
 */
export async function readSettings(client: PomeriumClient, signal?: AbortSignal): Promise<SettingsRead> {
  if (!client.capabilities.settings) {
    return { unavailable: `${client.backend.name} does not offer settings through its API (capabilities.settings)` };
  }
  try {
    return { settings: await client.settings.get(signal ? { signal } : {}) };
  } catch (error) {
    if (PomeriumError.isInstance(error) && unavailableCodes.has(error.code)) return { unavailable: error.message };
    throw error;
  }
}

function exportValue(value: unknown, includeSecrets: boolean): unknown {
  if (Secret.isSecret(value)) return value.masked ? maskedSecretMarker : includeSecrets ? value.reveal() : secretMarker;
  if (Array.isArray(value)) return value.map((item) => exportValue(item, includeSecrets));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, entry]) => entry !== undefined && entry !== null)
        .map(([key, entry]) => [key, exportValue(entry, includeSecrets)]),
    );
  }
  return value;
}

/**
 * The document form of settings: shared fields and the backend bags, no id,
 * scope or timestamps. Secrets are revealed only with `includeSecrets`
 * (else {@link secretMarker}); masked ones become {@link maskedSecretMarker}.
 */
export function settingsEntry(settings: Settings, includeSecrets: boolean): ConfigSettings {
  const entry: Record<string, unknown> = {};
  const record = settings as unknown as Record<string, unknown>;
  for (const key of sharedSettingsKeys) {
    const value = record[key];
    if (value === undefined || value === null) continue;
    entry[key] = exportValue(value, includeSecrets);
  }
  const extensions: ConfigExtensions = {};
  for (const [backend, bag] of Object.entries(settings.extensions ?? {})) {
    if (bag === null || typeof bag !== 'object' || Array.isArray(bag)) continue;
    const kept = exportValue(bag, includeSecrets) as Record<string, unknown>;
    if (Object.keys(kept).length > 0) extensions[backend] = kept;
  }
  if (Object.keys(extensions).length > 0) entry.extensions = extensions;
  return sortKeysDeep(entry) as ConfigSettings;
}

/** The settings fields whose value is a duration: compared by meaning (`1m` equals `60s`). */
const durationFields = new Set([
  'timeoutRead',
  'timeoutWrite',
  'timeoutIdle',
  'cookieExpire',
  'defaultUpstreamTimeout',
  'otelExporterOtlpTimeout',
  'otelExporterOtlpTracesTimeout',
  'otelBspScheduleDelay',
  'dnsQueryTimeout',
  'dnsFailureRefreshRate',
  'dnsRefreshRate',
]);

/** A settings value in comparable form: durations canonical, the empty address as `:443`. */
export function comparableSetting(field: string, value: unknown): unknown {
  // Zero reads an empty listen address as `:443`.
  if (field === 'address' && value === '') return ':443';
  if (typeof value === 'string' && durationFields.has(field)) {
    try {
      return normalizeDuration(value);
    } catch {
      return value;
    }
  }
  return value;
}

/** True for the markers that stand for a secret whose value the document does not hold. */
export function isSecretMarker(value: unknown): boolean {
  if (value === secretMarker || value === maskedSecretMarker) return true;
  return Array.isArray(value) && value.some((item) => item === secretMarker || item === maskedSecretMarker);
}

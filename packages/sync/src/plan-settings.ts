import { settingsSecretKeys, settingsSecretListKeys } from '@pomerium-unified/core';
import { setExtension } from './apply-settings.js';
import type { ConfigSettings } from './config-document.js';
import { maskedSecretMarker, secretMarker } from './config-document.js';
import { sameValue } from './diff-entries.js';
import { comparableSetting, isSecretMarker, type SettingsRead, settingsEntry } from './export-settings.js';
import type { FidelityTarget } from './fidelity-rules.js';
import { hideSettingsSecretsFromInspect } from './hide-settings-secrets.js';
import type { FidelityIssue, FieldChange, PlannedChange } from './sync-plan.js';

/** Settings that hold ids of key pairs of one deployment, meaningless on another. */
export const settingsDeploymentIdFields = ['certificateAuthorityKeyPairId', 'downstreamMtlsCaKeyPairId'] as const;

/** Settings fields (and extension paths) that hold secrets: their values never appear in a plan's diff. */
export const settingsSecretFields: ReadonlySet<string> = new Set([
  ...settingsSecretKeys,
  ...settingsSecretListKeys,
  'extensions.zero.databrokerStorageConnection',
]);

/** What planning the settings gives. */
export interface SettingsPlan {
  /** The update, when a field differs. */
  change?: PlannedChange;
  /** What the target cannot take. */
  fidelity: FidelityIssue[];
  /** True when the settings were compared and nothing differs. */
  unchanged: boolean;
  /** The target's `autoApplyChangesets`, when its settings were read. */
  autoApplyChangesets?: boolean;
}

/** What {@link planSettings} compares. */
export interface SettingsPlanInput {
  /** The document's settings (undefined: the document says nothing about settings). */
  desired: ConfigSettings | undefined;
  /** The target's settings as read (secrets included where the server returns them). */
  current: SettingsRead;
  /** The target's name and capabilities. */
  target: FidelityTarget;
  /** The backend the document came from, when known. */
  sourceBackend: string | undefined;
}

/** True for values that mean "not set" (a backend-only flag left at its default needs no report). */
function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}

function redact(field: string, value: unknown): unknown {
  if (value === undefined || !settingsSecretFields.has(field)) return value;
  return Array.isArray(value) ? value.map(() => secretMarker) : secretMarker;
}

/**
 * Plans the settings: judges each field of the document against the target
 * (closed value sets, backend-only settings, key-pair ids of another
 * deployment, secrets the document does not hold or the source returned
 * masked) and lists the fields whose value differs. A field the document
 * leaves out keeps the target's value. A target without settings is reported
 * (a warning), never a failure.
 */
export function planSettings(input: SettingsPlanInput): SettingsPlan {
  const { desired, current, target, sourceBackend } = input;
  const fidelity: FidelityIssue[] = [];
  const autoApply = current.unavailable === undefined ? current.settings.autoApplyChangesets : undefined;
  const base = autoApply === undefined ? {} : { autoApplyChangesets: autoApply };
  if (desired === undefined) return { fidelity, unchanged: false, ...base };
  const key = current.unavailable === undefined ? (current.settings.clusterId ?? 'default') : 'default';
  const report = (severity: FidelityIssue['severity'], rule: string, reason: string, field?: string) =>
    fidelity.push({ severity, kind: 'settings', key, ...(field === undefined ? {} : { field }), rule, reason });
  if (current.unavailable !== undefined) {
    report('warning', 'settings-unsupported', `the settings are not carried: ${current.unavailable}`);
    return { fidelity, unchanged: false };
  }
  const have = settingsEntry(current.settings, true) as Record<string, unknown>;
  const writable: Record<string, unknown> = {};
  const diff: FieldChange[] = [];
  const compare = (field: string, want: unknown, existing: unknown) => {
    if (want === maskedSecretMarker || (Array.isArray(want) && want.includes(maskedSecretMarker))) {
      report(
        'warning',
        'masked-secret',
        'the source returned this secret masked: a masked secret cannot be carried',
        field,
      );
      return false;
    }
    if (isSecretMarker(want)) {
      if (existing === undefined) {
        report(
          'warning',
          'secret-not-exported',
          'the document holds a marker instead of the secret (exported without includeSecrets); the target has none',
          field,
        );
      }
      return false;
    }
    if (isSecretMarker(existing)) {
      report(
        'warning',
        'secret-not-compared',
        `${target.name} returns this secret masked, so it cannot be compared; its value is kept`,
        field,
      );
      return false;
    }
    if (sameValue(comparableSetting(field, want), comparableSetting(field, existing))) return false;
    diff.push({
      field,
      ...(existing === undefined ? {} : { before: redact(field, structuredClone(existing)) }),
      after: redact(field, structuredClone(want)),
    });
    return true;
  };

  const closed = target.syncRules?.settingsValueSets ?? {};
  const foreignIds = sourceBackend !== undefined && sourceBackend !== target.name;
  for (const [field, value] of Object.entries(desired)) {
    if (field === 'extensions' || value === undefined) continue;
    const allowed = closed[field];
    if (allowed && typeof value === 'string' && !allowed.includes(value)) {
      report(
        'error',
        'settings-value-unsupported',
        `${target.name} takes only ${allowed.join(', ')} here; ${JSON.stringify(value)} cannot be carried`,
        field,
      );
      continue;
    }
    if (foreignIds && (settingsDeploymentIdFields as readonly string[]).includes(field) && value !== '') {
      report('error', 'deployment-id', `an id of a ${sourceBackend} key pair means nothing on ${target.name}`, field);
      continue;
    }
    if (compare(field, value, have[field])) writable[field] = value;
  }

  const haveExtensions = (have.extensions ?? {}) as Record<string, Record<string, unknown>>;
  for (const [backend, bag] of Object.entries(desired.extensions ?? {})) {
    for (const [name, value] of Object.entries(bag)) {
      const field = `extensions.${backend}.${name}`;
      if (backend !== target.name) {
        if (isEmptyValue(value)) continue;
        const sourceRules = backend === target.source?.name ? target.source.syncRules : undefined;
        const rule = sourceRules?.foreignExtensionKeys?.settings?.[name];
        const reason = rule
          ? `${rule.reason}; ${target.name} cannot take it`
          : `a ${backend} setting that ${target.name} cannot take`;
        report(rule?.severity ?? 'error', rule ? 'backend-only-field' : 'unknown-wire-field', reason, field);
        continue;
      }
      const readOnly = target.syncRules?.readOnlyExtensionKeys?.settings;
      if (readOnly === '*' || readOnly?.includes(name)) {
        report('warning', 'settings-field-not-writable', `the ${backend} adapter does not write this setting`, field);
        continue;
      }
      if (compare(field, value, haveExtensions[backend]?.[name])) {
        setExtension(writable, backend, name, value);
      }
    }
  }
  if (diff.length === 0) return { fidelity, unchanged: true, ...base };
  const change: PlannedChange = {
    action: 'update',
    kind: 'settings',
    key,
    id: current.settings.id,
    diff,
    desired: hideSettingsSecretsFromInspect(writable as ConfigSettings, settingsSecretFields),
    ...(current.settings.updatedAt ? { expectedUpdatedAt: current.settings.updatedAt } : {}),
  };
  return { change, fidelity, unchanged: false, ...base };
}

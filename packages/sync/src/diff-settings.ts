import type { ConfigServiceAccount, ConfigSettings } from './config-document.js';
import { secretMarker } from './config-document.js';
import type { ConfigDifference } from './diff-configs.js';
import { sameValue } from './diff-entries.js';
import { serviceAccountKey } from './export-service-accounts.js';
import { comparableSetting } from './export-settings.js';
import { settingsSecretFields } from './plan-settings.js';
import type { FieldChange } from './sync-plan.js';

function flatten(settings: ConfigSettings | undefined): Map<string, unknown> {
  const fields = new Map<string, unknown>();
  for (const [field, value] of Object.entries(settings ?? {})) {
    if (field !== 'extensions') fields.set(field, value);
  }
  for (const [backend, bag] of Object.entries(settings?.extensions ?? {})) {
    for (const [name, value] of Object.entries(bag)) fields.set(`extensions.${backend}.${name}`, value);
  }
  return fields;
}

/**
 * The settings and service-account differences between two documents:
 * settings field by field (`before` from `a`), secrets as the marker;
 * service accounts added or removed by bare user id. Each part is compared
 * only when both documents hold it.
 */
export function diffSettingsAndAccounts(
  a: { settings?: ConfigSettings; serviceAccounts?: ConfigServiceAccount[] },
  b: { settings?: ConfigSettings; serviceAccounts?: ConfigServiceAccount[] },
): ConfigDifference[] {
  const differences: ConfigDifference[] = [];
  // A part missing from one document was not read there (a backend without it): nothing to compare.
  if (a.settings && b.settings) {
    const left = flatten(a.settings);
    const right = flatten(b.settings);
    const fields: FieldChange[] = [];
    for (const field of [...new Set([...left.keys(), ...right.keys()])].sort()) {
      const before = left.get(field);
      const after = right.get(field);
      if (sameValue(comparableSetting(field, before), comparableSetting(field, after))) continue;
      const hide = (value: unknown) => (value !== undefined && settingsSecretFields.has(field) ? secretMarker : value);
      fields.push({
        field,
        ...(before === undefined ? {} : { before: hide(before) }),
        ...(after === undefined ? {} : { after: hide(after) }),
      });
    }
    if (fields.length > 0) differences.push({ change: 'changed', kind: 'settings', key: 'settings', fields });
  }
  if (!a.serviceAccounts || !b.serviceAccounts) return differences;
  const left = new Set((a.serviceAccounts ?? []).map((account) => serviceAccountKey(account)));
  const right = new Set((b.serviceAccounts ?? []).map((account) => serviceAccountKey(account)));
  for (const key of [...left].sort())
    if (!right.has(key)) differences.push({ change: 'removed', kind: 'serviceAccount', key });
  for (const key of [...right].sort())
    if (!left.has(key)) differences.push({ change: 'added', kind: 'serviceAccount', key });
  return differences;
}

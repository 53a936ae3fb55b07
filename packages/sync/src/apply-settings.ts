import type { PomeriumClient, Settings, SettingsUpdatePatch } from '@pomerium-unified/core';
import type { ConfigSettings } from './config-document.js';
import type { PlannedChange } from './sync-plan.js';

/** Sets `bag.extensions[backend][name]`, creating the objects on the way. */
export function setExtension(bag: Record<string, unknown>, backend: string, name: string, value: unknown): void {
  const extensions = (bag.extensions ?? {}) as Record<string, Record<string, unknown>>;
  bag.extensions = extensions;
  const own = extensions[backend] ?? {};
  extensions[backend] = own;
  own[name] = value;
}

/** The settings patch of a planned update: only the fields of its diff (backend-only ones under `extensions`). */
export function settingsUpdatePatch(change: PlannedChange): SettingsUpdatePatch {
  const desired = (change.desired ?? {}) as ConfigSettings & Record<string, unknown>;
  const patch: Record<string, unknown> = {};
  for (const { field } of change.diff ?? []) {
    const [top, backend, name] = field.split('.');
    if (top === 'extensions' && backend !== undefined && name !== undefined) {
      const value = desired.extensions?.[backend]?.[name];
      if (value === undefined) continue;
      setExtension(patch, backend, name, structuredClone(value));
    } else if (desired[field] !== undefined) patch[field] = structuredClone(desired[field]);
  }
  return patch as SettingsUpdatePatch;
}

/**
 * Applies a planned settings update: only the fields that differ, guarded by
 * the `updatedAt` the plan saw (`aborted` when the settings changed since).
 */
export function applySettingsChange(
  change: PlannedChange,
  target: PomeriumClient,
  call: { signal?: AbortSignal },
): Promise<Settings> {
  return target.settings.update(settingsUpdatePatch(change), {
    ...call,
    ...(change.expectedUpdatedAt ? { expectedUpdatedAt: change.expectedUpdatedAt } : {}),
  });
}

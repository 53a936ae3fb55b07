import type { SettingsBackend } from './backend-specification.js';
import { type CallEnvironment, runCall } from './call-runner.js';
import { type ClientCallOptions, readExpectedUpdatedAt, readOptions } from './create-resource-client.js';
import { assertId, parsePlainInput } from './parse-input.js';
import { Secret } from './secret.js';
import {
  type Settings,
  type SettingsUpdatePatch,
  settingsSecretKeys,
  settingsSecretListKeys,
  type ValidSettingsUpdatePatch,
} from './settings-model.js';
import { settingsUpdatePatchSchema } from './settings-schema.js';
import { checkReturnedObject } from './validate-response.js';

/** Options of `client.settings.get()`. */
export interface SettingsGetOptions extends ClientCallOptions {
  /**
   * The cluster whose settings to read. Zero: defaults to the backend's
   * `cluster`; Enterprise: the default cluster when omitted.
   */
  clusterId?: string;
}

/** Options of `client.settings.update()`. */
export interface SettingsUpdateCallOptions extends SettingsGetOptions {
  /** Optimistic concurrency: the `updatedAt` the caller read; `aborted` when the settings changed since. */
  expectedUpdatedAt?: string;
}

/** Client operations on settings: one object per scope, read and updated. */
export interface SettingsClient {
  /** Reads the settings of a scope. Secrets are {@link Secret}s (masked ones when the server masks them). */
  get(options?: SettingsGetOptions): Promise<Settings>;
  /** Validates the partial `patch` and applies it; keys left out keep their value, `null` unsets. */
  update(patch: SettingsUpdatePatch, options?: SettingsUpdateCallOptions): Promise<Settings>;
}

/** Secret settings as Secrets, whatever the adapter returned (strings are wrapped at once). */
function withSecretValues(settings: Settings): Settings {
  if (typeof settings !== 'object' || settings === null) return settings;
  let copy: Settings | undefined;
  const set = (key: string, value: unknown) => {
    copy ??= { ...settings };
    (copy as unknown as Record<string, unknown>)[key] = value;
  };
  for (const key of settingsSecretKeys) {
    const value: unknown = settings[key];
    if (typeof value === 'string') set(key, Secret.of(value));
  }
  for (const key of settingsSecretListKeys) {
    const value: unknown = settings[key];
    if (Array.isArray(value) && value.some((item) => typeof item === 'string')) {
      set(
        key,
        value.map((item: unknown) => (typeof item === 'string' ? Secret.of(item) : item)),
      );
    }
  }
  return copy ?? settings;
}

function readClusterId(rest: Record<string, unknown>, label: string): { clusterId?: string } {
  const { clusterId } = rest;
  if (clusterId === undefined) return {};
  assertId(clusterId, `${label}: clusterId`, 'clusterId');
  return { clusterId };
}

/** Builds `client.settings`. */
export function createSettingsClient(environment: CallEnvironment, backend: SettingsBackend): SettingsClient {
  const backendName = environment.backendName;
  return {
    async get(options) {
      const label = 'settings get options';
      const { signal, rest } = readOptions(options, label);
      const scope = readClusterId(rest, label);
      return runCall(environment, {
        operation: 'settings.get',
        kind: 'read',
        signal,
        run: async (callOptions) => withSecretValues(await backend.get({ ...callOptions, ...scope })),
        check: (value) => checkReturnedObject(value, { backend: backendName, operation: 'settings.get' }),
      });
    },
    async update(patch, options) {
      const label = 'settings update options';
      const { signal, rest } = readOptions(options, label);
      const scope = readClusterId(rest, label);
      const expectedUpdatedAt = readExpectedUpdatedAt(rest, label);
      const parsed = parsePlainInput(
        settingsUpdatePatchSchema,
        patch,
        'settings patch',
        'patch',
      ) as ValidSettingsUpdatePatch;
      return runCall(environment, {
        operation: 'settings.update',
        kind: 'update',
        signal,
        guarded: expectedUpdatedAt !== undefined,
        run: async (callOptions) =>
          withSecretValues(
            await backend.update({
              ...callOptions,
              ...scope,
              patch: parsed,
              ...(expectedUpdatedAt === undefined ? {} : { expectedUpdatedAt }),
            }),
          ),
        check: (value) => checkReturnedObject(value, { backend: backendName, operation: 'settings.update' }),
      });
    },
  };
}

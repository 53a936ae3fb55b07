import type { PomeriumBackend } from '@pomerium-unified/core';
import {
  type BackendKind,
  type BackendSettings,
  createBackendFromSettings,
  type SettingSourceNames,
} from './backend-settings.js';
import { configError } from './config-error.js';
import { createBackendFromEnv } from './create-backend-from-env.js';
import type { Environment } from './environment-variables.js';
import type { Profiles } from './load-profiles.js';
import type { Profile } from './profile-schema.js';
import { readConfigFile, resolveConfigPath } from './read-config-file.js';

/** Where a profile is read from: its name, the environment for `tokenEnv`, the base of relative paths. */
export interface ProfileContext {
  /** The profile's name, used in error fields (`profiles.<name>.tokenEnv`). */
  name: string;
  /** The environment `tokenEnv` is looked up in. Default `process.env`. */
  env?: Environment;
  /** The directory relative paths resolve against. Default: the working directory. */
  baseDirectory?: string;
}

function readToken(profile: Profile, context: ProfileContext): string {
  const prefix = `profiles.${context.name}`;
  if (profile.tokenEnv !== undefined && profile.tokenFile !== undefined) {
    configError(`${prefix}: set tokenEnv or tokenFile, not both`, `${prefix}.tokenFile`);
  }
  if (profile.tokenEnv !== undefined) {
    const token = (context.env ?? process.env)[profile.tokenEnv]?.trim();
    if (!token) configError(`${prefix}.tokenEnv: ${profile.tokenEnv} is not set`, profile.tokenEnv);
    return token;
  }
  if (profile.tokenFile !== undefined) {
    const path = resolveConfigPath(profile.tokenFile, context.baseDirectory ?? process.cwd());
    return readConfigFile(path, `${prefix}.tokenFile`, { trim: true });
  }
  return configError(
    `${prefix}: no token; set tokenEnv (an environment variable name) or tokenFile (a file path)`,
    `${prefix}.tokenEnv`,
  );
}

/** Turns a validated profile into backend settings, reading its token from the environment or its file. */
export function profileToSettings(profile: Profile, context: ProfileContext): BackendSettings {
  const token = readToken(profile, context);
  const { tokenEnv: _tokenEnv, tokenFile: _tokenFile, ...rest } = profile;
  if (rest.kind === 'zero') return { ...rest, token };
  const base = context.baseDirectory ?? process.cwd();
  const path = (file: string | undefined) => (file === undefined ? undefined : resolveConfigPath(file, base));
  const files = { caFile: path(rest.caFile), certFile: path(rest.certFile), keyFile: path(rest.keyFile) };
  for (const key of ['caFile', 'certFile', 'keyFile'] as const) if (files[key] === undefined) delete files[key];
  if ((rest.certFile === undefined) !== (rest.keyFile === undefined)) {
    const missing = rest.certFile === undefined ? 'certFile' : 'keyFile';
    configError(
      `profiles.${context.name}.${missing} is not set: mutual TLS needs certFile and keyFile`,
      `profiles.${context.name}.${missing}`,
    );
  }
  return { ...rest, ...files, token };
}

/**
 * Creates the backend of a profile. Errors are `invalid_argument` naming the
 * profile key (`profiles.acme.url`) or the environment variable of `tokenEnv`.
 */
export function createBackendFromProfile(profile: Profile, context: ProfileContext): PomeriumBackend {
  const settings = profileToSettings(profile, context);
  const prefix = `profiles.${context.name}`;
  const keys = ['token', 'url', 'organization', 'cluster', 'timeoutMs', 'caFile', 'certFile', 'keyFile'];
  const sourceNames: SettingSourceNames = Object.fromEntries(
    [...keys, 'serverName', 'plaintext'].map((key) => [key, `${prefix}.${key}`]),
  );
  sourceNames.token = profile.tokenEnv ?? `${prefix}.tokenFile`;
  return createBackendFromSettings(settings, sourceNames);
}

/** A backend chosen by name, and what it is. */
export interface NamedBackend {
  /** The backend. */
  backend: PomeriumBackend;
  /** Zero or Enterprise. */
  kind: BackendKind;
  /** The name it was chosen by (`zero`, `enterprise` or a profile name). */
  name: string;
}

/**
 * Creates the backend a name stands for: `zero` or `enterprise` read the
 * environment (`createBackendFromEnv`), any other name is a profile of
 * `profiles`. An unknown name is `invalid_argument` listing the known ones.
 */
export function createNamedBackend(
  name: string,
  options: { profiles?: Profiles; env?: Environment } = {},
): NamedBackend {
  if (name === 'zero' || name === 'enterprise') {
    return { backend: createBackendFromEnv(name, options.env), kind: name, name };
  }
  const profile = options.profiles?.profiles[name];
  if (!profile) {
    const known = ['zero', 'enterprise', ...Object.keys(options.profiles?.profiles ?? {})];
    const where = options.profiles ? ` in ${options.profiles.source}` : ' (no pomerium-unified.yaml found)';
    configError(`unknown endpoint "${name}"${where}; known: ${known.join(', ')}`, 'endpoint');
  }
  return {
    backend: createBackendFromProfile(profile, {
      name,
      ...(options.env ? { env: options.env } : {}),
      ...(options.profiles ? { baseDirectory: options.profiles.baseDirectory } : {}),
    }),
    kind: profile.kind,
    name,
  };
}

import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type * as z from 'zod';
import { configError } from './config-error.js';
import { type Profile, profilesDocumentSchema } from './profile-schema.js';
import { readConfigFile } from './read-config-file.js';

/** The file name profiles are looked up under. */
export const profilesFileName = 'pomerium-unified.yaml';

/** Parsed profiles, with the directory their relative paths resolve against. */
export interface Profiles {
  /** The profiles by name. */
  profiles: Record<string, Profile>;
  /** The file they came from (or the `source` given to {@link parseProfiles}). */
  source: string;
  /** The directory relative `tokenFile`/`caFile`/… paths resolve against. */
  baseDirectory: string;
}

/** Keys that would hold a token inline: refused, the token must come from `tokenEnv` or `tokenFile`. */
const inlineTokenKeys = ['token', 'apiToken', 'apiUserToken', 'serviceAccount', 'serviceAccountToken', 'secret'];

function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.map((part) => (typeof part === 'number' ? `[${part}]` : String(part))).join('.');
}

function refuseInlineTokens(data: unknown, source: string): void {
  if (typeof data !== 'object' || data === null) return;
  const profiles = (data as { profiles?: unknown }).profiles;
  if (typeof profiles !== 'object' || profiles === null) return;
  for (const [name, profile] of Object.entries(profiles)) {
    if (typeof profile !== 'object' || profile === null) continue;
    const key = inlineTokenKeys.find((candidate) => candidate in profile);
    if (key !== undefined) {
      const field = `profiles.${name}.${key}`;
      configError(
        `${source}: ${field}: tokens are never written into ${profilesFileName}; ` +
          'use tokenEnv (the name of an environment variable) or tokenFile (a file path)',
        field,
      );
    }
  }
}

/**
 * Parses a `pomerium-unified.yaml` document and validates it. Errors are
 * `invalid_argument` naming the line or the field; values are never echoed, so
 * a token pasted by mistake does not end up in a terminal log.
 *
 * @example
 * const { profiles } = parseProfiles('profiles:\n  acme:\n    kind: zero\n    tokenEnv: ACME_ZERO_TOKEN\n');
 */
export function parseProfiles(text: string, options: { source?: string; baseDirectory?: string } = {}): Profiles {
  const source = options.source ?? profilesFileName;
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const [syntaxError] = document.errors;
  if (syntaxError) {
    const position = lineCounter.linePos(syntaxError.pos[0]);
    // Only the error code: yaml's message quotes the offending line, which may hold a secret.
    configError(`${source} line ${position.line}: invalid YAML (${syntaxError.code})`, 'profiles');
  }
  const data: unknown = document.toJS();
  refuseInlineTokens(data, source);
  const parsed = profilesDocumentSchema.safeParse(data);
  if (!parsed.success) {
    const [issue] = parsed.error.issues as z.core.$ZodIssue[];
    const field = issue ? formatIssuePath(issue.path) : 'profiles';
    const node = issue ? document.getIn(issue.path as unknown[], true) : undefined;
    const range =
      node && typeof node === 'object' && 'range' in node ? (node.range as number[] | undefined) : undefined;
    const line = range?.[0] === undefined ? '' : ` line ${lineCounter.linePos(range[0]).line}`;
    configError(`${source}${line}: ${field || 'document'}: ${issue?.message ?? 'invalid'}`, field || 'profiles');
  }
  return {
    profiles: parsed.data.profiles,
    source,
    baseDirectory: options.baseDirectory ?? process.cwd(),
  };
}

/** Reads and parses a profiles file; relative paths inside resolve against its directory. */
export function loadProfiles(path: string): Profiles {
  const absolute = resolve(path);
  return parseProfiles(readConfigFile(absolute, 'profiles file'), {
    source: absolute,
    baseDirectory: dirname(absolute),
  });
}

/**
 * Where profiles are looked up when no path is given: `./pomerium-unified.yaml`,
 * then `$XDG_CONFIG_HOME/pomerium-unified/pomerium-unified.yaml` (default
 * `~/.config/…`). Returns undefined when neither exists.
 */
export function findProfilesFile(
  options: { cwd?: string; env?: Readonly<Record<string, string | undefined>> } = {},
): string | undefined {
  const env = options.env ?? process.env;
  const configHome = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  const candidates = [
    join(options.cwd ?? process.cwd(), profilesFileName),
    join(configHome, 'pomerium-unified', profilesFileName),
  ];
  return candidates.find((candidate) => existsSync(candidate));
}

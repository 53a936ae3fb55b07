import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { configError } from './config-error.js';

/** Expands a leading `~/` and resolves a relative path against `baseDirectory`. */
export function resolveConfigPath(path: string, baseDirectory: string): string {
  const expanded = path === '~' || path.startsWith('~/') ? `${homedir()}${path.slice(1)}` : path;
  return isAbsolute(expanded) ? expanded : resolve(baseDirectory, expanded);
}

/**
 * Reads a file named by a setting (`POMERIUM_ENTERPRISE_CA_FILE`, a profile's
 * `tokenFile`, …). A missing or empty file is an `invalid_argument` naming the
 * setting and the path; the content is never part of a message.
 */
export function readConfigFile(path: string, field: string, options: { trim?: boolean } = {}): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    configError(`${field}: cannot read ${path} (${reason})`, field, error);
  }
  const value = options.trim ? text.trim() : text;
  if (value.trim() === '') configError(`${field}: ${path} is empty`, field);
  return value;
}

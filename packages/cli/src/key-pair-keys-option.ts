import { resolve } from 'node:path';
import type { Secret } from '@pomerium-unified/core';
import { readKeyPairKeys } from '@pomerium-unified/sync';
import type { CommandContext } from './command-context.js';
import { plural } from './format/plural.js';

/** The help text of `--key-pair-keys <dir>`. */
export const keyPairKeysHelp =
  'a directory of PEM private-key files for the key pairs (matched to certificates by public key; never printed)';

/**
 * Reads `--key-pair-keys <dir>`: every file of the directory, keeping the
 * private keys (registered for redaction at once). Reports how many were found
 * and which files were skipped, by name only.
 */
export async function loadKeyPairKeys(dir: string | undefined, context: CommandContext): Promise<Secret[] | undefined> {
  if (dir === undefined) return undefined;
  const path = resolve(context.io.cwd, dir);
  const { keys, skipped } = await readKeyPairKeys(path);
  const skippedText =
    skipped.length > 0 ? `; skipped ${skipped.map((entry) => `${entry.file} (${entry.reason})`).join(', ')}` : '';
  context.report(`Read ${plural(keys.length, 'private key')} from ${path}${skippedText}`);
  return keys;
}

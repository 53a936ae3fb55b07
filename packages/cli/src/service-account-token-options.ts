import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { CliError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { exitCodes } from './exit-codes.js';

/** The command-line options about service accounts and their token file. */
export interface ServiceAccountTokenFlags {
  createServiceAccounts?: boolean;
  serviceAccountTokens?: string;
  overwriteServiceAccountTokens?: boolean;
}

/** What the write half needs: where the new tokens go. */
export interface TokenFileChoice {
  /** Absolute path of the token file. */
  path: string;
  /** Replace an existing file. */
  overwrite: boolean;
}

/** Adds `--create-service-accounts`, `--service-account-tokens <file>` and `--overwrite-service-account-tokens`. */
export function addServiceAccountTokenOptions(command: Command, canCreate: boolean): Command {
  if (canCreate) {
    command.option(
      '--create-service-accounts',
      'create the source service accounts the target lacks (needs --service-account-tokens)',
    );
  }
  return command
    .option(
      '--service-account-tokens <file>',
      'write the new service-account tokens to this file only (mode 600, one JSON object per line)',
    )
    .option('--overwrite-service-account-tokens', 'replace the token file if it exists (default: refuse)');
}

/**
 * Checks the token options before anything is read or written:
 * `--create-service-accounts` needs `--service-account-tokens`, and an existing
 * token file is refused unless `--overwrite-service-account-tokens`. Tokens are
 * never printed: the file is the only place they go.
 */
export function parseTokenFileOptions(flags: ServiceAccountTokenFlags, io: CliIo): TokenFileChoice | undefined {
  if (flags.createServiceAccounts && !flags.serviceAccountTokens) {
    throw new CliError(
      '--create-service-accounts needs --service-account-tokens <file>: the new tokens are written only to that file',
      exitCodes.error,
    );
  }
  if (!flags.serviceAccountTokens) return undefined;
  const path = resolve(io.cwd, flags.serviceAccountTokens);
  const overwrite = flags.overwriteServiceAccountTokens === true;
  if (!overwrite && existsSync(path)) {
    throw new CliError(
      `The token file ${path} exists already; pass --overwrite-service-account-tokens to replace it`,
      exitCodes.error,
    );
  }
  return { path, overwrite };
}

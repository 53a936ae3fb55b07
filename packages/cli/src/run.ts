import { readFileSync } from 'node:fs';
import { PomeriumError } from '@pomerium-unified/core';
import { SyncFidelityError } from '@pomerium-unified/sync';
import { Command, CommanderError } from 'commander';
import { CliError } from './cli-error.js';
import { type CliIo, processIo } from './cli-io.js';
import type { CommandContext, CommandRunner } from './command-context.js';
import { registerApplyCommand } from './commands/apply-command.js';
import { registerDiffCommand } from './commands/diff-command.js';
import { registerExportCommand } from './commands/export-command.js';
import { registerInventoryCommand } from './commands/inventory-command.js';
import { registerMigrateCommand } from './commands/migrate-command.js';
import { registerPlanCommand } from './commands/plan-command.js';
import { EndpointResolver } from './endpoints.js';
import { type ExitCode, exitCodes } from './exit-codes.js';
import { colorsFor } from './format/colors.js';
import { formatFidelityReport } from './format/format-fidelity-report.js';
import { reportWidth } from './format/wrap-text.js';
import { type JsonResult, jsonFormatVersion, toJsonError } from './json-result.js';

/** The version `--version` prints: this package's version (src/ and dist/ both sit beside package.json). */
export const cliVersion: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof CliError) return error.exitCode;
  if (error instanceof SyncFidelityError) return exitCodes.fidelity;
  return exitCodes.error;
}

/** One line (or a few) for an error: the code and message of a PomeriumError, never its cause. */
function describeError(error: unknown): string {
  if (error instanceof PomeriumError) {
    const where = error.field && !error.message.includes(error.field) ? ` (${error.field})` : '';
    return `${error.code}: ${error.message}${where}`;
  }
  return error instanceof Error ? error.message : String(error);
}

function createProgram(io: CliIo, runCommand: CommandRunner): Command {
  const program = new Command('pomerium-unified')
    .description(
      'Inventory, export, diff, plan, apply and migrate Pomerium Zero and Enterprise configuration.\n' +
        'Endpoints: zero and enterprise read POMERIUM_* environment variables; other names are profiles\n' +
        'of pomerium-unified.yaml; file:<path> is a config document. Secrets come only from the\n' +
        'environment or files, never from flags.',
    )
    .version(cliVersion)
    .option('--profiles <file>', 'profiles file (default ./pomerium-unified.yaml, then ~/.config/pomerium-unified/)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      getOutHelpWidth: () => Math.min(io.stdout.columns ?? 100, 100),
      getErrHelpWidth: () => Math.min(io.stderr.columns ?? 100, 100),
    })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `
Example:
  $ export POMERIUM_ENTERPRISE_URL=https://console-api.example.com POMERIUM_SERVICE_ACCOUNT=…
  $ export POMERIUM_ZERO_API_TOKEN=…
  $ pomerium-unified migrate --from enterprise --to zero --dry-run

Exit codes: 0 done or no difference, 1 error (incl. a partly failed apply), 2 diff, plan or
--dry-run found differences, 3 refused because of fidelity problems.`,
    );
  for (const register of [
    registerInventoryCommand,
    registerExportCommand,
    registerDiffCommand,
    registerPlanCommand,
    registerApplyCommand,
    registerMigrateCommand,
  ]) {
    register(program, runCommand);
  }
  return program;
}

/**
 * Runs `pomerium-unified` with `argv` (the arguments after the program name)
 * on `io`, and resolves to the exit code (0 done or no difference, 1 error,
 * 2 differences, 3 refused for fidelity). It never calls `process.exit`, so
 * it can run in-process (tests, the demo).
 *
 * @example
 * process.exitCode = await run(['migrate', '--from', 'enterprise', '--to', 'zero', '--dry-run']);
 */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: ExitCode = exitCodes.ok;
  let program: Command | undefined;
  const runCommand: CommandRunner = async (command, options, implementation) => {
    const json = options.json === true;
    const reportStream = json ? io.stderr : io.stdout;
    const endpoints = new EndpointResolver(io, program?.opts<{ profiles?: string }>().profiles);
    const context: CommandContext = {
      io,
      json,
      colors: colorsFor(reportStream, io.env),
      errorColors: colorsFor(io.stderr, io.env),
      endpoints,
      width: reportWidth(reportStream.columns),
      report: (text) => reportStream.write(`${text}\n`),
    };
    const emit = (result: Omit<JsonResult, 'formatVersion' | 'command'>) => {
      if (json)
        io.stdout.write(`${JSON.stringify({ formatVersion: jsonFormatVersion, command, ...result }, null, 2)}\n`);
    };
    try {
      const outcome = await implementation(context);
      exitCode = outcome.exitCode;
      emit({ status: outcome.status, exitCode: outcome.exitCode, ...outcome.json });
    } catch (error) {
      exitCode = exitCodeOf(error);
      if (error instanceof SyncFidelityError) {
        context.report(formatFidelityReport(error.issues, 'the target', context.colors));
      }
      io.stderr.write(`${context.errorColors.red('Error:')} ${describeError(error)}\n`);
      emit({
        status: exitCode === exitCodes.fidelity ? 'refused' : 'error',
        exitCode,
        error: toJsonError(error),
        ...(error instanceof SyncFidelityError ? { fidelity: error.issues } : {}),
      });
    } finally {
      await endpoints.close();
    }
  };
  program = createProgram(io, runCommand);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : exitCodes.error;
    }
    if (error instanceof CliError || error instanceof PomeriumError) {
      io.stderr.write(`Error: ${describeError(error)}\n`);
      return exitCodeOf(error);
    }
    throw error;
  }
  return exitCode;
}

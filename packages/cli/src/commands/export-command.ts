import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { exportConfig, stringifyConfig } from '@pomerium-unified/sync';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import type { CommandRunner } from '../command-context.js';
import { endpointHelp } from '../endpoints.js';
import { exitCodes } from '../exit-codes.js';
import { collectRepeated } from '../namespace-map-option.js';

/** Options of `pomerium-unified export`. */
export interface ExportCommandOptions {
  from: string;
  output?: string;
  includeSecrets?: boolean;
  format?: string;
  namespace?: string[];
}

/** `export --from <ep> [-o file] [--include-secrets]`: a deployment as a versioned YAML or JSON document. */
export function registerExportCommand(program: Command, runCommand: CommandRunner): void {
  program
    .command('export')
    .description('write what a deployment holds as a config document (no ids; secrets masked unless asked)')
    .requiredOption('--from <endpoint>', `where to read: ${endpointHelp}`)
    .option('-o, --output <file>', 'write to this file instead of stdout (.json selects JSON)')
    .option('--format <format>', 'yaml or json (default: from the file name, else yaml)')
    .option('--include-secrets', 'keep secret values (client secrets, tokens) instead of a marker; file mode 600')
    .option('--namespace <path>', 'only this namespace and those below it (repeatable)', collectRepeated)
    .addHelpText(
      'after',
      `
Examples:
  $ pomerium-unified export --from enterprise -o enterprise.yaml
  $ pomerium-unified export --from zero --namespace calm-river-4821/Production --format json`,
    )
    .action((options: ExportCommandOptions) =>
      runCommand('export', {}, async (context) => {
        const format = options.format ?? (options.output && /\.json$/i.test(options.output) ? 'json' : 'yaml');
        if (format !== 'yaml' && format !== 'json') {
          throw new CliError(`--format ${JSON.stringify(format)}: expected yaml or json`, exitCodes.error);
        }
        const source = await context.endpoints.open(options.from, { allowFile: true });
        const config =
          source.type === 'file'
            ? source.config
            : await exportConfig(source.client, {
                ...(options.includeSecrets ? { includeSecrets: true } : {}),
                ...(options.namespace?.length ? { namespaces: options.namespace } : {}),
                onNotice: (message) => context.io.stderr.write(`${message}\n`),
                ...(context.io.signal ? { signal: context.io.signal } : {}),
              });
        const text = stringifyConfig(config, { format });
        if (options.output) {
          const path = resolve(context.io.cwd, options.output);
          await writeFile(path, text, options.includeSecrets ? { mode: 0o600 } : {});
          context.io.stderr.write(
            `Exported ${config.namespaces.length} namespaces, ${config.policies.length} policies, ` +
              `${config.routes.length} routes${config.settings ? ', the settings' : ''} and ` +
              `${config.serviceAccounts?.length ?? 0} service accounts (without tokens) to ${path}\n`,
          );
        } else {
          context.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
        }
        return { exitCode: exitCodes.ok, status: 'done' };
      }),
    );
}

import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import type { CommandRunner } from '../command-context.js';
import { exitCodes } from '../exit-codes.js';
import { keyPairKeysHelp, loadKeyPairKeys } from '../key-pair-keys-option.js';
import { collectNamespaceMapping, parseConcurrency, parseNamespaceMap } from '../namespace-map-option.js';
import { readPlanFile } from '../read-plan-file.js';
import {
  addServiceAccountTokenOptions,
  parseTokenFileOptions,
  type ServiceAccountTokenFlags,
} from '../service-account-token-options.js';
import { executePlan } from './execute-plan.js';
import { makePlan } from './make-plan.js';

/** Options of `pomerium-unified apply`. */
export interface ApplyCommandOptions extends ServiceAccountTokenFlags {
  file?: string;
  plan?: string;
  to: string;
  namespaceMap?: string[];
  dryRun?: boolean;
  allowLossy?: boolean;
  prune?: boolean;
  concurrency: number;
  idMap?: string;
  keyPairKeys?: string;
  json?: boolean;
  yes?: boolean;
}

/** `apply (-f config | --plan plan.json) --to <ep>`: writes a document or a saved plan to a deployment. */
export function registerApplyCommand(program: Command, runCommand: CommandRunner): void {
  const command = program
    .command('apply')
    .description('write a config document (-f) or a saved plan (--plan) to a deployment')
    .option('-f, --file <config>', 'a config document (YAML or JSON) from `export`')
    .option('--plan <plan.json>', 'a plan saved by `plan -o`; refused when the target changed since')
    .requiredOption('--to <endpoint>', 'the deployment to write: zero, enterprise or a profile name')
    .option(
      '--namespace-map <SRC=DST>',
      'with -f: put namespace SRC at target path DST (repeatable)',
      collectNamespaceMapping,
    )
    .option('--prune', 'with -f: also delete what the document does not hold, inside its namespaces')
    .option('--dry-run', 'print the fidelity report and the plan, write nothing (exit 2 when there are changes)')
    .option('--allow-lossy', 'write even what the target cannot fully represent, dropping it')
    .option('--concurrency <n>', 'writes in flight at once (1-64)', parseConcurrency, 8)
    .option('--id-map <file>', 'write the source id → target id map as JSON')
    .option('--key-pair-keys <dir>', keyPairKeysHelp)
    .option('--json', 'print one machine-readable result on stdout')
    .option('-y, --yes', 'write without asking (needed when there is no terminal)');
  addServiceAccountTokenOptions(command, true)
    .addHelpText(
      'after',
      `
Examples:
  $ pomerium-unified apply -f production.yaml --to zero --dry-run
  $ pomerium-unified plan --from enterprise --to zero -o plan.json && pomerium-unified apply --plan plan.json --to zero --yes`,
    )
    .action((options: ApplyCommandOptions) =>
      runCommand('apply', options, async (context) => {
        if ((options.file === undefined) === (options.plan === undefined)) {
          throw new CliError('apply needs exactly one of -f <config> or --plan <plan.json>', exitCodes.error);
        }
        if (options.plan !== undefined && (options.namespaceMap?.length || options.prune)) {
          throw new CliError(
            '--namespace-map and --prune belong to planning; a saved plan already holds them',
            exitCodes.error,
          );
        }
        if (options.plan !== undefined && options.createServiceAccounts) {
          throw new CliError(
            '--create-service-accounts belongs to planning; a saved plan already holds its creates',
            exitCodes.error,
          );
        }
        const tokenFile = parseTokenFileOptions(options, context.io);
        const target = context.endpoints.openDeployment(options.to);
        const keyPairKeys = await loadKeyPairKeys(options.keyPairKeys, context);
        const plan =
          options.plan !== undefined
            ? await readPlanFile(context.io, options.plan)
            : await makePlan(
                await context.endpoints.readDocument(options.file ?? ''),
                target,
                {
                  namespaceMap: parseNamespaceMap(options.namespaceMap),
                  prune: options.prune,
                  keyPairKeys,
                  createServiceAccounts: options.createServiceAccounts,
                },
                context,
              );
        return executePlan(
          plan,
          {
            target,
            dryRun: options.dryRun,
            allowLossy: options.allowLossy,
            yes: options.yes,
            concurrency: options.concurrency,
            keyPairKeys,
            ...(options.idMap ? { idMapPath: options.idMap } : {}),
            tokenFile,
          },
          context,
        );
      }),
    );
}

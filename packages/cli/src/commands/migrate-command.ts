import type { Command } from 'commander';
import type { CommandRunner } from '../command-context.js';
import { endpointHelp } from '../endpoints.js';
import { keyPairKeysHelp, loadKeyPairKeys } from '../key-pair-keys-option.js';
import {
  collectNamespaceMapping,
  collectRepeated,
  parseConcurrency,
  parseNamespaceMap,
} from '../namespace-map-option.js';
import {
  addServiceAccountTokenOptions,
  parseTokenFileOptions,
  type ServiceAccountTokenFlags,
} from '../service-account-token-options.js';
import { executePlan } from './execute-plan.js';
import { makePlan } from './make-plan.js';

/** Options of `pomerium-unified migrate`. */
export interface MigrateCommandOptions extends ServiceAccountTokenFlags {
  from: string;
  to: string;
  namespaceMap: string[];
  namespace: string[];
  dryRun?: boolean;
  allowLossy?: boolean;
  prune?: boolean;
  concurrency: number;
  idMap?: string;
  keyPairKeys?: string;
  json?: boolean;
  yes?: boolean;
  settings?: boolean;
}

/** `migrate --from <ep> --to <ep>`: export + plan + apply in one step. */
export function registerMigrateCommand(program: Command, runCommand: CommandRunner): void {
  const command = program
    .command('migrate')
    .description('copy namespaces, policies and routes from one deployment to another (export + plan + apply)')
    .requiredOption('--from <endpoint>', `where to read: ${endpointHelp}`)
    .requiredOption('--to <endpoint>', 'the deployment to write: zero, enterprise or a profile name')
    .option(
      '--namespace-map <SRC=DST>',
      'put source namespace SRC at target path DST (repeatable)',
      collectNamespaceMapping,
    )
    .option('--namespace <path>', 'only this source namespace and those below it (repeatable)', collectRepeated)
    .option('--dry-run', 'print the fidelity report and the plan, write nothing (exit 2 when there are changes)')
    .option('--allow-lossy', 'write even what the target cannot fully represent, dropping it (listed at the end)')
    .option('--prune', 'also delete target objects the source does not hold, inside the mapped namespaces')
    .option('--concurrency <n>', 'writes in flight at once (1-64)', parseConcurrency, 8)
    .option('--id-map <file>', 'write the source id → target id map as JSON')
    .option('--key-pair-keys <dir>', keyPairKeysHelp)
    .option('--json', 'print one machine-readable result on stdout')
    .option('-y, --yes', 'write without asking (needed when there is no terminal)')
    .option('--no-settings', 'leave the settings out (by default the fields that differ are updated)');
  addServiceAccountTokenOptions(command, true)
    .addHelpText(
      'after',
      `
Examples:
  $ pomerium-unified migrate --from enterprise --to zero --dry-run
  $ pomerium-unified migrate --from enterprise --to zero --key-pair-keys ./keys --yes
  $ pomerium-unified migrate --from enterprise --to zero \\
      --namespace-map "Global/Production=calm-river-4821/Production" --yes --id-map ids.json
  $ pomerium-unified migrate --from enterprise --to zero --create-service-accounts \\
      --service-account-tokens tokens.jsonl --yes

Exit codes: 0 done (or nothing to change), 1 error or partly failed, 2 --dry-run found changes,
3 refused because the target cannot represent something (see the fidelity report).`,
    )
    .action((options: MigrateCommandOptions) =>
      runCommand('migrate', options, async (context) => {
        const namespaceMap = parseNamespaceMap(options.namespaceMap);
        const tokenFile = parseTokenFileOptions(options, context.io);
        const source = await context.endpoints.open(options.from, { allowFile: true });
        const target = context.endpoints.openDeployment(options.to);
        const keyPairKeys = await loadKeyPairKeys(options.keyPairKeys, context);
        const plan = await makePlan(
          source,
          target,
          {
            namespaceMap,
            namespaces: options.namespace,
            prune: options.prune,
            keyPairKeys,
            createServiceAccounts: options.createServiceAccounts,
            settings: options.settings,
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

import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CommandRunner } from '../command-context.js';
import { endpointHelp } from '../endpoints.js';
import { exitCodes } from '../exit-codes.js';
import { formatFidelityReport } from '../format/format-fidelity-report.js';
import { formatPlan } from '../format/format-plan.js';
import { formatPlanNotice } from '../format/format-sync-notices.js';
import { planToJson } from '../json-result.js';
import { keyPairKeysHelp, loadKeyPairKeys } from '../key-pair-keys-option.js';
import { collectNamespaceMapping, collectRepeated, parseNamespaceMap } from '../namespace-map-option.js';
import { makePlan } from './make-plan.js';

/** Options of `pomerium-unified plan`. */
export interface PlanCommandOptions {
  from: string;
  to: string;
  output?: string;
  namespaceMap?: string[];
  namespace?: string[];
  prune?: boolean;
  keyPairKeys?: string;
  json?: boolean;
  createServiceAccounts?: boolean;
  settings?: boolean;
}

/** `plan --from <ep|file> --to <ep> [-o plan.json]`: what an apply would write, and what it would lose. */
export function registerPlanCommand(program: Command, runCommand: CommandRunner): void {
  program
    .command('plan')
    .description('show (and save) the writes that would bring a deployment to what a source holds')
    .requiredOption('--from <endpoint>', `the desired state: ${endpointHelp}`)
    .requiredOption('--to <endpoint>', 'the deployment to plan for: zero, enterprise or a profile name')
    .option('-o, --output <plan.json>', 'save the plan for `apply --plan` (it may hold secrets: written mode 600)')
    .option(
      '--namespace-map <SRC=DST>',
      'put source namespace SRC at target path DST (repeatable)',
      collectNamespaceMapping,
    )
    .option('--namespace <path>', 'only this source namespace and those below it (repeatable)', collectRepeated)
    .option('--prune', 'also plan deletes of target objects the source does not hold, inside the mapped namespaces')
    .option('--key-pair-keys <dir>', keyPairKeysHelp)
    .option('--create-service-accounts', 'plan creates of the source service accounts the target lacks')
    .option('--no-settings', 'leave the settings out (from a deployment)')
    .option('--json', 'print one machine-readable result on stdout')
    .addHelpText(
      'after',
      `
Examples:
  $ pomerium-unified plan --from enterprise --to zero
  $ pomerium-unified plan --from file:production.yaml --to enterprise -o plan.json

Exit codes: 0 nothing to change, 1 error, 2 changes planned.`,
    )
    .action((options: PlanCommandOptions) =>
      runCommand('plan', options, async (context) => {
        const source = await context.endpoints.open(options.from, { allowFile: true });
        const target = context.endpoints.openDeployment(options.to);
        const plan = await makePlan(
          source,
          target,
          {
            namespaceMap: parseNamespaceMap(options.namespaceMap),
            namespaces: options.namespace,
            prune: options.prune,
            keyPairKeys: await loadKeyPairKeys(options.keyPairKeys, context),
            createServiceAccounts: options.createServiceAccounts,
            settings: options.settings,
          },
          context,
        );
        context.report(formatFidelityReport(plan.fidelity, target.name, context.colors, { width: context.width }));
        context.report(formatPlan(plan, target.name, context.colors, { details: true }));
        const pending = formatPlanNotice(plan, target.name, context.colors, context.width);
        if (pending) context.report(pending);
        if (options.output) {
          const path = resolve(context.io.cwd, options.output);
          await writeFile(path, `${JSON.stringify(plan, null, 2)}\n`, { mode: 0o600 });
          context.report(
            `Plan saved to ${path}; apply it with: pomerium-unified apply --plan ${options.output} --to ${options.to}`,
          );
        }
        const changed = plan.changes.length > 0;
        return {
          exitCode: changed ? exitCodes.differences : exitCodes.ok,
          status: changed ? 'differences' : 'no-changes',
          json: { plan: planToJson(plan), fidelity: plan.fidelity },
        };
      }),
    );
}

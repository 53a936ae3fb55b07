import { collectInventory } from '@pomerium-unified/sync';
import type { Command } from 'commander';
import type { CommandRunner } from '../command-context.js';
import { exitCodes } from '../exit-codes.js';
import { formatInventoryTree } from '../format/format-inventory-tree.js';

/** Options of `pomerium-unified inventory`. */
export interface InventoryCommandOptions {
  from: string;
  json?: boolean;
}

/** `inventory --from <ep>`: namespaces, policies and routes as a tree with counts. */
export function registerInventoryCommand(program: Command, runCommand: CommandRunner): void {
  program
    .command('inventory')
    .description('list namespaces, policies and routes of a deployment as a tree with counts')
    .requiredOption('--from <endpoint>', 'the deployment to read: zero, enterprise or a profile name')
    .option('--json', 'print one machine-readable result on stdout')
    .addHelpText(
      'after',
      `
Example:
  $ POMERIUM_ZERO_API_TOKEN=… pomerium-unified inventory --from zero`,
    )
    .action((options: InventoryCommandOptions) =>
      runCommand('inventory', options, async (context) => {
        const source = context.endpoints.openDeployment(options.from);
        const inventory = await collectInventory(source.client, context.io.signal ? { signal: context.io.signal } : {});
        context.report(formatInventoryTree(`${source.name}:`, inventory, context.colors));
        return {
          exitCode: exitCodes.ok,
          status: 'done',
          json: {
            inventory: inventory.map((entry) => ({
              path: entry.path,
              kind: entry.namespace.kind,
              policies: entry.policies,
              routes: entry.routes,
            })),
          },
        };
      }),
    );
}

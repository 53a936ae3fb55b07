import { diffConfigs, exportConfig, type PomeriumConfig } from '@pomerium-unified/sync';
import type { Command } from 'commander';
import type { CommandContext, CommandRunner } from '../command-context.js';
import { endpointHelp } from '../endpoints.js';
import { exitCodes } from '../exit-codes.js';
import { formatConfigDiff } from '../format/format-config-diff.js';
import { diffToJson } from '../json-result.js';
import { collectNamespaceMapping, parseNamespaceMap } from '../namespace-map-option.js';

/** Options of `pomerium-unified diff`. */
export interface DiffCommandOptions {
  namespaceMap?: string[];
  json?: boolean;
}

async function readSide(spec: string, context: CommandContext): Promise<PomeriumConfig> {
  const endpoint = await context.endpoints.open(spec, { allowFile: true });
  if (endpoint.type === 'file') return endpoint.config;
  return exportConfig(endpoint.client, context.io.signal ? { signal: context.io.signal } : {});
}

/** `diff <a> <b>`: compares two deployments or documents by meaning. */
export function registerDiffCommand(program: Command, runCommand: CommandRunner): void {
  program
    .command('diff')
    .description('compare two deployments or config documents (names, PPL by meaning, settings; never ids)')
    .argument('<a>', endpointHelp)
    .argument('<b>', endpointHelp)
    .option(
      '--namespace-map <SRC=DST>',
      "compare a's namespace SRC with b's namespace DST (repeatable)",
      collectNamespaceMapping,
    )
    .option('--json', 'print one machine-readable result on stdout')
    .addHelpText(
      'after',
      `
Examples:
  $ pomerium-unified diff enterprise zero --namespace-map "Production=calm-river-4821/Production"
  $ pomerium-unified diff file:before.yaml zero

Exit codes: 0 no difference, 1 error, 2 differences found.`,
    )
    .action((a: string, b: string, options: DiffCommandOptions) =>
      runCommand('diff', options, async (context) => {
        const namespaceMap = parseNamespaceMap(options.namespaceMap);
        const [left, right] = await Promise.all([readSide(a, context), readSide(b, context)]);
        const diff = diffConfigs(left, right, namespaceMap ? { namespaceMap } : {});
        context.report(formatConfigDiff(diff, a, b, context.colors));
        return {
          exitCode: diff.equal ? exitCodes.ok : exitCodes.differences,
          status: diff.equal ? 'no-changes' : 'differences',
          json: { diff: diffToJson(diff) },
        };
      }),
    );
}

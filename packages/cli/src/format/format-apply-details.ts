import type { ApplyResult } from '@pomerium-unified/sync';
import type { Colors } from './colors.js';
import { plural } from './plural.js';

/**
 * What an apply lost or could not do, listed by object: items dropped for
 * fidelity (`--allow-lossy`), fields the server ignored, and failed changes with
 * their error. Empty when there is nothing to list.
 */
export function formatApplyDetails(result: ApplyResult, target: string, colors: Colors): string {
  const lines: string[] = [];
  if (result.dropped.length > 0) {
    lines.push(colors.bold(`Dropped (${target} cannot represent them): ${plural(result.dropped.length, 'item')}`));
    for (const issue of result.dropped) {
      lines.push(`  ${colors.red('✗')} ${issue.kind} ${issue.key}${issue.field ? ` › ${issue.field}` : ''}`);
    }
  }
  if (result.serverDropped.length > 0) {
    lines.push(
      colors.bold(`Ignored by ${target} (written but not stored): ${plural(result.serverDropped.length, 'field')}`),
    );
    for (const entry of result.serverDropped)
      lines.push(`  ${colors.yellow('!')} ${entry.kind} ${entry.key} › ${entry.field}`);
  }
  if (result.failed.length > 0) {
    lines.push(colors.bold(colors.red(`Failed: ${plural(result.failed.length, 'change')}`)));
    for (const failure of result.failed) {
      lines.push(
        `  ${colors.red('✗')} ${failure.kind} ${failure.key}: ${failure.error.code}: ${failure.error.message}`,
      );
    }
  }
  return lines.join('\n');
}

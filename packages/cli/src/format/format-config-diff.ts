import type { ConfigDiff } from '@pomerium-unified/sync';
import type { Colors } from './colors.js';
import { formatValue } from './format-value.js';
import { plural } from './plural.js';

/** Formats the differences between two documents: `+` only in B, `-` only in A, `~` changed with its fields. */
export function formatConfigDiff(diff: ConfigDiff, left: string, right: string, colors: Colors): string {
  if (diff.equal) return `${left} and ${right} hold the same configuration.`;
  const lines = [colors.bold(`${plural(diff.differences.length, 'difference')} between ${left} (-) and ${right} (+):`)];
  for (const difference of diff.differences) {
    if (difference.change === 'added') lines.push(`  ${colors.green('+')} ${difference.kind} ${difference.key}`);
    else if (difference.change === 'removed') lines.push(`  ${colors.red('-')} ${difference.kind} ${difference.key}`);
    else {
      lines.push(`  ${colors.yellow('~')} ${difference.kind} ${difference.key}`);
      for (const field of difference.fields ?? []) {
        const before = formatValue(field.before, field.field, 36);
        const after = formatValue(field.after, field.field, 36);
        lines.push(`      ${field.field}: ${colors.red(before)} → ${colors.green(after)}`);
      }
    }
  }
  return lines.join('\n');
}

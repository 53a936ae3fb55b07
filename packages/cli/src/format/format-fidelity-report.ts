import type { FidelityIssue } from '@pomerium-unified/sync';
import type { Colors } from './colors.js';
import { plural } from './plural.js';
import { wrapText } from './wrap-text.js';

/**
 * Formats the fidelity report: what the target cannot represent, errors first,
 * each with the object, the field and the reason (wrapped at `width`).
 */
export function formatFidelityReport(
  issues: readonly FidelityIssue[],
  target: string,
  colors: Colors,
  options: { width?: number } = {},
): string {
  const width = options.width ?? 100;
  if (issues.length === 0) return `${colors.bold('Fidelity report:')} ${target} can represent everything.`;
  const errors = issues.filter((issue) => issue.severity === 'error');
  const warnings = issues.filter((issue) => issue.severity === 'warning');
  const errorWord = plural(errors.length, 'error');
  const lines = [
    `${colors.bold('Fidelity report:')} ${errorWord}, ${plural(warnings.length, 'warning')} ` +
      `(what ${target} cannot represent)`,
  ];
  for (const issue of [...errors, ...warnings]) {
    const mark = issue.severity === 'error' ? colors.red('✗') : colors.yellow('!');
    const field = issue.field ? ` › ${issue.field}` : '';
    lines.push(`  ${mark} ${issue.kind} ${issue.key}${colors.bold(field)}`);
    lines.push(`      ${wrapText(`${issue.reason} [${issue.rule}]`, width - 6, '      ')}`);
  }
  return lines.join('\n');
}

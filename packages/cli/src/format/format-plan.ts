import type { PlannedChange, SyncPlan } from '@pomerium-unified/sync';
import type { Colors } from './colors.js';
import { formatValue } from './format-value.js';

const marks = { create: '+', update: '~', delete: '-' } as const;

/** The one-line summary of a plan: `3 to create, 1 to update, 0 to delete, 12 unchanged`. */
export function formatPlanSummary(plan: SyncPlan): string {
  const { create, update, delete: remove, unchanged } = plan.summary;
  return `${create} to create, ${update} to update, ${remove} to delete, ${unchanged} unchanged`;
}

function colorOf(change: PlannedChange, colors: Colors): (text: string) => string {
  return change.action === 'create' ? colors.green : change.action === 'delete' ? colors.red : colors.yellow;
}

/**
 * Formats a plan: the summary line, then one line per change (`+ route
 * Production/app`), with the changed fields under updates when `details` is
 * set. At most `maxChanges` changes are listed.
 */
export function formatPlan(
  plan: SyncPlan,
  target: string,
  colors: Colors,
  options: { details?: boolean; maxChanges?: number } = {},
): string {
  const lines = [`${colors.bold(`Plan for ${target}:`)} ${formatPlanSummary(plan)}`];
  const max = options.maxChanges ?? Number.POSITIVE_INFINITY;
  for (const change of plan.changes.slice(0, max)) {
    const color = colorOf(change, colors);
    const fields =
      change.action === 'update' && !options.details && change.diff
        ? colors.dim(` (${change.diff.map((entry) => entry.field).join(', ')})`)
        : '';
    lines.push(`  ${color(marks[change.action])} ${change.kind.padEnd(9)} ${change.key}${fields}`);
    if (options.details && change.action === 'update') {
      for (const entry of change.diff ?? []) {
        const before = formatValue(entry.before, entry.field, 36);
        const after = formatValue(entry.after, entry.field, 36);
        lines.push(`      ${entry.field}: ${colors.red(before)} → ${colors.green(after)}`);
      }
    }
  }
  if (plan.changes.length > max) lines.push(colors.dim(`  … and ${plan.changes.length - max} more`));
  return lines.join('\n');
}

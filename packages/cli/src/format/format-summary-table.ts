import type { ApplyResult, SyncPlan } from '@pomerium-unified/sync';
import Table from 'cli-table3';
import type { Colors } from './colors.js';

/**
 * The summary table printed at the end of an apply: how many objects were
 * created, updated, deleted, left unchanged or failed, and how many fields were
 * dropped for fidelity or by the server.
 */
export function formatSummaryTable(plan: SyncPlan, result: ApplyResult, target: string, colors: Colors): string {
  const table = new Table({
    head: [colors.bold(`Applied to ${target}`), colors.bold('count')],
    style: { head: [], border: [], compact: true },
    colAligns: ['left', 'right'],
  });
  const failed = result.failed.length;
  table.push(
    ['created', String(result.created)],
    ['updated', String(result.updated)],
    ['deleted', String(result.deleted)],
    ['unchanged', String(plan.summary.unchanged)],
    [failed > 0 ? colors.red('failed') : 'failed', failed > 0 ? colors.red(String(failed)) : '0'],
    ['dropped (--allow-lossy)', String(result.dropped.length)],
    ['ignored by the server', String(result.serverDropped.length)],
  );
  return table.toString();
}

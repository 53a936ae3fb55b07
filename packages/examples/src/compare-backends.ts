import type { SnapshotDifference } from '@pomerium-unified/sync';
import Table from 'cli-table3';

// Snapshots and their comparison are public API of @pomerium-unified/sync; the examples only render them.
export {
  type BackendSnapshot,
  compareSnapshots,
  type SnapshotDifference,
  snapshotBackend,
} from '@pomerium-unified/sync';

/** Renders a comparison as a side-by-side terminal table. */
export function formatComparison(leftName: string, rightName: string, rows: SnapshotDifference[]): string {
  const table = new Table({
    head: ['', 'what', leftName, rightName],
    // 100 columns in all, without colour: the demo's output reads the same in a log.
    colWidths: [3, 44, 24, 24],
    style: { head: [], border: [], compact: true },
    wordWrap: true,
    wrapOnWordBoundary: false,
  });
  for (const row of rows) {
    table.push([row.equal ? '✓' : '✗', row.key, row.left ?? '(absent)', row.right ?? '(absent)']);
  }
  return table.toString();
}

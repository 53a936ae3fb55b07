import type { InventoryEntry } from '@pomerium-unified/sync';
import Table from 'cli-table3';

// The inventory is public API of @pomerium-unified/sync; the examples only render it.
export { collectInventory, type InventoryEntry, namespacePaths } from '@pomerium-unified/sync';

/** Renders an inventory as a terminal table. */
export function formatInventory(title: string, entries: InventoryEntry[]): string {
  const table = new Table({ head: ['namespace', 'kind', 'policies', 'routes'], wordWrap: true });
  for (const entry of entries) {
    table.push([entry.path, entry.namespace.kind, entry.policies.join('\n') || '-', entry.routes.join('\n') || '-']);
  }
  return `${title}\n${table.toString()}`;
}

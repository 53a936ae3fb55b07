import type { InventoryEntry } from '@pomerium-unified/sync';

// The inventory is public API of @pomerium-unified/sync; the examples only render it.
export { collectInventory, type InventoryEntry, namespacePaths } from '@pomerium-unified/sync';

/**
 * Formats an inventory for a terminal: each namespace path with its kind, then
 * its policies and routes indented below it (plain text, no colour, so it
 * reads the same in a log).
 */
export function formatInventory(title: string, entries: InventoryEntry[]): string {
  const lines = [title];
  for (const entry of entries) {
    lines.push(`  ${entry.path} (${entry.namespace.kind})`);
    for (const policy of entry.policies) lines.push(`      policy  ${policy}`);
    for (const route of entry.routes) lines.push(`      route   ${route}`);
  }
  return lines.join('\n');
}

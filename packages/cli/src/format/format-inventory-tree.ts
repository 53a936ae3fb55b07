import { type Inventory, type InventoryEntry, parentPathOf, unescapeName } from '@pomerium-unified/sync';
import type { Colors } from './colors.js';
import { plural } from './plural.js';

function nameOf(entry: InventoryEntry): string {
  if (entry.path === '/') return entry.namespace.name;
  return unescapeName(entry.path.slice(entry.path.lastIndexOf('/') + 1));
}

/**
 * Formats an inventory as a tree: each namespace with the counts of what it
 * holds, then its policies and routes, then the namespaces below it. A first
 * line gives the totals.
 */
export function formatInventoryTree(title: string, inventory: Inventory, colors: Colors): string {
  const children = new Map<string | undefined, InventoryEntry[]>();
  const paths = new Set(inventory.map((entry) => entry.path));
  for (const entry of inventory) {
    let parent = parentPathOf(entry.path);
    if (parent !== undefined && !paths.has(parent)) parent = undefined;
    const siblings = children.get(parent) ?? [];
    siblings.push(entry);
    children.set(parent, siblings);
  }
  const totals = inventory.reduce(
    (sum, entry) => ({ policies: sum.policies + entry.policies.length, routes: sum.routes + entry.routes.length }),
    { policies: 0, routes: 0 },
  );
  const lines = [
    `${colors.bold(title)} ${plural(inventory.length, 'namespace')}, ${plural(totals.policies, 'policy')}, ` +
      `${plural(totals.routes, 'route')}`,
  ];
  const walk = (entry: InventoryEntry, prefix: string, last: boolean, top: boolean) => {
    const branch = top ? '' : last ? '└─ ' : '├─ ';
    const counts = colors.dim(
      `${plural(entry.policies.length, 'policy')}, ${plural(entry.routes.length, 'route')}` +
        (entry.namespace.kind === 'namespace' ? '' : ` · ${entry.namespace.kind}`),
    );
    lines.push(`${prefix}${branch}${colors.cyan(nameOf(entry))}  ${counts}`);
    const inner = top ? prefix : `${prefix}${last ? '   ' : '│  '}`;
    const below = children.get(entry.path) ?? [];
    const items = [
      ...entry.policies.map((name) => `${colors.yellow('policy')} ${name}`),
      ...entry.routes.map((route) => `${colors.green('route')}  ${route}`),
    ];
    for (const item of items) lines.push(`${inner}${below.length > 0 ? '│  ' : '   '}${item}`);
    below.forEach((child, index) => {
      walk(child, inner, index === below.length - 1, false);
    });
  };
  for (const entry of children.get(undefined) ?? []) walk(entry, '', true, true);
  return lines.join('\n');
}

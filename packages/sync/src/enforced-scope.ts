import { isWithinPath, parentPathOf, rootPath } from './config-keys.js';
import type { DesiredIndex } from './desired-index.js';
import type { FidelityIssue } from './sync-plan.js';

/**
 * Enforced policies apply to every route of their namespace and below. When a
 * namespace map merges or moves namespaces, that set of routes can change:
 * one `error` per enforced policy whose scope widens (routes it did not guard
 * on the source) or narrows (routes it no longer guards).
 */
export function enforcedScopeIssues(
  desired: DesiredIndex,
  target: { routes: ReadonlyMap<string, unknown> },
  namespaceMap: ReadonlyMap<string, string>,
): FidelityIssue[] {
  if (namespaceMap.size === 0) return [];
  const issues: FidelityIssue[] = [];
  const routes = [...desired.routes.values()];
  for (const [key, policy] of desired.policies) {
    if (!policy.entry.enforced) continue;
    const before = new Set<string>();
    const after = new Set<string>();
    for (const route of routes) {
      if (isWithinPath(route.sourceNamespace, policy.sourceNamespace)) before.add(route.key);
      if (isWithinPath(route.entry.namespace, policy.entry.namespace)) after.add(route.key);
    }
    for (const routeKey of target.routes.keys()) {
      if (!desired.routes.has(routeKey) && isWithinPath(parentPathOf(routeKey) ?? rootPath, policy.entry.namespace)) {
        after.add(routeKey);
      }
    }
    const widened = [...after].filter((routeKey) => !before.has(routeKey));
    const narrowed = [...before].filter((routeKey) => !after.has(routeKey));
    if (widened.length === 0 && narrowed.length === 0) continue;
    const parts = [
      widened.length > 0 ? `widens to ${widened.length} more route(s) (e.g. ${widened[0]})` : '',
      narrowed.length > 0 ? `no longer guards ${narrowed.length} route(s) (e.g. ${narrowed[0]})` : '',
    ].filter(Boolean);
    issues.push({
      severity: 'error',
      kind: 'policy',
      key,
      field: 'enforced',
      rule: 'enforced-scope-changed',
      reason: `the enforced policy's scope changes with the namespace map: it ${parts.join(' and ')}`,
    });
  }
  return issues;
}

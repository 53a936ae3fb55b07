import { createHash } from 'node:crypto';
import type { Route } from '@pomerium-unified/core';
import type { ConfigRoute } from './config-document.js';
import { type EntryContext, policyEntry, routeEntry } from './config-entries.js';
import type { DeploymentState } from './read-deployment.js';

// Document entries are built in a fixed key order (nested keys sorted), so plain JSON is canonical here.
const canonical = (value: unknown): string => JSON.stringify(value);

/**
 * A SHA-256 digest of what a deployment holds, as a plan sees it: every
 * namespace (id, parent, name), policy and route (id and document entry,
 * secrets included) and key pair (id, namespace, name, fingerprint, whether
 * a key is stored), in id order. Timestamps and computed fields do not count.
 */
export function digestDeployment(
  state: DeploymentState,
  entries: { routeEntry?: (route: Route) => ConfigRoute } = {},
): string {
  const hash = createHash('sha256');
  const context: EntryContext = {
    paths: state.paths,
    policies: state.policyLocations,
    includeSecrets: true,
    backend: { name: state.backend, syncRules: state.syncRules },
  };
  const byId = <T extends { id: string }>(items: T[]) =>
    [...items].sort((left, right) => (left.id < right.id ? -1 : left.id > right.id ? 1 : 0));
  hash.update(`backend ${state.backend}\n`);
  for (const namespace of byId(state.namespaces)) {
    hash.update(`namespace ${namespace.id} ${namespace.parentId ?? ''} ${canonical(namespace.name)}\n`);
  }
  for (const policy of byId(state.policies))
    hash.update(`policy ${policy.id} ${canonical(policyEntry(policy, context))}\n`);
  for (const route of byId(state.routes)) {
    const entry = entries.routeEntry ? entries.routeEntry(route) : routeEntry(route, context).entry;
    hash.update(`route ${route.id} ${canonical(entry)} ${canonical(route.policyIds)}\n`);
  }
  for (const keyPair of byId(state.keyPairs ?? [])) {
    const { id, namespaceId, name, fingerprint, hasPrivateKey } = keyPair;
    hash.update(`keyPair ${id} ${canonical({ namespaceId, name, fingerprint, hasPrivateKey })}\n`);
  }
  return `sha256:${hash.digest('hex')}`;
}

import { type PomeriumClient, PomeriumError } from '@pomerium-unified/core';
import type { PomeriumConfig } from './config-document.js';
import { configApiVersion, configKind } from './config-document.js';
import { type EntryContext, namespaceEntry, policyEntry, routeEntry } from './config-entries.js';
import { isWithinPath, normalizePath, objectKey, rootPath } from './config-keys.js';
import { addDeploymentExtras, type ExtrasSelection, readDeploymentExtras } from './export-extras.js';
import { keyPairExport, rememberKeyPairFacts } from './export-key-pairs.js';
import { type DeploymentState, readDeployment } from './read-deployment.js';

/** Options of {@link exportConfig}. */
export interface ExportConfigOptions extends ExtrasSelection {
  /** Only these namespace paths and the namespaces below them. Default: everything. */
  namespaces?: string[];
  /** Keep secret values instead of replacing them with a marker. */
  includeSecrets?: boolean;
  /** Hears why the settings or service accounts could not be exported (a backend without them, a Zero backend without a cluster). */
  onNotice?: (message: string) => void;
  /** Aborts the export. */
  signal?: AbortSignal;
}

/** Parses the `namespaces` option: normalised paths, `invalid_argument` naming the bad one. */
export function parseNamespaceSelection(namespaces: string[] | undefined, field = 'namespaces'): string[] | undefined {
  if (namespaces === undefined) return undefined;
  if (!Array.isArray(namespaces)) {
    throw new PomeriumError(`${field} must be an array of namespace paths`, { code: 'invalid_argument', field });
  }
  return namespaces.map((path, index) => {
    const normalized = typeof path === 'string' ? normalizePath(path) : undefined;
    if (normalized === undefined) {
      throw new PomeriumError(`${field}[${index}] is not a namespace path: ${JSON.stringify(path)}`, {
        code: 'invalid_argument',
        field: `${field}[${index}]`,
      });
    }
    return normalized;
  });
}

/** Builds a document from a deployment already read; `ids` receives each entry's key → source id. */
export function configFromDeployment(
  state: DeploymentState,
  options: { namespaces?: string[]; includeSecrets?: boolean; ids?: Map<string, string> } = {},
): PomeriumConfig {
  const selection = options.namespaces;
  const selected = (path: string) => !selection || selection.some((ancestor) => isWithinPath(path, ancestor));
  const context: EntryContext = {
    paths: state.paths,
    policies: state.policyLocations,
    includeSecrets: options.includeSecrets === true,
    backend: { name: state.backend, syncRules: state.syncRules },
  };
  const ids = options.ids;
  const keyPairs = keyPairExport(state, ids);
  const namespaces = state.namespaces
    .map((namespace) => ({ namespace, path: state.paths.get(namespace.id) ?? namespace.name }))
    .filter(({ path }) => path !== rootPath && selected(path))
    .sort((left, right) => compare(left.path, right.path))
    .map(({ namespace, path }) => {
      ids?.set(`namespace:${path}`, namespace.id);
      return namespaceEntry(namespace, path, context.backend);
    });
  const policies = state.policies
    .map((policy) => {
      const entry = policyEntry(policy, context);
      ids?.set(`policy:${objectKey(entry.namespace, entry.name)}`, policy.id);
      return entry;
    })
    .filter((entry) => selected(entry.namespace))
    .sort((left, right) => compare(left.namespace, right.namespace) || compare(left.name, right.name));
  const routes = state.routes
    .map((route) => {
      const { entry, unknownPolicyIds } = routeEntry(route, context);
      if (unknownPolicyIds.length > 0 && selected(entry.namespace)) {
        throw new PomeriumError(
          `Route ${objectKey(entry.namespace, entry.name)} refers to policies the credentials cannot see: ${unknownPolicyIds.join(', ')}`,
          { code: 'failed_precondition', backend: state.backend },
        );
      }
      ids?.set(`route:${objectKey(entry.namespace, entry.name)}`, route.id);
      return keyPairs.refer(entry, selected(entry.namespace));
    })
    .filter((entry) => selected(entry.namespace))
    .sort((left, right) => compare(left.namespace, right.namespace) || compare(left.name, right.name));
  const keyPairEntries = keyPairs.entries(selected);
  const config: PomeriumConfig = {
    apiVersion: configApiVersion,
    kind: configKind,
    source: { backend: state.backend },
    namespaces,
    policies,
    routes,
    ...(keyPairEntries.length > 0 ? { keyPairs: keyPairEntries } : {}),
  };
  return rememberKeyPairFacts(config, keyPairs.facts);
}

function compare(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * Reads a deployment into a versioned, backend-neutral document: namespaces by
 * path, policies and routes by namespace path + name, routes referring to
 * policies by name and to key pairs by certificate fingerprint; key pairs as
 * certificates (never private keys; Zero system key pairs left out); the
 * settings of the client's scope and the service accounts (never their
 * tokens); no ids, timestamps or computed fields; secrets replaced by a marker
 * unless `includeSecrets`. Only read calls are made.
 */
export async function exportConfig(client: PomeriumClient, options: ExportConfigOptions = {}): Promise<PomeriumConfig> {
  const namespaces = parseNamespaceSelection(options.namespaces);
  const [state, extras] = await Promise.all([
    readDeployment(client, options.signal),
    readDeploymentExtras(client, options, options.signal),
  ]);
  const includeSecrets = options.includeSecrets === true;
  const config = configFromDeployment(state, { ...(namespaces ? { namespaces } : {}), includeSecrets });
  return addDeploymentExtras(config, extras, state.paths, {
    includeSecrets,
    reader: { name: state.backend, syncRules: state.syncRules },
    ...(namespaces ? { namespaces } : {}),
    ...(options.onNotice ? { onNotice: options.onNotice } : {}),
  });
}

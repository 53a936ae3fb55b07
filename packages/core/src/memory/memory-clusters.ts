import type { ClusterBackend, SettingsBackend } from '../backend-specification.js';
import type { Cluster } from '../cluster-model.js';
import { cloneWithSecrets } from '../route-secrets.js';
import { Secret } from '../secret.js';
import { type Settings, settingsSecretKeys, settingsSecretListKeys } from '../settings-model.js';
import { snapshotInput } from '../snapshot-input.js';
import { checkMemorySignal, checkMemoryUpdatedAt, type MemoryStore, memoryFail } from './memory-support.js';

/** A cluster of the memory backend, with the namespace it owns. */
export interface MemoryClusterDefinition {
  /** Display name. */
  name: string;
  /** The cluster's own namespace. */
  namespaceId: string;
  /** The namespace above it (undefined when the cluster owns the root). */
  parentNamespaceId: string | undefined;
}

/** Options of the memory clusters and settings. */
export interface MemoryClustersOptions {
  /** Return set secret settings as masked Secrets, as a console that masks them would. Default false. */
  maskSecretSettings?: boolean;
}

/**
 * The memory backend's clusters (read-only) and their settings, one object per
 * cluster; `clusterId` unset addresses the first (default) cluster.
 */
export function createMemoryClusters(
  store: MemoryStore,
  definitions: readonly MemoryClusterDefinition[],
  options: MemoryClustersOptions = {},
): { clusters: ClusterBackend; settings: SettingsBackend } {
  const clusters = new Map<string, Cluster>();
  const settings = new Map<string, Settings>();
  for (const definition of definitions) {
    const timestamp = store.now();
    const cluster: Cluster = {
      // Derived ids: the injected id generator stays for the objects callers create.
      id: `cluster-${definition.namespaceId}`,
      name: definition.name,
      namespaceId: definition.namespaceId,
      parentNamespaceId: definition.parentNamespaceId,
      createdAt: timestamp,
      updatedAt: timestamp,
      extensions: {},
    };
    clusters.set(cluster.id, cluster);
    settings.set(cluster.id, {
      id: `settings-${definition.namespaceId}`,
      clusterId: cluster.id,
      createdAt: timestamp,
      updatedAt: timestamp,
      extensions: {},
    });
  }
  const defaultClusterId = [...clusters.keys()][0];

  const settingsOf = (clusterId: string | undefined): Settings => {
    const id = clusterId ?? defaultClusterId;
    const found = id === undefined ? undefined : settings.get(id);
    return found ?? memoryFail('not_found', `Cluster ${clusterId ?? '(default)'} not found`, 'clusterId');
  };

  const viewSettings = (stored: Settings): Settings => {
    const copy = cloneWithSecrets(stored);
    if (options.maskSecretSettings) {
      const record = copy as unknown as Record<string, unknown>;
      for (const key of settingsSecretKeys) if (record[key] !== undefined) record[key] = Secret.masked();
      for (const key of settingsSecretListKeys) {
        const list = record[key];
        if (Array.isArray(list)) record[key] = list.map(() => Secret.masked());
      }
    }
    return copy;
  };

  return {
    clusters: {
      async list(request) {
        checkMemorySignal(request);
        return [...clusters.values()].map((cluster) => structuredClone(cluster));
      },
      async get(request) {
        checkMemorySignal(request);
        const cluster = clusters.get(request.id) ?? memoryFail('not_found', `Cluster ${request.id} not found`);
        return structuredClone(cluster);
      },
    },
    settings: {
      async get(request) {
        checkMemorySignal(request);
        return viewSettings(settingsOf(request.clusterId));
      },
      async update(request) {
        checkMemorySignal(request);
        snapshotInput(request.patch, 'settings patch');
        const stored = settingsOf(request.clusterId);
        checkMemoryUpdatedAt(request, stored, 'The settings');
        const { extensions, ...fields } = request.patch;
        const updated = cloneWithSecrets(stored) as unknown as Record<string, unknown>;
        for (const [key, value] of Object.entries(fields)) {
          if (value === undefined) continue;
          if (value === null) delete updated[key];
          else updated[key] = cloneWithSecrets(value);
        }
        const result = {
          ...(updated as unknown as Settings),
          extensions: { ...stored.extensions, ...cloneWithSecrets(extensions ?? {}) },
          updatedAt: store.nextUpdatedAt(stored.updatedAt),
        };
        settings.set(stored.clusterId as string, result);
        return viewSettings(result);
      },
    },
  };
}

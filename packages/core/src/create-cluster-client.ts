import type { ClusterBackend } from './backend-specification.js';
import { type CallEnvironment, runCall } from './call-runner.js';
import type { Cluster } from './cluster-model.js';
import { type ClientCallOptions, invalid, readOptions } from './create-resource-client.js';
import { inputLimits } from './input-limits.js';
import { createPageIterable, type PageIterable } from './page-iterable.js';
import { assertId } from './parse-input.js';
import { PomeriumError } from './pomerium-error.js';
import { checkReturnedObject, checkReturnedPage } from './validate-response.js';

/** Client operations on clusters: read-only. */
export interface ClusterClient {
  /** Reads one cluster; rejects with `not_found` when it does not exist. */
  get(id: string, options?: ClientCallOptions): Promise<Cluster>;
  /** Lists every cluster (one backend call: neither console pages clusters). */
  list(options?: ClientCallOptions): PageIterable<Cluster>;
  /**
   * The cluster with exactly this name (the match key across deployments), or
   * undefined; `failed_precondition` naming the ids when several share it.
   */
  findByName(options: { name: string } & ClientCallOptions): Promise<Cluster | undefined>;
}

/** Builds `client.clusters`. */
export function createClusterClient(environment: CallEnvironment, backend: ClusterBackend): ClusterClient {
  const backendName = environment.backendName;
  const listAll = (signal: AbortSignal | undefined) =>
    createPageIterable(async (offset) => {
      if (offset > 0) return { items: [] };
      const items = await runCall(environment, {
        operation: 'clusters.list',
        kind: 'read',
        signal,
        run: async (callOptions) => ({ items: await backend.list(callOptions) }),
        check: (page) => checkReturnedPage(page, { backend: backendName, operation: 'clusters.list' }),
      });
      return { items: items.items, totalCount: items.items.length };
    }, Number.MAX_SAFE_INTEGER);
  return {
    async get(id, options) {
      assertId(id, 'cluster id');
      const { signal } = readOptions(options, 'cluster get options');
      return runCall(environment, {
        operation: 'clusters.get',
        kind: 'read',
        signal,
        run: (callOptions) => backend.get({ ...callOptions, id }),
        check: (value) => checkReturnedObject(value, { backend: backendName, operation: 'clusters.get' }),
      });
    },
    list(options) {
      const { signal } = readOptions(options, 'cluster list options');
      return listAll(signal);
    },
    async findByName(options) {
      const label = 'cluster findByName options';
      const { signal, rest } = readOptions(options, label);
      const { name } = rest;
      if (typeof name !== 'string' || name === '' || name.length > inputLimits.maxStringLength) {
        throw invalid(`Invalid ${label}: name must be a non-empty string`, 'name');
      }
      const found = (await listAll(signal).toArray()).filter((cluster) => cluster.name === name);
      if (found.length > 1) {
        throw new PomeriumError(
          `${found.length} clusters are named "${name}": ${found.map((cluster) => cluster.id).join(', ')}; get by id`,
          { code: 'failed_precondition', backend: backendName, operation: 'clusters.findByName' },
        );
      }
      return found[0];
    },
  };
}

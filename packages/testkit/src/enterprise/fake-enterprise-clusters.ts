import { randomUUID } from 'node:crypto';
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { timestampNow } from '@bufbuild/protobuf/wkt';
import { Code, ConnectError } from '@connectrpc/connect';
import {
  type AddClusterRequest,
  type Cluster,
  ClusterSchema,
  type GetClusterResponse,
  NamespaceSchema,
} from '@pomerium-unified/enterprise-protos';
import type { FakeEnterpriseState, FakeServiceAccount } from './fake-enterprise-state.js';

/** A cluster to load into the fake console: the cluster and where its own namespace hangs. */
export type FakeEnterpriseClusterSeed = MessageInitShape<typeof ClusterSchema> & {
  /** The parent of the cluster's own namespace; the root namespace when omitted. */
  parentNamespaceId?: string;
};

/**
 * The clusters of the fake console (`ClustersService`): each cluster owns a
 * namespace (its `cluster_id` points back) below a parent namespace.
 * `ListClusters` returns records only; `GetCluster` adds the namespace.
 */
export class FakeEnterpriseClusters {
  /** Stored clusters by id. */
  readonly clusters = new Map<string, Cluster>();
  /** The own namespace of each cluster, by cluster id. */
  readonly namespaceOf = new Map<string, string>();
  readonly #state: FakeEnterpriseState;

  constructor(state: FakeEnterpriseState) {
    this.#state = state;
  }

  /** Loads a cluster and creates its namespace, trusting the input. Returns the stored cluster. */
  seed(init: FakeEnterpriseClusterSeed): Cluster {
    const { parentNamespaceId, ...fields } = init;
    return this.#insert(create(ClusterSchema, fields), parentNamespaceId ?? this.#state.rootNamespaceId);
  }

  #insert(cluster: Cluster, parentId: string): Cluster {
    const now = timestampNow();
    cluster.id ||= randomUUID();
    cluster.createdAt ??= now;
    cluster.modifiedAt ??= now;
    const namespaceId = randomUUID();
    this.#state.namespaces.set(
      namespaceId,
      create(NamespaceSchema, {
        id: namespaceId,
        name: cluster.name,
        parentId,
        clusterId: cluster.id,
        createdAt: now,
        modifiedAt: now,
      }),
    );
    this.clusters.set(cluster.id, cluster);
    this.namespaceOf.set(cluster.id, namespaceId);
    return cluster;
  }

  #visible(account: FakeServiceAccount, cluster: Cluster): boolean {
    const namespaceId = this.namespaceOf.get(cluster.id);
    return namespaceId === undefined || this.#state.canSee(account, namespaceId);
  }

  /** ListClusters: every cluster the account may see, records only. */
  list(account: FakeServiceAccount): Cluster[] {
    return [...this.clusters.values()].filter((cluster) => this.#visible(account, cluster)).map((c) => ({ ...c }));
  }

  /** GetCluster: the cluster with its own namespace (settings are added by the settings store when present). */
  get(account: FakeServiceAccount, id: string): Omit<GetClusterResponse, '$typeName'> {
    const cluster = this.clusters.get(id);
    if (!cluster) throw new ConnectError(`cluster ${id} not found`, Code.NotFound);
    if (!this.#visible(account, cluster)) {
      throw new ConnectError(`service account has no access to cluster ${id}`, Code.PermissionDenied);
    }
    const namespace = this.#state.namespaces.get(this.namespaceOf.get(id) ?? '');
    return { cluster: { ...cluster }, ...(namespace ? { namespace: this.#state.viewNamespace(namespace) } : {}) };
  }

  /** AddCluster: a new cluster and its namespace below `parent_namespace_id` (global accounts only). */
  add(account: FakeServiceAccount, request: AddClusterRequest): Omit<GetClusterResponse, '$typeName'> {
    if (account.namespaceId !== undefined) {
      throw new ConnectError('only a global service account can add clusters', Code.PermissionDenied);
    }
    if (!request.cluster) throw new ConnectError('cluster: required', Code.InvalidArgument);
    if (request.cluster.name.trim() === '') throw new ConnectError('name: must not be empty', Code.InvalidArgument);
    if (!this.#state.namespaces.has(request.parentNamespaceId)) {
      throw new ConnectError(
        `parent_namespace_id: namespace ${request.parentNamespaceId} not found`,
        Code.InvalidArgument,
      );
    }
    const cluster = create(ClusterSchema, { ...request.cluster, id: randomUUID() });
    delete cluster.createdAt;
    delete cluster.modifiedAt;
    delete cluster.deletedAt;
    this.#insert(cluster, request.parentNamespaceId);
    return this.get(account, cluster.id);
  }
}

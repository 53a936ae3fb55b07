import { type Client, createClient, type Transport } from '@connectrpc/connect';
import type { Cluster, ClusterBackend } from '@pomerium-unified/core';
import {
  ClustersService,
  type Cluster as ProtoCluster,
  type Namespace as ProtoNamespace,
} from '@pomerium-unified/enterprise-protos';
import { clusterFromProto } from './convert-cluster.js';
import { required, requiredEach, type WireCall, type WireRpc, wireRpc } from './create-wire-call.js';
import { badAnswerError } from './errors.js';

/** The cluster RPCs the adapter makes. */
const rpcs = {
  list: wireRpc('clusters.list', ClustersService.method.listClusters, false),
  get: wireRpc('clusters.get', ClustersService.method.getCluster, false),
} as const;

/** A validated cluster of an answer. */
function clusterOf(cluster: ProtoCluster | undefined, rpc: WireRpc, namespace?: ProtoNamespace): Cluster {
  const checked = required(cluster, rpc, 'a cluster');
  try {
    return clusterFromProto(checked, namespace);
  } catch {
    throw badAnswerError(rpc.operation, `cluster ${checked.id} whose certificate authority is not UTF-8 text`, false);
  }
}

/**
 * The cluster operations of the Enterprise backend (`ClustersService`):
 * list (every cluster not soft-deleted; `ListClusters` carries no namespaces)
 * and get (with the cluster's own namespace).
 */
export function createEnterpriseClusters(context: { call: WireCall; transport: Transport }): ClusterBackend {
  const { call } = context;
  const client: Client<typeof ClustersService> = createClient(ClustersService, context.transport);
  return {
    async list(request) {
      const rpc = rpcs.list;
      const response = await call(rpc, request, (o) => client.listClusters({}, o));
      return requiredEach(response.clusters, rpc, 'a cluster')
        .filter((cluster) => cluster.deletedAt === undefined)
        .map((cluster) => clusterOf(cluster, rpc));
    },
    async get(request) {
      const rpc = rpcs.get;
      const response = await call(rpc, request, (o) => client.getCluster({ id: request.id }, o));
      return clusterOf(response.cluster, rpc, response.namespace);
    },
  };
}

import type { PomeriumBackend } from '@pomerium-unified/core';
import { zeroNamespaceToNamespace } from './convert-namespace.js';
import { zeroAdapterError } from './errors.js';
import type { ZeroCallContext } from './zero-http-client.js';
import type { ZeroOrganizationScope } from './zero-organization-scope.js';
import { zeroContext } from './zero-resource-runtime.js';

const namespacesUnsupported = (operation: string) =>
  zeroAdapterError(
    'unimplemented',
    `Pomerium Zero does not let the API ${operation} namespaces: they are managed through clusters in the Zero console (capabilities.writeNamespaces is false)`,
  );

/**
 * The namespace operations of the Zero backend: read-only (namespaces are
 * managed through clusters), each namespace with its cluster, if any.
 */
export function createZeroNamespaces(organization: ZeroOrganizationScope): PomeriumBackend['namespaces'] {
  const listAll = async (ctx: ZeroCallContext) => {
    const { organizationPath } = await organization.get(ctx);
    const [namespaces, clusters] = await Promise.all([
      organization.listNamespaces(organizationPath, ctx),
      organization.listClusters(organizationPath, ctx),
    ]);
    return namespaces.map((namespace) =>
      zeroNamespaceToNamespace(
        namespace,
        clusters.find((cluster) => cluster.namespaceId === namespace.id),
      ),
    );
  };
  return {
    async list(request) {
      const all = (await listAll(zeroContext('namespaces.list', request))).filter(
        (namespace) => request.parentId === undefined || namespace.parentId === request.parentId,
      );
      return { items: all.slice(request.offset, request.offset + request.limit) };
    },
    async get(request) {
      const namespace = (await listAll(zeroContext('namespaces.get', request))).find(
        (candidate) => candidate.id === request.id,
      );
      if (!namespace) throw zeroAdapterError('not_found', `Namespace ${request.id} not found`);
      return namespace;
    },
    async create() {
      throw namespacesUnsupported('create');
    },
    async update() {
      throw namespacesUnsupported('update');
    },
    async delete() {
      throw namespacesUnsupported('delete');
    },
  };
}

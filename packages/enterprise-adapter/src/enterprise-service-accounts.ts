import { type Client, createClient, type Transport } from '@connectrpc/connect';
import { type IssuedServiceAccount, Secret, type ServiceAccountBackend } from '@pomerium-unified/core';
import { type PomeriumServiceAccount, PomeriumServiceAccountService } from '@pomerium-unified/enterprise-protos';
import { checkExpectedUpdatedAt } from './check-expected-updated-at.js';
import {
  serviceAccountCreateToProto,
  serviceAccountFromProto,
  serviceAccountPatchToProto,
} from './convert-service-account.js';
import { required, requiredEach, type WireCall, type WireRpc, wireRpc } from './create-wire-call.js';
import { badAnswerError } from './errors.js';
import type { KeyedSerializer } from './keyed-serializer.js';

const service = PomeriumServiceAccountService.method;

/** The service-account RPCs the adapter makes. */
const rpcs = {
  list: wireRpc('serviceAccounts.list', service.listPomeriumServiceAccounts, false),
  get: wireRpc('serviceAccounts.get', service.getPomeriumServiceAccount, false),
  create: wireRpc('serviceAccounts.create', service.addPomeriumServiceAccount, true),
  readForUpdate: wireRpc('serviceAccounts.update', service.getPomeriumServiceAccount, false),
  update: wireRpc('serviceAccounts.update', service.setPomeriumServiceAccount, true),
  delete: wireRpc('serviceAccounts.delete', service.deletePomeriumServiceAccount, true),
} as const;

/** What the service-account operations share with the rest of the backend. */
export interface EnterpriseServiceAccountsContext {
  /** The backend's wire call. */
  call: WireCall;
  /** The backend's transport. */
  transport: Transport;
  /** Per-attempt timeout, for operations of several RPCs. */
  timeoutMs: number;
  /** The backend's per-id serialiser of read-modify-write updates. */
  serialize: KeyedSerializer;
  /** `cluster_id` to send, when the backend is bound to a cluster. */
  clusterId: string | undefined;
}

/** The issued account of an Add/Set answer; the token (`JWT` / `jwt`) becomes a redacting Secret. */
function issued(account: PomeriumServiceAccount | undefined, token: string, rpc: WireRpc): IssuedServiceAccount {
  const serviceAccount = serviceAccountFromProto(required(account, rpc, 'a service account'));
  if (token === '') {
    if (rpc === rpcs.create) throw badAnswerError(rpc.operation, 'no token', true);
    return { serviceAccount, token: undefined };
  }
  return { serviceAccount, token: Secret.of(token) };
}

/**
 * The service-account operations of the Enterprise backend
 * (`PomeriumServiceAccountService`): the wire has no paging (lists are paged
 * locally); Add returns the token in `JWT`, Set (a whole-object write, done as
 * read-modify-write) a fresh one in `jwt`. `userId` is the bare name.
 */
export function createEnterpriseServiceAccounts(context: EnterpriseServiceAccountsContext): ServiceAccountBackend {
  const { call, timeoutMs, serialize } = context;
  const client: Client<typeof PomeriumServiceAccountService> = createClient(
    PomeriumServiceAccountService,
    context.transport,
  );
  const cluster = context.clusterId === undefined ? {} : { clusterId: context.clusterId };

  return {
    async list(request) {
      const rpc = rpcs.list;
      const response = await call(rpc, request, (o) =>
        client.listPomeriumServiceAccounts({ namespace: request.namespaceId ?? '', ...cluster }, o),
      );
      const all = requiredEach(response.serviceAccounts, rpc, 'a service account').map(serviceAccountFromProto);
      return { items: all.slice(request.offset, request.offset + request.limit), totalCount: all.length };
    },
    async get(request) {
      const rpc = rpcs.get;
      const response = await call(rpc, request, (o) =>
        client.getPomeriumServiceAccount({ id: request.id, ...cluster }, o),
      );
      return serviceAccountFromProto(required(response.serviceAccount, rpc, 'a service account'));
    },
    async create(request) {
      const rpc = rpcs.create;
      const serviceAccount = serviceAccountCreateToProto(request.input);
      const response = await call(rpc, request, (o) =>
        client.addPomeriumServiceAccount({ serviceAccount, ...cluster }, o),
      );
      return issued(response.serviceAccount, response.JWT, rpc);
    },
    update(request) {
      return serialize(`serviceAccount:${request.id}`, 'serviceAccounts.update', request.signal, async () => {
        const deadline = Date.now() + timeoutMs;
        const read = rpcs.readForUpdate;
        const current = required(
          (
            await call(
              read,
              request,
              (o) => client.getPomeriumServiceAccount({ id: request.id, ...cluster }, o),
              deadline,
            )
          ).serviceAccount,
          read,
          'a service account',
        );
        // The console keeps no modification time for service accounts: expectedUpdatedAt can never match.
        checkExpectedUpdatedAt(request.expectedUpdatedAt, undefined, read.operation, request.id);
        const serviceAccount = serviceAccountPatchToProto(current, request.patch);
        const rpc = rpcs.update;
        const response = await call(
          rpc,
          request,
          (o) => client.setPomeriumServiceAccount({ serviceAccount, ...cluster }, o),
          deadline,
        );
        return issued(response.serviceAccount, response.jwt, rpc);
      });
    },
    async delete(request) {
      await call(rpcs.delete, request, (o) => client.deletePomeriumServiceAccount({ id: request.id, ...cluster }, o));
    },
  };
}

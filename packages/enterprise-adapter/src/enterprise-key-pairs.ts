import { type Client, createClient, type Transport } from '@connectrpc/connect';
import type { KeyPair, KeyPairBackend } from '@pomerium-unified/core';
import { KeyChainService, type KeyPairRecord } from '@pomerium-unified/enterprise-protos';
import { checkExpectedUpdatedAt } from './check-expected-updated-at.js';
import { keyPairCreateToProto, keyPairFromProto, keyPairPatchToProto } from './convert-key-pair.js';
import { required, requiredEach, type WireCall, type WireRpc, wireRpc } from './create-wire-call.js';
import { badAnswerError } from './errors.js';
import type { KeyedSerializer } from './keyed-serializer.js';

/** The key-chain RPCs the adapter makes. */
const rpcs = {
  list: wireRpc('keyPairs.list', KeyChainService.method.listKeyPairs, false),
  get: wireRpc('keyPairs.get', KeyChainService.method.getKeyPair, false),
  create: wireRpc('keyPairs.create', KeyChainService.method.createKeyPair, true),
  readForUpdate: wireRpc('keyPairs.update', KeyChainService.method.getKeyPair, false),
  update: wireRpc('keyPairs.update', KeyChainService.method.updateKeyPair, true),
  delete: wireRpc('keyPairs.delete', KeyChainService.method.deleteKeyPair, true),
} as const;

/** What the key-pair operations share with the rest of the backend. */
export interface EnterpriseKeyPairsContext {
  /** The backend's wire call. */
  call: WireCall;
  /** The backend's transport. */
  transport: Transport;
  /** Per-attempt timeout, for operations of several RPCs. */
  timeoutMs: number;
  /** The backend's per-id serialiser of read-modify-write updates. */
  serialize: KeyedSerializer;
  /** `cluster_id` to send on lists, when the backend is bound to a cluster. */
  clusterId: string | undefined;
}

/** A validated key pair of an answer: certificate bytes must be UTF-8 PEM. */
function keyPairOf(record: KeyPairRecord | undefined, rpc: WireRpc): KeyPair {
  const checked = required(record, rpc, 'a key pair');
  try {
    return keyPairFromProto(checked);
  } catch {
    throw badAnswerError(rpc.operation, `key pair ${checked.id} whose certificate is not UTF-8 text`, rpc.write);
  }
}

/**
 * The key-pair operations of the Enterprise backend (`KeyChainService`).
 * Private keys are written as bytes and never read back; updates send only
 * the fields the patch names (the console updates by presence).
 */
export function createEnterpriseKeyPairs(context: EnterpriseKeyPairsContext): KeyPairBackend {
  const { call, timeoutMs, serialize } = context;
  const client: Client<typeof KeyChainService> = createClient(KeyChainService, context.transport);
  const cluster = context.clusterId === undefined ? {} : { clusterId: context.clusterId };

  return {
    async list(request) {
      const rpc = rpcs.list;
      const response = await call(rpc, request, (o) =>
        client.listKeyPairs(
          {
            namespaceId: request.namespaceId ?? '',
            ...(request.query !== undefined ? { query: request.query } : {}),
            offset: BigInt(request.offset),
            limit: BigInt(request.limit),
            ...cluster,
          },
          o,
        ),
      );
      const total = Number(response.totalCount);
      if (!Number.isSafeInteger(total) || total < 0) {
        throw badAnswerError(rpc.operation, `a total count of ${response.totalCount}`, false);
      }
      const items = requiredEach(response.keyPairs, rpc, 'a key pair').map((record) => keyPairOf(record, rpc));
      return { items, totalCount: total };
    },
    async get(request) {
      const rpc = rpcs.get;
      const response = await call(rpc, request, (o) => client.getKeyPair({ id: request.id }, o));
      return keyPairOf(response.keyPair, rpc);
    },
    async create(request) {
      const rpc = rpcs.create;
      const body = keyPairCreateToProto(request.input);
      const response = await call(rpc, request, (o) => client.createKeyPair(body, o));
      return keyPairOf(response.keyPair, rpc);
    },
    update(request) {
      return serialize(`keyPair:${request.id}`, 'keyPairs.update', request.signal, async () => {
        const deadline = Date.now() + timeoutMs;
        const read = rpcs.readForUpdate;
        const current = required(
          (await call(read, request, (o) => client.getKeyPair({ id: request.id }, o), deadline)).keyPair,
          read,
          'a key pair',
        );
        checkExpectedUpdatedAt(request.expectedUpdatedAt, current.modifiedAt, read.operation, request.id);
        const body = keyPairPatchToProto(request.id, request.patch, current.originatorId);
        const rpc = rpcs.update;
        const response = await call(rpc, request, (o) => client.updateKeyPair(body, o), deadline);
        return keyPairOf(response.keyPair, rpc);
      });
    },
    async delete(request) {
      await call(rpcs.delete, request, (o) => client.deleteKeyPair({ id: request.id }, o));
    },
  };
}

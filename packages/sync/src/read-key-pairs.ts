import { type KeyPair, type PomeriumClient, PomeriumError } from '@pomerium-unified/core';

/**
 * Every key pair of a deployment, or undefined when the backend does not
 * declare `capabilities.keyPairs` or the credentials may not list them (then
 * routes keep their `…KeyPairId` ids and the fidelity report flags them).
 */
export async function readKeyPairs(client: PomeriumClient, signal?: AbortSignal): Promise<KeyPair[] | undefined> {
  if (!client.capabilities.keyPairs) return undefined;
  try {
    return await client.keyPairs.list(signal ? { signal } : {}).toArray();
  } catch (error) {
    if (PomeriumError.hasCode(error, 'permission_denied') || PomeriumError.hasCode(error, 'unimplemented')) {
      return undefined;
    }
    throw error;
  }
}

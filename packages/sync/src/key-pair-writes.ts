import { PomeriumError } from '@pomerium-unified/core';
import type { ConfigRoute } from './config-document.js';
import { keyPairRefFields } from './export-key-pairs.js';

function missingKeyPair(fingerprint: string): never {
  throw new PomeriumError(`Key pair ${fingerprint} does not exist on the target (it was not created)`, {
    code: 'failed_precondition',
  });
}

/** The model's id field of a document field that refers to a key pair by fingerprint; undefined for other fields. */
export function keyPairIdField(field: string): string | undefined {
  return keyPairRefFields.find(([name]) => name === field)?.[1];
}

/** Replaces a route's fingerprint references with the target's key-pair ids (in place); returns the object. */
export function resolveKeyPairRefs<Values extends Record<string, unknown>>(
  keyPairs: ReadonlyMap<string, string> | undefined,
  values: Values,
): Values {
  const record = values as Record<string, unknown>;
  for (const [field, idField] of keyPairRefFields) {
    const fingerprint = record[field];
    if (fingerprint === undefined) continue;
    delete record[field];
    record[idField] = keyPairs?.get(fingerprint as string) ?? missingKeyPair(fingerprint as string);
  }
  return values;
}

/** Sets the id field of a key-pair reference in a route patch (`null` clears it); false for other fields. */
export function keyPairRefPatch(
  patch: Record<string, unknown>,
  field: string,
  entry: ConfigRoute,
  keyPairs: ReadonlyMap<string, string> | undefined,
): boolean {
  const ref = keyPairRefFields.find(([name]) => name === field);
  if (!ref) return false;
  const fingerprint = entry[ref[0]];
  patch[ref[1]] = fingerprint === undefined ? null : (keyPairs?.get(fingerprint) ?? missingKeyPair(fingerprint));
  return true;
}

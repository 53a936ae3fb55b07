import { PomeriumError } from '@pomerium-unified/core';

/**
 * Throws the `invalid_argument` error every configuration problem becomes:
 * `field` names the environment variable or profile key, and the message never
 * contains a value that could be a secret.
 */
export function configError(message: string, field: string, cause?: unknown): never {
  throw new PomeriumError(message, { code: 'invalid_argument', field, ...(cause === undefined ? {} : { cause }) });
}

/**
 * Runs an adapter factory and renames the `field` of its `invalid_argument`
 * errors from the adapter option (`apiUrl`, `tls.cert`, …) to where the value
 * came from (`POMERIUM_ZERO_URL`, `profiles.acme.certFile`, …).
 */
export function withSourceNames<T>(create: () => T, sourceNames: Record<string, string>): T {
  try {
    return create();
  } catch (error) {
    if (PomeriumError.hasCode(error, 'invalid_argument') && error.field !== undefined) {
      const source = sourceNames[error.field] ?? sourceNames[error.field.split('.')[0] ?? ''];
      if (source !== undefined) configError(`${source}: ${error.message}`, source, error);
    }
    throw error;
  }
}

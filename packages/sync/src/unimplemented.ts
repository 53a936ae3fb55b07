import { PomeriumError } from '@pomerium-unified/core';

/** Thrown by parts of the API that are not built yet. */
export function unimplemented(what: string): never {
  throw new PomeriumError(`${what} is not implemented yet`, { code: 'unimplemented' });
}

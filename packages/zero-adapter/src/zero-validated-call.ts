import { toPomeriumError } from './errors.js';
import type { ZeroHttpClient, ZeroRequest } from './zero-http-client.js';

/** Sends a request and validates its answer (see {@link createZeroValidatedCall}). */
export type ZeroValidatedCall = <T>(request: ZeroRequest, parse: (value: unknown) => T) => Promise<T>;

/** Checks an answer with `parse`; a wrong shape is `internal` naming the operation (credentials redacted). */
export function validatedAnswer<T>(
  http: ZeroHttpClient,
  value: unknown,
  parse: (value: unknown) => T,
  operation: string,
  write: boolean,
): T {
  try {
    return parse(value);
  } catch (error) {
    throw toPomeriumError(error, { operation, write, secrets: http.secrets });
  }
}

/** The request function every Zero operation uses: one request, its answer checked by `parse` before use. */
export function createZeroValidatedCall(http: ZeroHttpClient): ZeroValidatedCall {
  return async (request, parse) =>
    validatedAnswer(http, await http.request(request), parse, request.operation, request.method !== 'GET');
}

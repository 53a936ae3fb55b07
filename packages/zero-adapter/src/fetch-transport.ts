import type { ZeroDispatcher } from './zero-options.js';
import { ZeroAttemptTimeoutError, type ZeroTransport } from './zero-transport.js';

/**
 * A {@link ZeroTransport} over a `fetch` (the user's, or the global one with
 * the user's undici dispatcher). One AbortController and one timer per
 * request bound it end to end; the caller's signal aborts it too.
 */
export function createFetchTransport(
  prefixUrl: string,
  fetchImplementation: typeof globalThis.fetch,
  dispatcher: ZeroDispatcher | undefined,
): ZeroTransport {
  return {
    async send(request, signal, timeoutMs) {
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
      const onAbort = () => controller.abort();
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        const init: {
          method: string;
          headers: Record<string, string>;
          signal: AbortSignal;
          body?: string;
          dispatcher?: ZeroDispatcher;
          // A copy: a user's fetch may add to the headers it is given.
        } = { method: request.method, headers: { ...request.headers }, signal: controller.signal };
        if (request.body !== undefined) init.body = request.body;
        if (dispatcher) init.dispatcher = dispatcher;
        const url = request.search ? `${prefixUrl}${request.path}?${request.search}` : `${prefixUrl}${request.path}`;
        const response = await fetchImplementation(url, init as RequestInit);
        const text = await response.text();
        return { status: response.status, text, retryAfter: response.headers.get('retry-after') };
      } catch (error) {
        throw timedOut ? new ZeroAttemptTimeoutError() : error;
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      }
    },
    async close() {},
  };
}

import { registerSecret, type WireEvent } from '@pomerium-unified/core';
import ky, { isHTTPError } from 'ky';
import { tokenExchangeError, toPomeriumError, ZeroResponseShapeError, zeroHttpError } from './errors.js';
import { createFetchTransport } from './fetch-transport.js';
import { createNodeHttpTransport } from './node-http-transport.js';
import { TokenManager, type ZeroTokenResponse } from './token-manager.js';
import type { ResolvedZeroBackendOptions } from './zero-options.js';
import { ZeroAttemptTimeoutError, type ZeroTransport } from './zero-transport.js';
import { parseZeroTokenResponse } from './zero-wire-schemas.js';

/** What a backend call tells the HTTP layer about itself. */
export interface ZeroCallContext {
  /** The client operation, e.g. `routes.get`: in errors and wire events. */
  operation: string;
  /** The caller's signal (the client combines it with the call's deadline). */
  signal?: AbortSignal | undefined;
  /** The client's attempt number (1-based). */
  attempt?: number | undefined;
  /** Receives one event before and one after each wire request. */
  onWireEvent?: ((event: WireEvent) => void) | undefined;
}

/** One request of {@link ZeroHttpClient.request}. */
export interface ZeroRequest extends ZeroCallContext {
  /** HTTP method. */
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below `/api/v0/`, every segment already percent-encoded. */
  path: string;
  /** Query string without `?`. */
  search?: string | undefined;
  /** JSON body. */
  body?: unknown;
  /** The body is a JSON Patch carrying `test` operations (a 409/412 then means the precondition failed). */
  guarded?: boolean;
}

const unauthorized = Symbol('unauthorized');

/** How many id tokens are remembered for redaction (the current one and a few before it). */
const rememberedIdTokens = 4;

function abortedBeforeSending(request: ZeroCallContext, secrets: readonly string[]) {
  return toPomeriumError(new Error('aborted'), {
    operation: request.operation,
    signal: request.signal,
    secrets,
  });
}

/**
 * Waits for a shared promise (the token exchange, the organization lookup)
 * while honouring one caller's signal, without cancelling the shared work for
 * the other callers.
 */
export function waitWithSignal<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  onAbort: () => unknown,
): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(onAbort());
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(onAbort());
    signal.addEventListener('abort', abort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(error);
      },
    );
  });
}

/**
 * A `fetch` over a {@link ZeroTransport}, for ky's token exchange on the
 * adapter's own pool (so the exchange shares the pool's connections).
 */
function fetchOverTransport(transport: ZeroTransport, prefixUrl: string, timeoutMs: number): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const rest = request.url.startsWith(prefixUrl) ? request.url.slice(prefixUrl.length) : request.url;
    const query = rest.indexOf('?');
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const body = request.body ? await request.text() : undefined;
    const answer = await transport.send(
      {
        method: request.method,
        path: query < 0 ? rest : rest.slice(0, query),
        search: query < 0 ? '' : rest.slice(query + 1),
        headers,
        body,
      },
      request.signal,
      timeoutMs,
    );
    const nullBody = answer.status === 204 || answer.status === 205 || answer.status === 304;
    return new Response(nullBody ? null : answer.text, {
      status: answer.status,
      headers: answer.retryAfter === null ? {} : { 'retry-after': answer.retryAfter },
    });
  };
}

/**
 * The HTTP layer of the Zero adapter. API calls go through a
 * {@link ZeroTransport}: by default `node:http(s)` on a bounded keep-alive pool
 * (`maxConnections`), or the user's `fetch` / the global fetch with the user's
 * undici dispatcher. Each attempt is bounded end to end (connect, headers,
 * body) by `timeoutMs` and by the caller's signal; the token exchange uses ky
 * over the same transport and bound. No automatic retries (the client
 * decides), the id token in the Authorization header, one renewal and resend
 * when a call answers 401, and every failure leaves as a redacted PomeriumError.
 */
export class ZeroHttpClient {
  /** The id token cache. */
  readonly tokens: TokenManager<ZeroCallContext>;
  readonly #prefixUrl: string;
  readonly #apiUserToken: string;
  readonly #timeoutMs: number;
  readonly #scheme: string;
  readonly #transport: ZeroTransport;
  /** The fetch ky uses for the token exchange (over the same connections as API calls). */
  readonly #tokenFetch: typeof globalThis.fetch;
  readonly #baseHeaders: Record<string, string>;
  readonly #idTokens: { idToken: string; unregister: () => void }[] = [];
  #headers: { idToken: string; headers: Record<string, string> } | undefined;
  readonly #unregisterApiUserToken: () => void;

  constructor(options: ResolvedZeroBackendOptions) {
    this.#prefixUrl = options.prefixUrl;
    this.#apiUserToken = options.apiUserToken;
    this.#unregisterApiUserToken = registerSecret(options.apiUserToken);
    this.#timeoutMs = options.timeoutMs;
    this.#scheme = options.authorizationScheme;
    if (options.fetch || options.dispatcher) {
      const userFetch = options.fetch;
      const dispatcher = userFetch ? undefined : options.dispatcher;
      this.#transport = createFetchTransport(options.prefixUrl, userFetch ?? globalThis.fetch, dispatcher);
      this.#tokenFetch =
        userFetch ?? ((input, init) => globalThis.fetch(input, { ...init, dispatcher } as unknown as RequestInit));
    } else {
      this.#transport = createNodeHttpTransport(options.prefixUrl, options.maxConnections);
      this.#tokenFetch = fetchOverTransport(this.#transport, options.prefixUrl, options.timeoutMs);
    }
    this.#baseHeaders = {
      ...this.#transport.headers,
      ...options.headers,
      accept: 'application/json',
      'user-agent': options.userAgent,
    };
    this.tokens = new TokenManager<ZeroCallContext>({
      exchange: (context) => this.#exchangeToken(context),
      now: options.now,
    });
  }

  /** The credentials redacted from every error: the API user token and recent id tokens. */
  get secrets(): readonly string[] {
    return [this.#apiUserToken, ...this.#idTokens.map((entry) => entry.idToken)];
  }

  /**
   * Sends one API request with a valid id token and returns the parsed JSON
   * body (undefined for an empty body), not yet validated. On a 401 the id
   * token is renewed once and the request sent once more.
   */
  async request(request: ZeroRequest): Promise<unknown> {
    if (request.signal?.aborted) throw abortedBeforeSending(request, this.secrets);
    let idToken = this.tokens.cachedIdToken() ?? (await this.#idToken(request));
    const first = await this.#send(request, idToken, false);
    if (first !== unauthorized) return first;
    this.tokens.invalidate(idToken);
    idToken = await this.#idToken(request);
    return this.#send(request, idToken, true);
  }

  /** Closes the adapter's own connection pool (a user's fetch or dispatcher is left alone). */
  async close(): Promise<void> {
    this.tokens.clear();
    this.#headers = undefined;
    for (const entry of this.#idTokens.splice(0)) entry.unregister();
    this.#unregisterApiUserToken();
    await this.#transport.close();
  }

  async #send(request: ZeroRequest, idToken: string, final: boolean): Promise<unknown> {
    const { method, path, signal } = request;
    let headers = this.#headersFor(idToken);
    let body: string | undefined;
    if (request.body !== undefined) {
      body = JSON.stringify(request.body);
      headers = { ...headers, 'content-type': 'application/json' };
    }
    const onWireEvent = request.onWireEvent;
    const attempt = request.attempt ?? 1;
    const target = onWireEvent ? `/api/v0/${path}` : '';
    const started = onWireEvent ? performance.now() : 0;
    onWireEvent?.({ type: 'request', operation: request.operation, method, target, attempt });
    let status: number | undefined;
    try {
      const answer = await this.#transport.send(
        { method, path, search: request.search ?? '', headers, body },
        signal,
        this.#timeoutMs,
      );
      status = answer.status;
      if (status === 401 && !final) {
        onWireEvent?.({
          type: 'response',
          operation: request.operation,
          method,
          target,
          attempt,
          status,
          durationMs: performance.now() - started,
          errorCode: 'unauthenticated',
        });
        return unauthorized;
      }
      if (status < 200 || status > 299) {
        throw zeroHttpError(
          { method, path },
          { status, text: answer.text, retryAfter: answer.retryAfter },
          this.secrets,
        );
      }
      const value = answer.text === '' ? undefined : parseJson(answer.text);
      onWireEvent?.({
        type: 'response',
        operation: request.operation,
        method,
        target,
        attempt,
        status,
        durationMs: performance.now() - started,
      });
      return value;
    } catch (error) {
      const converted = toPomeriumError(error, {
        operation: request.operation,
        signal,
        timedOut: error instanceof ZeroAttemptTimeoutError,
        write: method !== 'GET',
        request: { method, path },
        secrets: this.secrets,
        guarded: request.guarded === true,
      });
      onWireEvent?.({
        type: 'response',
        operation: request.operation,
        method,
        target,
        attempt,
        ...(status !== undefined ? { status } : {}),
        durationMs: performance.now() - started,
        errorCode: converted.code,
      });
      throw converted;
    }
  }

  /** The headers of a request without a body, built once per id token (transports never change them). */
  #headersFor(idToken: string): Record<string, string> {
    const cached = this.#headers;
    if (cached?.idToken === idToken) return cached.headers;
    const headers = { ...this.#baseHeaders, authorization: `${this.#scheme} ${idToken}` };
    this.#headers = { idToken, headers };
    return headers;
  }

  #idToken(context: ZeroCallContext): Promise<string> {
    return waitWithSignal(
      this.tokens.getIdToken(context).catch((error: unknown) => {
        throw tokenExchangeError(error, { operation: context.operation, secrets: this.secrets });
      }),
      context.signal,
      () => abortedBeforeSending(context, this.secrets),
    );
  }

  /** The token exchange, bounded by `timeoutMs` end to end and by nothing a single caller controls. */
  async #exchangeToken(context: ZeroCallContext): Promise<ZeroTokenResponse> {
    const target = '/api/v0/token';
    const attempt = context.attempt ?? 1;
    const onWireEvent = context.onWireEvent;
    const started = performance.now();
    onWireEvent?.({ type: 'request', operation: context.operation, method: 'POST', target, attempt });
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.#timeoutMs);
    let status: number | undefined;
    try {
      const response = await ky.post(`${this.#prefixUrl}token`, {
        json: { refreshToken: this.#apiUserToken },
        headers: this.#baseHeaders,
        timeout: false,
        retry: 0,
        signal: controller.signal,
        fetch: this.#tokenFetch,
      });
      status = response.status;
      const text = await response.text();
      const value = parseZeroTokenResponse(parseJson(text));
      if (typeof value?.idToken === 'string' && value.idToken !== '') {
        // Registered with the core so every error and log line redacts it; the oldest ones are let go.
        this.#idTokens.unshift({ idToken: value.idToken, unregister: registerSecret(value.idToken) });
        for (const entry of this.#idTokens.splice(rememberedIdTokens)) entry.unregister();
      }
      onWireEvent?.({
        type: 'response',
        operation: context.operation,
        method: 'POST',
        target,
        attempt,
        status,
        durationMs: performance.now() - started,
      });
      return value;
    } catch (error) {
      let failure: unknown = error;
      if (isHTTPError(error)) {
        status = error.response.status;
        const text = await error.response.text().catch(() => '');
        failure = zeroHttpError(
          { method: 'POST', path: 'token' },
          { status, text, retryAfter: error.response.headers.get('retry-after') },
          this.secrets,
        );
      }
      const converted = tokenExchangeError(failure, {
        operation: context.operation,
        timedOut: timedOut || error instanceof ZeroAttemptTimeoutError,
        request: { method: 'POST', path: 'token' },
        secrets: this.secrets,
      });
      onWireEvent?.({
        type: 'response',
        operation: context.operation,
        method: 'POST',
        target,
        attempt,
        ...(status !== undefined ? { status } : {}),
        durationMs: performance.now() - started,
        errorCode: converted.code,
      });
      throw converted;
    } finally {
      clearTimeout(timer);
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ZeroResponseShapeError('the body is not valid JSON');
  }
}

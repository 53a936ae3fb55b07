import ky, { isHTTPError, type KyInstance } from 'ky';
import { readZeroHttpError, tokenExchangeError, toPomeriumError } from './errors.js';
import { TokenManager, type ZeroTokenResponse } from './token-manager.js';
import type { ResolvedZeroBackendOptions } from './zero-options.js';

/** Options of one {@link ZeroHttpClient.request}. */
export interface ZeroRequestOptions {
  /** Query parameters. */
  searchParams?: URLSearchParams;
  /** JSON body. */
  json?: unknown;
  /** Aborts the request. */
  signal?: AbortSignal | undefined;
}

/**
 * The HTTP layer of the Zero adapter, on ky: prefix `<apiUrl>/api/v0/`, the
 * timeout, no automatic retries (creates are not idempotent), the id token in
 * the Authorization header, and one refresh-and-retry when a call answers
 * 401. Every failure leaves as a PomeriumError.
 */
export class ZeroHttpClient {
  /** The id token cache. */
  readonly tokens: TokenManager;
  readonly #api: KyInstance;
  readonly #apiUserToken: string;

  constructor(options: ResolvedZeroBackendOptions) {
    this.#apiUserToken = options.apiUserToken;
    const scheme = options.authorizationScheme;
    this.#api = ky.create({
      prefixUrl: options.prefixUrl,
      timeout: options.timeoutMs,
      retry: 0,
      throwHttpErrors: true,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      headers: { accept: 'application/json' },
      hooks: {
        beforeRequest: [
          (request, requestOptions) => {
            const idToken = requestOptions.context.idToken;
            if (typeof idToken === 'string') request.headers.set('authorization', `${scheme} ${idToken}`);
          },
        ],
      },
    });
    this.tokens = new TokenManager({ exchange: () => this.#exchangeToken(), now: options.now });
  }

  /**
   * Sends one API request with a valid id token and returns the parsed JSON
   * body (undefined for an empty body). On a 401 the id token is renewed once
   * and the request sent once more.
   */
  async request<T>(method: string, path: string, options: ZeroRequestOptions = {}): Promise<T> {
    let idToken = await this.#idToken();
    try {
      return await this.#send<T>(method, path, options, idToken);
    } catch (error) {
      if (!isHTTPError(error) || error.response.status !== 401) {
        throw toPomeriumError(await readZeroHttpError(error, method, path), { signal: options.signal });
      }
      await error.response.body?.cancel().catch(() => undefined);
    }
    this.tokens.invalidate(idToken);
    idToken = await this.#idToken();
    try {
      return await this.#send<T>(method, path, options, idToken);
    } catch (error) {
      throw toPomeriumError(await readZeroHttpError(error, method, path), { signal: options.signal });
    }
  }

  async #send<T>(method: string, path: string, options: ZeroRequestOptions, idToken: string): Promise<T> {
    const response = await this.#api(path, {
      method,
      context: { idToken },
      ...(options.searchParams ? { searchParams: options.searchParams } : {}),
      ...(options.json !== undefined ? { json: options.json } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const text = await response.text();
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  async #exchangeToken(): Promise<ZeroTokenResponse> {
    try {
      return await this.#api.post('token', { json: { refreshToken: this.#apiUserToken } }).json<ZeroTokenResponse>();
    } catch (error) {
      throw tokenExchangeError(await readZeroHttpError(error, 'POST', 'token'));
    }
  }

  async #idToken(): Promise<string> {
    try {
      return await this.tokens.getIdToken();
    } catch (error) {
      throw tokenExchangeError(error);
    }
  }
}

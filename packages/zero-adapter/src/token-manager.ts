import { isRefusedApiUserToken, ZeroTokenResponseError } from './errors.js';

/** What `POST /api/v0/token` answers. */
export interface ZeroTokenResponse {
  /** The short-lived id token sent as the Authorization credential. */
  idToken: string;
  /** Lifetime in seconds, sent by Zero as a decimal JSON string such as `"3600"`. */
  expiresInSeconds: string | number;
}

/** Options of {@link TokenManager}. */
export interface TokenManagerOptions<Context = void> {
  /**
   * Performs the token exchange (`POST /api/v0/token` with the API user token).
   * It gets the context of the caller that started it (for reporting only: the
   * exchange is shared, so it must not follow that caller's signal).
   */
  exchange: (context: Context) => Promise<ZeroTokenResponse>;
  /** Clock in milliseconds. Default `Date.now`. */
  now?: () => number;
  /**
   * A cached id token is reused while more than this much lifetime remains;
   * for tokens living less than twice this margin, the margin is half the
   * lifetime (so a short-lived token is still reused). Default 60000 (one minute).
   */
  minimumRemainingMs?: number;
  /**
   * After Zero refused the API user token, calls fail with that refusal for
   * this long without a new exchange. Default 30000.
   */
  refusalHoldMs?: number;
}

/**
 * Parses Zero's `expiresInSeconds` (a JSON string of decimal digits; a number
 * is accepted too) into seconds. Throws on anything else.
 */
export function parseExpiresInSeconds(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return Math.floor(value);
  if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) return Number.parseInt(value, 10);
  throw new ZeroTokenResponseError('The Zero token exchange returned an invalid expiresInSeconds');
}

/**
 * Caches the id token obtained from the API user token and renews it without
 * storms: a cached token is used while more than the reuse margin of its
 * lifetime remains (measured from before the exchange was sent; the margin
 * scales down to half the lifetime for short-lived tokens), concurrent
 * callers share one exchange (single flight), a token the API refused is
 * dropped with {@link TokenManager.invalidate}, and a refused API user token
 * fails every waiting caller from one exchange and is held for a while instead
 * of being exchanged again per caller.
 */
export class TokenManager<Context = void> {
  readonly #exchange: (context: Context) => Promise<ZeroTokenResponse>;
  readonly #now: () => number;
  readonly #minimumRemainingMs: number;
  readonly #refusalHoldMs: number;
  #current: { idToken: string; refreshAt: number } | undefined;
  #pending: Promise<string> | undefined;
  #refusal: { error: unknown; until: number } | undefined;
  /** Exchanges performed (for tests and benchmarks). */
  exchanges = 0;

  constructor(options: TokenManagerOptions<Context>) {
    this.#exchange = options.exchange;
    this.#now = options.now ?? Date.now;
    this.#minimumRemainingMs = options.minimumRemainingMs ?? 60_000;
    this.#refusalHoldMs = options.refusalHoldMs ?? 30_000;
  }

  /** The cached id token when it is still fresh, without waiting; otherwise undefined. */
  cachedIdToken(): string | undefined {
    const current = this.#current;
    return current && this.#now() < current.refreshAt ? current.idToken : undefined;
  }

  /** A valid id token: the cached one, or a fresh one from a (shared) exchange. */
  getIdToken(context: Context): Promise<string> {
    const cached = this.cachedIdToken();
    if (cached !== undefined) return Promise.resolve(cached);
    const refusal = this.#refusal;
    if (refusal) {
      if (this.#now() < refusal.until) return Promise.reject(refusal.error);
      this.#refusal = undefined;
    }
    this.#pending ??= this.#refresh(context).finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /** Drops `idToken` if it is the cached one (the API answered 401 for it). */
  invalidate(idToken: string): void {
    if (this.#current?.idToken === idToken) this.#current = undefined;
  }

  /** Forgets the cached id token and any held refusal. */
  clear(): void {
    this.#current = undefined;
    this.#refusal = undefined;
  }

  async #refresh(context: Context): Promise<string> {
    const sentAt = this.#now();
    this.exchanges += 1;
    let response: ZeroTokenResponse;
    try {
      response = await this.#exchange(context);
    } catch (error) {
      if (isRefusedApiUserToken(error)) this.#refusal = { error, until: this.#now() + this.#refusalHoldMs };
      throw error;
    }
    if (typeof response?.idToken !== 'string' || response.idToken === '') {
      throw new ZeroTokenResponseError('The Zero token exchange returned no idToken');
    }
    const lifetimeMs = parseExpiresInSeconds(response.expiresInSeconds) * 1000;
    const margin = Math.min(this.#minimumRemainingMs, lifetimeMs / 2);
    this.#current = { idToken: response.idToken, refreshAt: sentAt + lifetimeMs - margin };
    return response.idToken;
  }
}

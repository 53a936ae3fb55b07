import { ZeroTokenResponseError } from './errors.js';

/** What `POST /api/v0/token` answers. */
export interface ZeroTokenResponse {
  /** The short-lived id token sent as the Authorization credential. */
  idToken: string;
  /** Lifetime in seconds, sent by Zero as a decimal JSON string such as `"3600"`. */
  expiresInSeconds: string | number;
}

/** Options of {@link TokenManager}. */
export interface TokenManagerOptions {
  /** Performs the token exchange (`POST /api/v0/token` with the API user token). */
  exchange: () => Promise<ZeroTokenResponse>;
  /** Clock in milliseconds. Default `Date.now`. */
  now?: () => number;
  /** A cached id token is reused only while more than this much lifetime remains. Default 60000 (one minute). */
  minimumRemainingMs?: number;
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
 * Caches the id token obtained from the API user token and renews it: a
 * cached token is used while more than a minute of its lifetime remains
 * (measured from before the exchange was sent), concurrent callers share one
 * exchange (single flight), and a token the API refused is dropped with
 * {@link TokenManager.invalidate} so the next caller fetches a new one.
 */
export class TokenManager {
  readonly #exchange: () => Promise<ZeroTokenResponse>;
  readonly #now: () => number;
  readonly #minimumRemainingMs: number;
  #current: { idToken: string; expiresAt: number } | undefined;
  #pending: Promise<string> | undefined;

  constructor(options: TokenManagerOptions) {
    this.#exchange = options.exchange;
    this.#now = options.now ?? Date.now;
    this.#minimumRemainingMs = options.minimumRemainingMs ?? 60_000;
  }

  /** A valid id token: the cached one, or a fresh one from a (shared) exchange. */
  getIdToken(): Promise<string> {
    const current = this.#current;
    if (current && current.expiresAt - this.#now() > this.#minimumRemainingMs) return Promise.resolve(current.idToken);
    this.#pending ??= this.#refresh().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  /** Drops `idToken` if it is the cached one (the API answered 401 for it). */
  invalidate(idToken: string): void {
    if (this.#current?.idToken === idToken) this.#current = undefined;
  }

  /** Forgets the cached id token. */
  clear(): void {
    this.#current = undefined;
  }

  async #refresh(): Promise<string> {
    const sentAt = this.#now();
    const response = await this.#exchange();
    if (typeof response?.idToken !== 'string' || response.idToken === '') {
      throw new ZeroTokenResponseError('The Zero token exchange returned no idToken');
    }
    const seconds = parseExpiresInSeconds(response.expiresInSeconds);
    this.#current = { idToken: response.idToken, expiresAt: sentAt + seconds * 1000 };
    return response.idToken;
  }
}

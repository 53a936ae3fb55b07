import { generateFakeZeroToken } from './generate-fake-zero-id.js';

/** An API user of the fake console: its long-lived token and the organizations it can see. */
export interface FakeZeroApiUser {
  /** The API user token (the `refreshToken` of the token exchange). */
  token: string;
  /** Organization ids or names the user can see; every organization when omitted. */
  organizations?: string[];
}

interface IdTokenRecord {
  apiUserToken: string;
  expiresAt: number;
}

interface ApiUserRecord {
  organizations: string[] | undefined;
  revoked: boolean;
}

/** The API users of the fake console and the id tokens issued for them, on the fake's clock. */
export class FakeZeroApiUsers {
  /** Lifetime of issued id tokens in seconds. */
  tokenTtlSeconds: number;

  readonly #apiUsers = new Map<string, ApiUserRecord>();
  readonly #idTokens = new Map<string, IdTokenRecord>();
  readonly #now: () => number;

  constructor(options: { tokenTtlSeconds: number; now: () => number }) {
    this.tokenTtlSeconds = options.tokenTtlSeconds;
    this.#now = options.now;
  }

  /** Adds an API user and returns its token. */
  add(apiUser: FakeZeroApiUser): string {
    this.#apiUsers.set(apiUser.token, { organizations: apiUser.organizations, revoked: false });
    return apiUser.token;
  }

  /** The tokens of every API user that is not revoked. */
  tokens(): string[] {
    return [...this.#apiUsers].filter(([, record]) => !record.revoked).map(([token]) => token);
  }

  /** Revokes an API user token: later exchanges fail and id tokens issued for it stop working. */
  revoke(token: string): void {
    const record = this.#apiUsers.get(token);
    if (record) record.revoked = true;
    for (const [idToken, issued] of this.#idTokens) {
      if (issued.apiUserToken === token) this.#idTokens.delete(idToken);
    }
  }

  /** Invalidates every id token issued so far. */
  expireIdTokens(): void {
    this.#idTokens.clear();
  }

  /** Exchanges an API user token for an id token; undefined when the token is unknown or revoked. */
  exchange(apiUserToken: string): { idToken: string; expiresInSeconds: number } | undefined {
    const user = this.#apiUsers.get(apiUserToken);
    if (!user || user.revoked) return undefined;
    const idToken = generateFakeZeroToken('zero_id_');
    this.#idTokens.set(idToken, { apiUserToken, expiresAt: this.#now() + this.tokenTtlSeconds * 1000 });
    return { idToken, expiresInSeconds: this.tokenTtlSeconds };
  }

  /** The API user behind a valid id token, or undefined when the token is unknown or expired. */
  authenticate(idToken: string): { organizations: string[] | undefined } | undefined {
    const issued = this.#idTokens.get(idToken);
    if (!issued) return undefined;
    if (issued.expiresAt <= this.#now()) {
      this.#idTokens.delete(idToken);
      return undefined;
    }
    const user = this.#apiUsers.get(issued.apiUserToken);
    if (!user || user.revoked) return undefined;
    return { organizations: user.organizations };
  }
}

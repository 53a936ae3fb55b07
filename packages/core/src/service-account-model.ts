import type { Secret } from './secret.js';

/** Backend-specific fields of a service account, keyed by backend name (see `RouteExtensions`). */
export interface ServiceAccountExtensions {
  [backend: string]: unknown;
}

/**
 * A service account: an identity that workloads use with a token. Neither
 * console gives it a name; across deployments it is matched by
 * {@link ServiceAccount.userId}. Its token is not part of the object: it is
 * returned once by `create()` (and by updates that issue one) and, where the
 * backend allows, by `getToken()`.
 */
export interface ServiceAccount {
  /** Backend-assigned id. */
  id: string;
  /**
   * The bare account name the account acts as. Enterprise returns it with a
   * `@<namespaceId>.pomerium` suffix, which adapters strip (see `bareServiceAccountUserId`).
   */
  userId: string;
  /** Free text ('' when none). */
  description: string;
  /** When the account stops working, RFC 3339; undefined: never. */
  expiresAt: string | undefined;
  /** The owning namespace (Enterprise); undefined on Zero, whose accounts belong to a cluster. */
  namespaceId: string | undefined;
  /** Free tag naming the tool that wrote the account. */
  originatorId: string | undefined;
  /** Creation time, RFC 3339 (Zero). */
  createdAt: string | undefined;
  /** Last modification time, RFC 3339 (Zero). */
  updatedAt: string | undefined;
  /** When the token was issued, RFC 3339 (Enterprise). */
  issuedAt: string | undefined;
  /** Last use, RFC 3339 (Enterprise). */
  accessedAt: string | undefined;
  /** Backend-specific fields. */
  extensions: ServiceAccountExtensions;
}

/** A service account together with the token a write issued (never persisted in the object). */
export interface IssuedServiceAccount {
  /** The account as stored. */
  serviceAccount: ServiceAccount;
  /**
   * The token the backend issued with this write: always set by `create()`; by
   * `update()` only where the wire returns one (Enterprise issues a new token on
   * every update). A redacting {@link Secret}: `token.reveal()` gives the text.
   */
  token: Secret | undefined;
}

/** Input of `client.serviceAccounts.create()`. */
export interface ServiceAccountCreateInput {
  /** The bare account name (no `@….pomerium` suffix). */
  userId: string;
  /** Free text. */
  description?: string;
  /** Expiry, RFC 3339; never expires when omitted. */
  expiresAt?: string;
  /** The owning namespace (Enterprise; Zero accounts belong to the backend's cluster). */
  namespaceId?: string;
  /** Free tag naming the writing tool. */
  originatorId?: string;
  /** Backend-specific fields. */
  extensions?: ServiceAccountExtensions;
}

/** Input of `client.serviceAccounts.update()`: keys left out keep their value; `expiresAt: null` removes the expiry. */
export interface ServiceAccountUpdatePatch {
  /** New free text. */
  description?: string;
  /** New expiry, RFC 3339, or null for none. */
  expiresAt?: string | null;
  /** Free tag naming the writing tool. */
  originatorId?: string;
  /** Backend-specific fields to merge. */
  extensions?: ServiceAccountExtensions;
}

/** Filters of a service-account list. */
export interface ServiceAccountListFilter {
  /** Only accounts of this namespace (Enterprise). Zero lists the accounts of its cluster and ignores it. */
  namespaceId?: string;
}

/**
 * The bare account name of a service account's user id: `userId` without a
 * trailing `@<namespaceId>.pomerium` (the suffix Enterprise adds in non-global
 * namespaces). With `namespaceId`, only that namespace's suffix is removed.
 *
 * @example
 * bareServiceAccountUserId('ci@ns-123.pomerium') // 'ci'
 */
export function bareServiceAccountUserId(userId: string, namespaceId?: string): string {
  if (namespaceId !== undefined && namespaceId !== '') {
    const suffix = `@${namespaceId}.pomerium`;
    return userId.endsWith(suffix) && userId.length > suffix.length ? userId.slice(0, -suffix.length) : userId;
  }
  const match = /^(.+)@[^@]+\.pomerium$/.exec(userId);
  return match?.[1] ?? userId;
}

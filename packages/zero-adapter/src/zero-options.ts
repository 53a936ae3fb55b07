import { PomeriumError, parseInput } from '@pomerium-unified/core';
import { z } from 'zod';

/** The Zero console used when `apiUrl` is omitted. */
export const defaultZeroApiUrl = 'https://console.pomerium.app';

/** The timeout of one HTTP request when `timeoutMs` is omitted. */
export const defaultZeroTimeoutMs = 30_000;

/** Options of `createZeroBackend()`. */
export interface ZeroBackendOptions {
  /**
   * Base URL of the Zero console; the adapter appends `/api/v0`.
   * Default `https://console.pomerium.app`.
   */
  apiUrl?: string;
  /**
   * The long-lived API user token (created under Settings → API Users in the
   * Zero console). It is only sent to `POST /api/v0/token` to obtain short-lived
   * id tokens, and it never appears in errors. Required.
   */
  apiUserToken: string;
  /**
   * Id of the organization to work in. Default: when neither this nor
   * `organizationName` is set and the token sees exactly one organization, that one.
   */
  organizationId?: string;
  /** Name of the organization to work in (exact match), as an alternative to `organizationId`. Default: see `organizationId`. */
  organizationName?: string;
  /**
   * Name or id of a cluster. When set, list calls without a `namespaceId` list
   * the cluster's namespace and everything below it. Default: the whole
   * organization (its root namespace and everything below it).
   */
  cluster?: string;
  /** Timeout of one HTTP request in milliseconds. Default 30000. */
  timeoutMs?: number;
  /** The fetch implementation to use (for proxies, tests or instrumentation). Default: the global `fetch`. */
  fetch?: typeof globalThis.fetch;
  /**
   * Scheme of the Authorization header sent with the id token. Zero's guide
   * uses `Bearer`; the official Go SDK sends `Pomerium`. Default `'Bearer'`.
   */
  authorizationScheme?: 'Bearer' | 'Pomerium';
  /** Clock in milliseconds used for id token expiry. Default `Date.now`. */
  now?: () => number;
}

/** {@link ZeroBackendOptions} after validation, with defaults filled in. */
export interface ResolvedZeroBackendOptions {
  /** Prefix of every request: `<apiUrl>/api/v0/`. */
  prefixUrl: string;
  /** The API user token. */
  apiUserToken: string;
  /** Organization id, when given. */
  organizationId: string | undefined;
  /** Organization name, when given. */
  organizationName: string | undefined;
  /** Cluster name or id, when given. */
  cluster: string | undefined;
  /** Timeout per request in milliseconds. */
  timeoutMs: number;
  /** The fetch implementation, when given. */
  fetch: typeof globalThis.fetch | undefined;
  /** Authorization scheme. */
  authorizationScheme: 'Bearer' | 'Pomerium';
  /** Clock in milliseconds. */
  now: () => number;
}

const nonEmpty = z.string().trim().min(1, 'must not be empty');

const zeroBackendOptionsSchema = z.strictObject({
  apiUrl: z
    .string()
    .refine((value) => {
      try {
        const url = new URL(value);
        return url.protocol === 'https:' || url.protocol === 'http:';
      } catch {
        return false;
      }
    }, 'must be an http(s) URL such as https://console.pomerium.app')
    .optional(),
  apiUserToken: z
    .string({ error: 'is required (the API user token from the Zero console)' })
    .min(1, 'must not be empty'),
  organizationId: nonEmpty.optional(),
  organizationName: nonEmpty.optional(),
  cluster: nonEmpty.optional(),
  timeoutMs: z.number().int().min(1).max(2_147_483_647).optional(),
  fetch: z.custom<typeof globalThis.fetch>((value) => typeof value === 'function', 'must be a function').optional(),
  authorizationScheme: z.enum(['Bearer', 'Pomerium']).optional(),
  now: z.custom<() => number>((value) => typeof value === 'function', 'must be a function').optional(),
});

/**
 * Validates the options of `createZeroBackend()` and fills in defaults. Throws
 * `invalid_argument` naming the field; values (the token in particular) are
 * never echoed.
 */
export function resolveZeroBackendOptions(options: ZeroBackendOptions): ResolvedZeroBackendOptions {
  if (typeof options !== 'object' || options === null) {
    throw new PomeriumError('createZeroBackend needs an options object with at least apiUserToken', {
      code: 'invalid_argument',
      backend: 'zero',
    });
  }
  const parsed = parseInput(zeroBackendOptionsSchema, options, 'Zero backend options');
  if (parsed.organizationId !== undefined && parsed.organizationName !== undefined) {
    throw new PomeriumError('Invalid Zero backend options: set organizationId or organizationName, not both', {
      code: 'invalid_argument',
      field: 'organizationName',
      backend: 'zero',
    });
  }
  const apiUrl = (parsed.apiUrl ?? defaultZeroApiUrl).replace(/\/+$/, '');
  return {
    prefixUrl: `${apiUrl}/api/v0/`,
    apiUserToken: parsed.apiUserToken,
    organizationId: parsed.organizationId,
    organizationName: parsed.organizationName,
    cluster: parsed.cluster,
    timeoutMs: parsed.timeoutMs ?? defaultZeroTimeoutMs,
    fetch: parsed.fetch,
    authorizationScheme: parsed.authorizationScheme ?? 'Bearer',
    now: parsed.now ?? Date.now,
  };
}

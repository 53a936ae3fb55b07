import { PomeriumError, parseInput } from '@pomerium-unified/core';
import * as z from 'zod';

/** The Zero console used when `apiUrl` is omitted. */
export const defaultZeroApiUrl = 'https://console.pomerium.app';

/** The time bound of one HTTP request attempt (connect, headers and body) when `timeoutMs` is omitted. */
export const defaultZeroTimeoutMs = 30_000;

/** The number of keep-alive connections the adapter's own pool opens to the console when `maxConnections` is omitted. */
export const defaultZeroMaxConnections = 16;

/** The `User-Agent` sent when `userAgent` is omitted. */
export const defaultZeroUserAgent = 'pomerium-unified-zero-adapter';

/**
 * An undici dispatcher (an `Agent`, `Pool`, `ProxyAgent`, …), as the global
 * `fetch` accepts it; typed structurally so the adapter needs no undici
 * dependency.
 */
export interface ZeroDispatcher {
  dispatch(...args: never[]): unknown;
}

/** Options of `createZeroBackend()`. */
export interface ZeroBackendOptions {
  /**
   * Base URL of the Zero console; the adapter appends `/api/v0` (a URL that
   * already ends in `/api/v0` is accepted as is). `http://` is refused except to
   * a loopback address unless `allowInsecureHttp` is true; credentials in the URL
   * are refused. Default `https://console.pomerium.app`.
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
  /**
   * Time bound of one HTTP request attempt in milliseconds, end to end:
   * connecting, the response headers and the whole body (a server that stalls
   * or trickles the body is cut at this bound). It applies to the token
   * exchange too. Default 30000.
   */
  timeoutMs?: number;
  /**
   * The fetch implementation to use (proxies, tests, instrumentation). A
   * user-supplied fetch keeps control of its own connections
   * (`maxConnections` and `dispatcher` are then ignored). Default: none; the
   * adapter sends through `node:http`/`node:https` on its own keep-alive pool.
   */
  fetch?: typeof globalThis.fetch;
  /** Extra headers sent with every request (never `Authorization`, which the adapter sets). Default none. */
  headers?: Record<string, string>;
  /** The `User-Agent` header. Default `pomerium-unified-zero-adapter`. */
  userAgent?: string;
  /**
   * Maximum number of keep-alive connections of the adapter's own pool (a
   * `node:http` keep-alive `Agent`): concurrent calls beyond it wait for a free
   * connection. Default 16.
   */
  maxConnections?: number;
  /**
   * An undici dispatcher to send requests through (a proxy agent, a custom
   * pool) with the global `fetch`, instead of the adapter's own pool; the
   * adapter does not close it. Default: the adapter's own pool.
   */
  dispatcher?: ZeroDispatcher;
  /** Allows `http://` to a host other than loopback (the API user token then travels in cleartext). Default false. */
  allowInsecureHttp?: boolean;
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
  /** Time bound of one request attempt in milliseconds. */
  timeoutMs: number;
  /** The fetch implementation, when given. */
  fetch: typeof globalThis.fetch | undefined;
  /** Extra headers (lower-cased names). */
  headers: Record<string, string>;
  /** The User-Agent header. */
  userAgent: string;
  /** Size of the adapter's own connection pool. */
  maxConnections: number;
  /** The user's dispatcher, when given. */
  dispatcher: ZeroDispatcher | undefined;
  /** Authorization scheme. */
  authorizationScheme: 'Bearer' | 'Pomerium';
  /** Clock in milliseconds. */
  now: () => number;
}

const nonEmpty = z.string().trim().min(1, 'must not be empty');

/** True for a value no HTTP client sends in a header: a control character other than tab, or a character beyond Latin-1. */
function hasControlCharacter(value: string): boolean {
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f || code > 0xff) return true;
  }
  return false;
}

const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const forbiddenHeaders = new Set(['authorization', 'content-length', 'host', 'transfer-encoding', 'connection']);

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || /^127(?:\.\d{1,3}){3}$/.test(host) || host === '::1';
}

const zeroBackendOptionsSchema = z.strictObject({
  apiUrl: z
    .string()
    .superRefine((value, context) => {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        context.addIssue({ code: 'custom', message: 'must be an http(s) URL such as https://console.pomerium.app' });
        return;
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        context.addIssue({ code: 'custom', message: 'must be an http(s) URL such as https://console.pomerium.app' });
      } else if (url.username !== '' || url.password !== '') {
        context.addIssue({ code: 'custom', message: 'must not carry credentials (user:password@); pass apiUserToken' });
      } else if (url.search !== '' || url.hash !== '') {
        context.addIssue({ code: 'custom', message: 'must not carry a query string or fragment' });
      }
    })
    .optional(),
  apiUserToken: z
    .string({ error: 'is required (the API user token from the Zero console)' })
    .min(1, 'must not be empty')
    .refine((value) => !/[\r\n]/.test(value), 'must be a single line'),
  organizationId: nonEmpty.optional(),
  organizationName: nonEmpty.optional(),
  cluster: nonEmpty.optional(),
  timeoutMs: z.number().int().min(1).max(2_147_483_647).optional(),
  headers: z
    .record(
      z.string().regex(headerName, 'must be a valid header name'),
      z
        .string()
        .refine(
          (value) => !hasControlCharacter(value),
          'must not contain line breaks, control characters or characters beyond Latin-1',
        ),
    )
    .refine(
      (value) => Object.keys(value).every((name) => !forbiddenHeaders.has(name.toLowerCase())),
      'must not set Authorization, Host, Connection, Content-Length or Transfer-Encoding',
    )
    .optional(),
  userAgent: z
    .string()
    .min(1, 'must not be empty')
    .refine((value) => !/[\r\n\0]/.test(value), 'must not contain line breaks')
    .optional(),
  maxConnections: z.number().int().min(1).max(65_536).optional(),
  allowInsecureHttp: z.boolean().optional(),
  authorizationScheme: z.enum(['Bearer', 'Pomerium']).optional(),
});

/** The options that hold functions or objects with behaviour, checked apart from the plain-data ones. */
function takeBehaviourOptions(options: ZeroBackendOptions): {
  data: Record<string, unknown>;
  fetch: typeof globalThis.fetch | undefined;
  now: (() => number) | undefined;
  dispatcher: ZeroDispatcher | undefined;
} {
  let data: Record<string, unknown>;
  let fetch: unknown;
  let now: unknown;
  let dispatcher: unknown;
  try {
    ({ fetch, now, dispatcher, ...data } = options as unknown as Record<string, unknown>);
  } catch {
    throw invalidOption('the options object could not be read', 'options');
  }
  if (fetch !== undefined && typeof fetch !== 'function') throw invalidOption('fetch: must be a function', 'fetch');
  if (now !== undefined && typeof now !== 'function') throw invalidOption('now: must be a function', 'now');
  if (
    dispatcher !== undefined &&
    (typeof dispatcher !== 'object' ||
      dispatcher === null ||
      typeof (dispatcher as ZeroDispatcher).dispatch !== 'function')
  ) {
    throw invalidOption('dispatcher: must be an undici Dispatcher', 'dispatcher');
  }
  return {
    data,
    fetch: fetch as typeof globalThis.fetch | undefined,
    now: now as (() => number) | undefined,
    dispatcher: dispatcher as ZeroDispatcher | undefined,
  };
}

function invalidOption(message: string, field: string): PomeriumError {
  return new PomeriumError(`Invalid Zero backend options: ${message}`, {
    code: 'invalid_argument',
    field,
    backend: 'zero',
  });
}

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
  const behaviour = takeBehaviourOptions(options);
  const parsed = parseInput(zeroBackendOptionsSchema, behaviour.data, 'Zero backend options', 'options');
  if (parsed.organizationId !== undefined && parsed.organizationName !== undefined) {
    throw invalidOption('set organizationId or organizationName, not both', 'organizationName');
  }
  const url = new URL(parsed.apiUrl ?? defaultZeroApiUrl);
  if (url.protocol === 'http:' && !isLoopback(url.hostname) && parsed.allowInsecureHttp !== true) {
    throw invalidOption(
      'apiUrl uses http:// to a host other than loopback, which would send the API user token in cleartext; use https:// or set allowInsecureHttp: true',
      'apiUrl',
    );
  }
  const base = url.href.replace(/\/+$/, '').replace(/\/api\/v0$/, '');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed.headers ?? {})) headers[name.toLowerCase()] = value;
  return {
    prefixUrl: `${base}/api/v0/`,
    apiUserToken: parsed.apiUserToken,
    organizationId: parsed.organizationId,
    organizationName: parsed.organizationName,
    cluster: parsed.cluster,
    timeoutMs: parsed.timeoutMs ?? defaultZeroTimeoutMs,
    fetch: behaviour.fetch,
    headers,
    userAgent: parsed.userAgent ?? defaultZeroUserAgent,
    maxConnections: parsed.maxConnections ?? defaultZeroMaxConnections,
    dispatcher: behaviour.dispatcher,
    authorizationScheme: parsed.authorizationScheme ?? 'Bearer',
    now: behaviour.now ?? Date.now,
  };
}
